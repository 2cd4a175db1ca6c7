import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

package struct ApplicationRecord: Sendable, Equatable {
    package var id: UUID
    package var offerID: UUID
    package var employerOrganisationID: UUID
    package var applicantOrganisationID: UUID
    package var applicantUserID: UUID?
    package var personID: UUID?
    package var welcomedPersonID: UUID?
    package var firstName: String
    package var lastName: String
    package var phone: String?
    package var email: String?
    package var message: String
    package var state: JobApplicationState
    package var refusalReason: JobApplicationRefusal?
    package var employerNote: String?
    package var answeredBy: String?
    package var sentAt: Date
    package var changedAt: Date
    package var remindedAt: Date?
    package var closedAt: Date?
    package var anonymisedAt: Date?
    package var hire: Hire? = nil

    /// The hiring the employer confirmed on the accepted application, and when it reached the
    /// person's journey (`exitJourneyID`, the journey it closed).
    package struct Hire: Sendable, Equatable {
        package var day: String
        package var months: Int?
        package var confirmedBy: String
        package var settledAt: Date?
        package var exitJourneyID: UUID?
    }

    package var fullName: String { "\(firstName) \(lastName)" }
    /// The employer's mailed link answers until then.
    package var linkExpires: Date { sentAt.addingTimeInterval(Double(JobApplicationLifecycle.linkDays) * 86_400) }
}

