import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// The journeys of a person: one per hiring, with its eligibility, approval or recognition, and
/// contracts. Written in one transaction with the timeline and the audit log.
package enum JourneyStore {
    package struct Journey: Sendable {
        package var id: UUID
        /// The structure that runs it: a person's record may have moved to another since.
        package var structureID: UUID
        package var structureKind: StructureKind
        package var state: JourneyState
        package var hiredOn: String
        package var diagnosis: HireDraft.Diagnosis?
        package var approvalEnd: String?
        package var recognition: HireDraft.RecognitionRecord?
        package var exit: ExitDraft.Checked?
        package var contracts: [ContractTerms]
    }

    private struct Row: Decodable {
        var id: UUID
        var structureId: UUID
        var structureKind: String
        var state: String
        var hiredOn: String
        var diagnosisDate: String?
        var diagnosisAuthor: String?
        var prescriber: String?
        var criteria: String?
        var proofs: String?
        var rulesVersion: String?
        var eligibility: String?
        var approvalEnd: String?
        var recognition: String?
        var recognitionFrom: String?
        var recognitionTo: String?
        var exitOn: String?
        var exitContract: String?
        var exitEmployer: String?
    }

    private struct ContractRow: Decodable {
        var journeyId: UUID
        var id: UUID
        var kind: String
        var startOn: String
        var endOn: String
        var weeklyHours: Double
        var exception: String?
    }

    package static func journeys(of person: UUID, on database: any Database) async throws -> [Journey] {
        let rows = try await database.sql.raw("""
            SELECT id, structure_id, structure_kind, state, hired_on, diagnosis_date, diagnosis_author, prescriber, criteria, proofs, rules_version, eligibility, approval_end,
                   recognition, recognition_from, recognition_to, exit_on, exit_contract, exit_employer
            FROM journeys WHERE person_id = \(bind: person) ORDER BY hired_on DESC, id
            """).all(decoding: Row.self, table: "journeys", keys: .convertFromSnakeCase)
        let contracts = try await database.sql.raw("""
            SELECT c.journey_id, c.id, c.kind, c.start_on, c.end_on, c.weekly_hours, c.exception FROM journey_contracts c
            JOIN journeys j ON j.id = c.journey_id WHERE j.person_id = \(bind: person) ORDER BY c.start_on
            """).all(decoding: ContractRow.self, table: "journey_contracts", keys: .convertFromSnakeCase)
        return try rows.map { row in
            var diagnosis: HireDraft.Diagnosis?
            if let day = row.diagnosisDate, let author = row.diagnosisAuthor {
                let proofs = try row.proofs.map { try JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:]
                diagnosis = HireDraft.Diagnosis(day: day, author: try .stored(author, table: "journeys", column: "diagnosis_author", id: row.id), prescriber: row.prescriber,
                                                criteria: BarList.split(row.criteria ?? ""), proofs: proofs, rulesVersion: row.rulesVersion ?? "",
                                                explanation: row.eligibility ?? "")
            }
            var recognition: HireDraft.RecognitionRecord?
            if let kind = row.recognition, let from = row.recognitionFrom {
                recognition = .init(kind: try .stored(kind, table: "journeys", column: "recognition", id: row.id), from: from, to: row.recognitionTo)
            }
            return Journey(
                id: row.id, structureID: row.structureId, structureKind: try .stored(row.structureKind, table: "journeys", column: "structure_kind", id: row.id),
                state: try .stored(row.state, table: "journeys", column: "state", id: row.id), hiredOn: row.hiredOn, diagnosis: diagnosis,
                approvalEnd: row.approvalEnd, recognition: recognition,
                exit: try row.exitOn.map { day in
                    ExitDraft.Checked(day: day, contract: try .stored(row.exitContract ?? "", table: "journeys", column: "exit_contract", id: row.id),
                                      employer: row.exitEmployer)
                },
                contracts: try contracts.filter { $0.journeyId == row.id }.map { contract in
                    ContractTerms(kind: try .stored(contract.kind, table: "journey_contracts", column: "kind", id: contract.id), start: contract.startOn,
                                  end: contract.endOn, weeklyHours: contract.weeklyHours, exception: contract.exception)
                }
            )
        }
    }

    /// Records a checked hiring: the journey opens and the person is in a journey.
    package static func hire(_ checked: HireDraft.Checked, person: UUID, structure: UUID, kind: StructureKind, by user: SignedInUser, address: String?,
                             on database: any Database) async throws -> UUID {
        let id = UUID(), now = Date()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let proofs = try checked.diagnosis.map { String(decoding: try encoder.encode($0.proofs), as: UTF8.self) }
        try await database.retryingTransaction { database in
            try await database.sql.insert(into: "journeys")
                .columns("id", "person_id", "structure_id", "structure_kind", "state", "hired_on", "diagnosis_date", "diagnosis_author", "prescriber", "criteria",
                         "proofs", "rules_version", "eligibility", "approval_end", "recognition", "recognition_from", "recognition_to", "created_at")
                .values(SQLBind(id), SQLBind(person), SQLBind(structure), SQLBind(kind.rawValue), SQLBind(JourneyState.open.rawValue), SQLBind(checked.hiredOn),
                        SQLBind(checked.diagnosis?.day), SQLBind(checked.diagnosis?.author.rawValue), SQLBind(checked.diagnosis?.prescriber),
                        SQLBind(checked.diagnosis.map { BarList.join($0.criteria) }), SQLBind(proofs), SQLBind(checked.diagnosis?.rulesVersion),
                        SQLBind(checked.diagnosis?.explanation), SQLBind(checked.approvalEnd), SQLBind(checked.recognition?.kind.rawValue),
                        SQLBind(checked.recognition?.from), SQLBind(checked.recognition?.to), SQLBind(now))
                .run()
            if let contract = checked.contract {
                try await database.sql.insert(into: "journey_contracts").columns("id", "journey_id", "kind", "start_on", "end_on", "weekly_hours", "exception", "created_at")
                    .values(SQLBind(UUID()), SQLBind(id), SQLBind(contract.kind.rawValue), SQLBind(contract.start), SQLBind(contract.end),
                            SQLBind(contract.weeklyHours), SQLBind(contract.exception), SQLBind(now)).run()
            }
            try await database.sql.update("people").set("state", to: SQLBind(PersonStage.inJourney.rawValue)).set("updated_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(person)).run()
            var summary = "Embauche en \(kind.acronym) le \(DateText.frenchDay(iso: checked.hiredOn))"
            if let diagnosis = checked.diagnosis { summary += " ; \(diagnosis.explanation)" }
            if let end = checked.approvalEnd { summary += " Agrément jusqu’au \(DateText.frenchDay(iso: end))." }
            try await PeopleStore.event(person: person, journey: id, kind: "embauche", summary: summary, actor: user.name, at: now, on: database)
            try await Audit.record(.journeyStarted, actorID: user.id, actor: user.email, object: "personne:\(person.uuidString.lowercased())", address: address, on: database)
        }
        return id
    }

    /// Adds a contract (a renewal, a new contract) to an open journey.
    package static func addContract(_ terms: ContractTerms, journey: UUID, person: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws {
        let now = Date()
        try await database.retryingTransaction { database in
            try await database.sql.insert(into: "journey_contracts").columns("id", "journey_id", "kind", "start_on", "end_on", "weekly_hours", "exception", "created_at")
                .values(SQLBind(UUID()), SQLBind(journey), SQLBind(terms.kind.rawValue), SQLBind(terms.start), SQLBind(terms.end),
                        SQLBind(terms.weeklyHours), SQLBind(terms.exception), SQLBind(now)).run()
            try await PeopleStore.event(person: person, journey: journey, kind: "contrat",
                                        summary: "Contrat du \(DateText.frenchDay(iso: terms.start)) au \(DateText.frenchDay(iso: terms.end)), \(ContractLength.hours(terms.weeklyHours)) par semaine.",
                                        actor: user.name, at: now, on: database)
            try await Audit.record(.personEdited, actorID: user.id, actor: user.email, object: "personne:\(person.uuidString.lowercased())", detail: "contrat",
                                   address: address, on: database)
        }
    }
}
