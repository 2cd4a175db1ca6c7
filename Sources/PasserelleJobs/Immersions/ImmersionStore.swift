import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

package struct ImmersionRecord: Sendable, Equatable {
    package var id: UUID
    package var prescriberOrganisationID: UUID
    package var personID: UUID?
    package var firstName: String
    package var lastName: String
    package var beneficiaryEmail: String
    package var hostName: String
    package var hostSiret: String?
    package var hostContact: String
    package var hostEmail: String
    package var tutorName: String
    package var tutorRole: String?
    package var romeTitle: Int
    package var romeCode: String
    package var objective: String
    package var communeCode: String
    package var startsOn: String
    package var endsOn: String
    package var weeklyHours: Double
    package var dailyHours: Double?
    package var schedule: String
    package var previousDays: Int
    package var renewal: Int
    package var state: ImmersionState
    package var version: Int
    package var beneficiarySignedAt: Date?
    package var hostSignedAt: Date?
    package var prescriberSignedAt: Date?
    package var prescriberSignedBy: String?
    package var validatedAt: Date?
    package var closingReason: String?
    package var attendance: String?
    package var skillsObserved: String?
    package var endedInHiring: Bool?
    package var hiringContract: String?
    package var assessmentComment: String?
    package var assessedAt: Date?
    package var createdBy: String
    package var createdAt: Date
    package var updatedAt: Date

    package var fullName: String { "\(firstName) \(lastName)" }

    package func signedAt(_ party: ImmersionParty) -> Date? {
        switch party {
        case .beneficiary: beneficiarySignedAt
        case .host: hostSignedAt
        case .prescriber: prescriberSignedAt
        }
    }

    package var signed: Set<ImmersionParty> { Set(ImmersionParty.allCases.filter { signedAt($0) != nil }) }
    package var lifecycle: ImmersionLifecycle.Agreement { .init(state: state, signed: signed, lastDay: endsOn) }
    /// Where each party's signature link is mailed; the team signs from its space.
    package func address(of party: ImmersionParty) -> String? {
        switch party {
        case .beneficiary: beneficiaryEmail
        case .host: hostEmail
        case .prescriber: nil
        }
    }
}