/// The applications' table: the one place that reads and writes it. Who may call it for which
/// application, `ApplicationPolicy` decides in `ApplicationFlows`.
package enum ApplicationStore {
    /// An application with what its pages show of the offer and of both teams.
    package struct Listed: Sendable {
        package var application: ApplicationRecord
        package var offerTitle: String
        package var employerName: String
        package var employerStructure: UUID?
        package var contract: OfferContract
        package var offerAuthor: String
    }

    private struct Row: Decodable {
        var id: UUID
        var offerId: UUID
        var employerOrganisationId: UUID
        var applicantOrganisationId: UUID
        var applicantUserId: UUID?
        var personId: UUID?
        var welcomedPersonId: UUID?
        var firstName: String
        var lastName: String
        var phone: String?
        var email: String?
        var message: String
        var state: JobApplicationState
        var refusalReason: JobApplicationRefusal?
        var employerNote: String?
        var answeredBy: String?
        var sentAt: Date
        var changedAt: Date
        var remindedAt: Date?
        var closedAt: Date?
        var anonymisedAt: Date?
        var hiredOn: String?
        var hireMonths: Int?
        var hireConfirmedBy: String?
        var hireSettledAt: Date?
        var exitJourneyId: UUID?
        var offerTitle: String
        var employerName: String
        var structureId: UUID?
        var contract: OfferContract
        var createdBy: String

        var listed: Listed {
            Listed(application: ApplicationRecord(
                id: id, offerID: offerId, employerOrganisationID: employerOrganisationId, applicantOrganisationID: applicantOrganisationId,
                applicantUserID: applicantUserId, personID: personId, welcomedPersonID: welcomedPersonId, firstName: firstName, lastName: lastName,
                phone: phone, email: email, message: message, state: state, refusalReason: refusalReason, employerNote: employerNote,
                answeredBy: answeredBy, sentAt: sentAt, changedAt: changedAt, remindedAt: remindedAt, closedAt: closedAt, anonymisedAt: anonymisedAt,
                hire: hiredOn.map { ApplicationRecord.Hire(day: $0, months: hireMonths, confirmedBy: hireConfirmedBy ?? "", settledAt: hireSettledAt,
                                                           exitJourneyID: exitJourneyId) }),
                   offerTitle: offerTitle, employerName: employerName, employerStructure: structureId, contract: contract, offerAuthor: createdBy)
        }
    }

    private static let columns: SQLQueryString = """
        SELECT a.*, o.title AS offer_title, o.employer_name, o.structure_id, o.contract, o.created_by
        FROM job_applications a JOIN job_offers o ON o.id = a.offer_id
        """

    package static func insert(_ row: ApplicationRecord, on database: any Database) async throws {
        try await database.sql.insert(into: "job_applications")
            .columns("id", "offer_id", "employer_organisation_id", "applicant_organisation_id", "applicant_user_id", "person_id", "first_name", "last_name",
                     "phone", "email", "message", "state", "sent_at", "changed_at")
            .values(SQLBind(row.id), SQLBind(row.offerID), SQLBind(row.employerOrganisationID), SQLBind(row.applicantOrganisationID),
                    SQLBind(row.applicantUserID), SQLBind(row.personID), SQLBind(row.firstName), SQLBind(row.lastName), SQLBind(row.phone),
                    SQLBind(row.email), SQLBind(row.message), SQLBind(row.state.rawValue), SQLBind(row.sentAt), SQLBind(row.changedAt))
            .run()
    }

    package static func application(_ id: UUID, on database: any Database) async throws -> Listed? {
        try await database.sql.raw(columns + " WHERE a.id = \(bind: id)").first(decoding: Row.self, table: "job_applications", keys: .snakeCaseColumns)?.listed
    }

    /// Whether the person already has an open application to the offer, sent by the same team.
    package static func isOpen(offer: UUID, person: UUID?, firstName: String, lastName: String, applicant: UUID, on database: any Database) async throws -> Bool {
        let open = JobApplicationState.allCases.filter(\.isOpen).map(\.rawValue)
        var query = database.sql.select().column("id").from("job_applications").where("offer_id", .equal, SQLBind(offer))
            .where("applicant_organisation_id", .equal, SQLBind(applicant)).where("state", .in, SQLBind.group(open))
        if let person {
            query = query.where("person_id", .equal, SQLBind(person))
        } else {
            query = query.where(SQLFunction("lower", args: SQLColumn("first_name")), .equal, SQLBind(firstName.lowercased()))
                .where(SQLFunction("lower", args: SQLColumn("last_name")), .equal, SQLBind(lastName.lowercased()))
        }
        return try await query.first() != nil
    }

    package enum Side: Sendable {
        /// Received by these employers.
        case received([UUID])
        /// Sent by these teams.
        case sent([UUID])
    }

    /// One page of the applications received or sent, newest first; `state` narrows.
    package static func list(_ side: Side, state: JobApplicationState?, offset: Int, limit: Int, on database: any Database) async throws -> (items: [Listed], total: Int) {
        let (column, organisations): (String, [UUID]) = switch side {
        case .received(let ids): ("a.employer_organisation_id", ids)
        case .sent(let ids): ("a.applicant_organisation_id", ids)
        }
        guard !organisations.isEmpty else { return ([], 0) }
        var condition = SQLQueryString(" WHERE \(unsafeRaw: column) IN (") + organisations.map { "\(bind: $0)" as SQLQueryString }.joined(separator: ", ") + ")"
        if let state { condition = condition + " AND a.state = \(bind: state.rawValue)" }
        let total = try await database.sql.raw("SELECT COUNT(*) AS count FROM job_applications a" + condition).first(decodingColumn: "count", as: Int.self) ?? 0
        let items = try await database.sql.raw(columns + condition + " ORDER BY a.sent_at DESC, a.id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))")
            .all(decoding: Row.self, table: "job_applications", keys: .snakeCaseColumns).map(\.listed)
        return (items, total)
    }

    /// The applications to one offer, for its employer's page.
    package static func counts(ofOffer offer: UUID, on database: any Database) async throws -> [JobApplicationState: Int] {
        struct Row: Decodable { var state: JobApplicationState; var count: Int }
        let rows = try await database.sql.raw("SELECT state, COUNT(*) AS count FROM job_applications WHERE offer_id = \(bind: offer) GROUP BY state")
            .all(decoding: Row.self)
        return Dictionary(rows.map { ($0.state, $0.count) }, uniquingKeysWith: +)
    }

    /// The employers' applications not yet opened, for their workspace.
    package static func unopened(of organisations: [UUID], on database: any Database) async throws -> Int {
        guard !organisations.isEmpty else { return 0 }
        return try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("job_applications")
            .where("employer_organisation_id", .in, SQLBind.group(organisations)).where("state", .equal, SQLBind(JobApplicationState.new.rawValue))
            .first(decodingColumn: "count", as: Int.self) ?? 0
    }

    /// Moves the application from `from` to `to`; false when someone moved it first.
    package static func move(_ id: UUID, from: JobApplicationState, to: JobApplicationState, refusal: JobApplicationRefusal?, note: String?, by: String,
                             at now: Date, on database: any Database) async throws -> Bool {
        var update = database.sql.update("job_applications").set("state", to: SQLBind(to.rawValue)).set("changed_at", to: SQLBind(now))
            .set("answered_by", to: SQLBind(by))
        if let refusal { update = update.set("refusal_reason", to: SQLBind(refusal.rawValue)) }
        if let note { update = update.set("employer_note", to: SQLBind(note)) }
        if !to.isOpen { update = update.set("closed_at", to: SQLBind(now)) }
        return try await !update.where("id", .equal, SQLBind(id)).where("state", .equal, SQLBind(from.rawValue)).returning("id").all().isEmpty
    }

    /// Links the person's new record to the application; false when another sending linked one first.
    package static func markWelcomed(_ id: UUID, person: UUID, on database: any Database) async throws -> Bool {
        try await !database.sql.update("job_applications").set("welcomed_person_id", to: SQLBind(person)).where("id", .equal, SQLBind(id))
            .where("welcomed_person_id", .is, SQLLiteral.null).returning("id").all().isEmpty
    }

    /// Records the hiring on an accepted application; false when it is no longer accepted or
    /// someone confirmed it first.
    package static func confirmHire(_ id: UUID, _ hire: JobHireDraft.Checked, by: String, on database: any Database) async throws -> Bool {
        try await !database.sql.update("job_applications").set("hired_on", to: SQLBind(hire.day)).set("hire_months", to: SQLBind(hire.months))
            .set("hire_confirmed_by", to: SQLBind(by)).where("id", .equal, SQLBind(id)).where("state", .equal, SQLBind(JobApplicationState.accepted.rawValue))
            .where("hired_on", .is, SQLLiteral.null).returning("id").all().isEmpty
    }

    /// Marks the hiring as carried into the journey (`journey`, the one it closed, if any); false
    /// when it already was.
    package static func settleHire(_ id: UUID, journey: UUID?, at now: Date, on database: any Database) async throws -> Bool {
        try await !database.sql.update("job_applications").set("hire_settled_at", to: SQLBind(now)).set("exit_journey_id", to: SQLBind(journey))
            .where("id", .equal, SQLBind(id)).where("hire_settled_at", .is, SQLLiteral.null).returning("id").all().isEmpty
    }

    /// Confirmed hirings whose day has come and that no journey has seen yet.
    package static func hiresDue(today: String, limit: Int, on database: any Database) async throws -> [Listed] {
        try await database.sql.raw(columns + " WHERE a.hired_on IS NOT NULL AND a.hired_on <= \(bind: today) AND a.hire_settled_at IS NULL ORDER BY a.hired_on LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: Row.self, table: "job_applications", keys: .snakeCaseColumns).map(\.listed)
    }

    package static func markReminded(_ id: UUID, at now: Date, on database: any Database) async throws -> Bool {
        try await !database.sql.update("job_applications").set("reminded_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("reminded_at", .is, SQLLiteral.null).returning("id").all().isEmpty
    }

    /// Open applications last changed before `cutoff`: time's work on them.
    package static func open(changedBefore cutoff: Date, limit: Int, on database: any Database) async throws -> [Listed] {
        let open = JobApplicationState.allCases.filter(\.isOpen)
        let states = SQLQueryString("(") + open.map { "\(bind: $0.rawValue)" as SQLQueryString }.joined(separator: ", ") + ")"
        return try await database.sql.raw(columns + " WHERE a.state IN " + states + " AND a.changed_at <= \(bind: cutoff) ORDER BY a.changed_at LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: Row.self, table: "job_applications", keys: .snakeCaseColumns).map(\.listed)
    }

    /// Blanks the person's name, contact and the messages of applications closed before `closedBefore`.
    package static func anonymise(closedBefore: Date, at now: Date, on database: any Database) async throws -> Int {
        try await database.sql.update("job_applications")
            .set("first_name", to: SQLBind("Personne")).set("last_name", to: SQLBind("anonymisée"))
            .set("phone", to: SQLLiteral.null).set("email", to: SQLLiteral.null).set("message", to: SQLBind("(anonymisé)"))
            .set("employer_note", to: SQLLiteral.null).set("anonymised_at", to: SQLBind(now))
            .where("closed_at", .lessThanOrEqual, SQLBind(closedBefore)).where("anonymised_at", .is, SQLLiteral.null)
            .returning("id").all().count
    }
}
