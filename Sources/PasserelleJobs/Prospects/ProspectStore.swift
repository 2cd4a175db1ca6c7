import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

package struct ProspectRecord: Sendable, Equatable {
    package var id: UUID
    package var organisationID: UUID
    package var company: String
    package var siret: String?
    package var communeCode: String?
    package var contact: String?
    package var stage: ProspectStage
    package var nextStep: String?
    package var nextStepOn: String?
    package var ownerUserID: UUID?
    package var notes: String
    package var updatedAt: Date
}

/// The prospected companies' table: the one place that reads and writes it.
package enum ProspectStore {
    private struct Row: Decodable {
        var id: UUID
        var organisationId: UUID
        var company: String
        var siret: String?
        var communeCode: String?
        var contact: String?
        var stage: ProspectStage
        var nextStep: String?
        var nextStepOn: String?
        var ownerUserId: UUID?
        var notes: String
        var updatedAt: Date

        var record: ProspectRecord {
            ProspectRecord(id: id, organisationID: organisationId, company: company, siret: siret, communeCode: communeCode, contact: contact, stage: stage,
                           nextStep: nextStep, nextStepOn: nextStepOn, ownerUserID: ownerUserId, notes: notes, updatedAt: updatedAt)
        }
    }

    package static func create(_ checked: ProspectDraft.Checked, team: UUID, on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await database.sql.insert(into: "company_prospects")
            .columns("id", "organisation_id", "company", "siret", "commune_code", "contact", "stage", "next_step", "next_step_on", "owner_user_id", "notes",
                     "created_at", "updated_at")
            .values(SQLBind(id), SQLBind(team), SQLBind(checked.company), SQLBind(checked.siret), SQLBind(checked.communeCode), SQLBind(checked.contact),
                    SQLBind(checked.stage.rawValue), SQLBind(checked.nextStep), SQLBind(checked.nextStepOn), SQLBind(checked.owner), SQLBind(checked.notes),
                    SQLBind(now), SQLBind(now))
            .run()
        return id
    }

    package static func update(_ id: UUID, to checked: ProspectDraft.Checked, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("company_prospects")
            .set("company", to: SQLBind(checked.company)).set("siret", to: SQLBind(checked.siret)).set("commune_code", to: SQLBind(checked.communeCode))
            .set("contact", to: SQLBind(checked.contact)).set("stage", to: SQLBind(checked.stage.rawValue)).set("next_step", to: SQLBind(checked.nextStep))
            .set("next_step_on", to: SQLBind(checked.nextStepOn)).set("owner_user_id", to: SQLBind(checked.owner)).set("notes", to: SQLBind(checked.notes))
            .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
    }

    package static func prospect(_ id: UUID, on database: any Database) async throws -> ProspectRecord? {
        try await database.sql.select().column("*").from("company_prospects").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, table: "company_prospects", keys: .snakeCaseColumns)?.record
    }

    /// The team's board, the nearest next steps first.
    package static func board(of team: UUID, on database: any Database) async throws -> [ProspectRecord] {
        try await database.sql.raw("""
            SELECT * FROM company_prospects WHERE organisation_id = \(bind: team)
            ORDER BY CASE WHEN next_step_on IS NULL THEN 1 ELSE 0 END, next_step_on, company LIMIT 1000
            """).all(decoding: Row.self, table: "company_prospects", keys: .snakeCaseColumns).map(\.record)
    }

    /// The team's next steps due by `today` on relationships still open.
    package static func due(of team: UUID, today: String, on database: any Database) async throws -> Int {
        let open = ProspectStage.allCases.filter { !$0.isOutcome }.map(\.rawValue)
        return try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("company_prospects")
            .where("organisation_id", .equal, SQLBind(team)).where("stage", .in, SQLBind.group(open)).where("next_step_on", .lessThanOrEqual, SQLBind(today))
            .first(decodingColumn: "n", as: Int.self) ?? 0
    }
}