/// The immersion agreements' table: the one place that reads and writes it.
package enum ImmersionStore {
    private static func column(_ party: ImmersionParty) -> String {
        switch party {
        case .beneficiary: "beneficiary_signed_at"
        case .host: "host_signed_at"
        case .prescriber: "prescriber_signed_at"
        }
    }

    package static func create(_ checked: ImmersionDraft.Checked, prescriber: UUID, person: UUID?, by author: String, on database: any Database,
                               now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await database.sql.insert(into: "immersion_agreements")
            .columns("id", "prescriber_organisation_id", "person_id", "first_name", "last_name", "beneficiary_email", "host_name", "host_siret", "host_contact",
                     "host_email", "tutor_name", "tutor_role", "rome_title", "rome_code", "objective", "commune_code", "starts_on", "ends_on", "weekly_hours",
                     "daily_hours", "schedule", "previous_days", "renewal", "state", "version", "created_by", "created_at", "updated_at")
            .values(SQLBind(id), SQLBind(prescriber), SQLBind(person), SQLBind(checked.firstName), SQLBind(checked.lastName), SQLBind(checked.beneficiaryEmail),
                    SQLBind(checked.hostName), SQLBind(checked.hostSiret), SQLBind(checked.hostContact), SQLBind(checked.hostEmail), SQLBind(checked.tutorName),
                    SQLBind(checked.tutorRole), SQLBind(checked.rome.code), SQLBind(checked.rome.job), SQLBind(checked.objective.code), SQLBind(checked.communeCode),
                    SQLBind(checked.terms.start), SQLBind(checked.terms.end), SQLBind(checked.terms.weeklyHours), SQLBind(checked.terms.dailyHours),
                    SQLBind(checked.schedule), SQLBind(checked.terms.previousDays), SQLBind(checked.terms.renewal), SQLBind(ImmersionState.draft.rawValue),
                    SQLBind(1), SQLBind(author), SQLBind(now), SQLBind(now))
            .run()
        return id
    }

    /// New terms: the version grows and the signatures given are void (`state` as the lifecycle says).
    package static func update(_ id: UUID, to checked: ImmersionDraft.Checked, state: ImmersionState, from version: Int, was: ImmersionState,
                               on database: any Database, now: Date = Date()) async throws -> Bool {
        try await !database.sql.update("immersion_agreements")
            .set("first_name", to: SQLBind(checked.firstName)).set("last_name", to: SQLBind(checked.lastName))
            .set("beneficiary_email", to: SQLBind(checked.beneficiaryEmail)).set("host_name", to: SQLBind(checked.hostName))
            .set("host_siret", to: SQLBind(checked.hostSiret)).set("host_contact", to: SQLBind(checked.hostContact)).set("host_email", to: SQLBind(checked.hostEmail))
            .set("tutor_name", to: SQLBind(checked.tutorName)).set("tutor_role", to: SQLBind(checked.tutorRole)).set("rome_title", to: SQLBind(checked.rome.code))
            .set("rome_code", to: SQLBind(checked.rome.job)).set("objective", to: SQLBind(checked.objective.code)).set("commune_code", to: SQLBind(checked.communeCode))
            .set("starts_on", to: SQLBind(checked.terms.start)).set("ends_on", to: SQLBind(checked.terms.end)).set("weekly_hours", to: SQLBind(checked.terms.weeklyHours))
            .set("daily_hours", to: SQLBind(checked.terms.dailyHours)).set("schedule", to: SQLBind(checked.schedule))
            .set("previous_days", to: SQLBind(checked.terms.previousDays)).set("renewal", to: SQLBind(checked.terms.renewal))
            .set("state", to: SQLBind(state.rawValue)).set("version", to: SQLBind(version + 1))
            .set("beneficiary_signed_at", to: SQLLiteral.null).set("host_signed_at", to: SQLLiteral.null).set("prescriber_signed_at", to: SQLLiteral.null)
            .set("prescriber_signed_by", to: SQLLiteral.null).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version)).where("state", .equal, SQLBind(was.rawValue))
            .returning("id").all().isEmpty
    }

    package static func agreement(_ id: UUID, on database: any Database) async throws -> ImmersionRecord? {
        try await database.sql.select().column("*").from("immersion_agreements").where("id", .equal, SQLBind(id))
            .first(decoding: Row.self, table: "immersion_agreements", keys: .snakeCaseColumns)?.record
    }

    /// One page of the agreements of the teams `organisations`, the most recently changed first.
    package static func list(of organisations: [UUID], state: ImmersionState?, offset: Int, limit: Int, on database: any Database) async throws -> (items: [ImmersionRecord], total: Int) {
        guard !organisations.isEmpty else { return ([], 0) }
        var count = database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("immersion_agreements")
            .where("prescriber_organisation_id", .in, SQLBind.group(organisations))
        var rows = database.sql.select().column("*").from("immersion_agreements").where("prescriber_organisation_id", .in, SQLBind.group(organisations))
        if let state {
            count = count.where("state", .equal, SQLBind(state.rawValue))
            rows = rows.where("state", .equal, SQLBind(state.rawValue))
        }
        let total = try await count.first(decodingColumn: "n", as: Int.self) ?? 0
        let items = try await rows.orderBy("updated_at", .descending).orderBy("id").limit(limit).offset(offset)
            .all(decoding: Row.self, table: "immersion_agreements", keys: .snakeCaseColumns).map(\.record)
        return (items, total)
    }

    /// Records `party`'s signature on `version` while the agreement waits for it; false when the
    /// version changed, the party signed already, or the agreement left « à signer ».
    package static func sign(_ id: UUID, party: ImmersionParty, version: Int, by name: String?, at now: Date, on database: any Database) async throws -> Bool {
        var update = database.sql.update("immersion_agreements").set(column(party), to: SQLBind(now)).set("updated_at", to: SQLBind(now))
        if party == .prescriber { update = update.set("prescriber_signed_by", to: SQLBind(name)) }
        return try await !update.where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version))
            .where("state", .equal, SQLBind(ImmersionState.toSign.rawValue)).where(column(party), .is, SQLLiteral.null)
            .returning("id").all().isEmpty
    }

    /// Moves an agreement whose three signatures are all there to « signée »; false while one is
    /// missing. Judged on the row, so that two last signatures at once still complete it.
    package static func completeSignatures(_ id: UUID, version: Int, at now: Date, on database: any Database) async throws -> Bool {
        try await !database.sql.update("immersion_agreements").set("state", to: SQLBind(ImmersionState.signed.rawValue)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("version", .equal, SQLBind(version)).where("state", .equal, SQLBind(ImmersionState.toSign.rawValue))
            .where("beneficiary_signed_at", .isNot, SQLLiteral.null).where("host_signed_at", .isNot, SQLLiteral.null)
            .where("prescriber_signed_at", .isNot, SQLLiteral.null)
            .returning("id").all().isEmpty
    }

    /// Moves the agreement from `from` to `to` on `version`; false when someone moved it first.
    package static func move(_ id: UUID, from: ImmersionState, to: ImmersionState, version: Int, reason: String? = nil, at now: Date,
                             on database: any Database) async throws -> Bool {
        var update = database.sql.update("immersion_agreements").set("state", to: SQLBind(to.rawValue)).set("updated_at", to: SQLBind(now))
        if to == .validated { update = update.set("validated_at", to: SQLBind(now)) }
        if let reason { update = update.set("closing_reason", to: SQLBind(reason)) }
        return try await !update.where("id", .equal, SQLBind(id)).where("state", .equal, SQLBind(from.rawValue)).where("version", .equal, SQLBind(version))
            .returning("id").all().isEmpty
    }

    /// What waits for a team: agreements signed by all three to validate, and validated ones
    /// ended before `today` whose assessment is to do.
    package static func attention(of organisation: UUID, today: String, on database: any Database) async throws -> (toValidate: Int, toAssess: Int) {
        struct Row: Decodable { var validate: Int; var assess: Int }
        let row = try await database.sql.raw("""
            SELECT COALESCE(SUM(CASE WHEN state = \(bind: ImmersionState.signed.rawValue) THEN 1 ELSE 0 END), 0) AS validate,
              COALESCE(SUM(CASE WHEN state = \(bind: ImmersionState.validated.rawValue) AND ends_on < \(bind: today) THEN 1 ELSE 0 END), 0) AS assess
            FROM immersion_agreements WHERE prescriber_organisation_id = \(bind: organisation)
            """).first(decoding: Row.self)
        return (row?.validate ?? 0, row?.assess ?? 0)
    }

    package static func assess(_ id: UUID, _ assessment: ImmersionAssessment, at now: Date, on database: any Database) async throws -> Bool {
        try await !database.sql.update("immersion_agreements")
            .set("state", to: SQLBind(ImmersionState.assessed.rawValue)).set("attendance", to: SQLBind(assessment.attendance.rawValue))
            .set("skills_observed", to: SQLBind(BarList.join(assessment.skillsObserved))).set("ended_in_hiring", to: SQLBind(assessment.endedInHiring))
            .set("hiring_contract", to: SQLBind(assessment.hiringContract)).set("assessment_comment", to: SQLBind(assessment.comment))
            .set("assessed_at", to: SQLBind(now)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("state", .equal, SQLBind(ImmersionState.validated.rawValue)).returning("id").all().isEmpty
    }

    private struct Row: Decodable {
        var id: UUID
        var prescriberOrganisationId: UUID
        var personId: UUID?
        var firstName: String
        var lastName: String
        var beneficiaryEmail: String
        var hostName: String
        var hostSiret: String?
        var hostContact: String
        var hostEmail: String
        var tutorName: String
        var tutorRole: String?
        var romeTitle: Int
        var romeCode: String
        var objective: String
        var communeCode: String
        var startsOn: String
        var endsOn: String
        var weeklyHours: Double
        var dailyHours: Double?
        var schedule: String
        var previousDays: Int
        var renewal: Int
        var state: ImmersionState
        var version: Int
        var beneficiarySignedAt: Date?
        var hostSignedAt: Date?
        var prescriberSignedAt: Date?
        var prescriberSignedBy: String?
        var validatedAt: Date?
        var closingReason: String?
        var attendance: String?
        var skillsObserved: String?
        var endedInHiring: Bool?
        var hiringContract: String?
        var assessmentComment: String?
        var assessedAt: Date?
        var createdBy: String
        var createdAt: Date
        var updatedAt: Date

        var record: ImmersionRecord {
            ImmersionRecord(
                id: id, prescriberOrganisationID: prescriberOrganisationId, personID: personId, firstName: firstName, lastName: lastName,
                beneficiaryEmail: beneficiaryEmail, hostName: hostName, hostSiret: hostSiret, hostContact: hostContact, hostEmail: hostEmail, tutorName: tutorName,
                tutorRole: tutorRole, romeTitle: romeTitle, romeCode: romeCode, objective: objective, communeCode: communeCode, startsOn: startsOn, endsOn: endsOn,
                weeklyHours: weeklyHours, dailyHours: dailyHours, schedule: schedule, previousDays: previousDays, renewal: renewal, state: state, version: version,
                beneficiarySignedAt: beneficiarySignedAt, hostSignedAt: hostSignedAt, prescriberSignedAt: prescriberSignedAt, prescriberSignedBy: prescriberSignedBy,
                validatedAt: validatedAt, closingReason: closingReason, attendance: attendance, skillsObserved: skillsObserved, endedInHiring: endedInHiring,
                hiringContract: hiringContract, assessmentComment: assessmentComment, assessedAt: assessedAt, createdBy: createdBy, createdAt: createdAt,
                updatedAt: updatedAt)
        }
    }
}
