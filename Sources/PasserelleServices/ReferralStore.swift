import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Referrals in the database. Every read that returns a person's data goes through here; the
/// callers decide rights with `Policy` and record the read in the audit log.
/// A referral as stored: the person, the referent, the answer. Its fields are the columns of
/// `referrals`, camel-cased (`StoredColumnName`).
package struct ReferralRecord: Codable, Sendable {
    package var id: UUID
    package var serviceID: UUID
    package var referrerOrganisationID: UUID
    package var referrerUserID: UUID?
    package var referentName: String
    package var referentPhone: String?
    package var personFirstName: String
    package var personLastName: String
    package var personPhone: String?
    package var personEmail: String?
    package var contactPreference: ContactPreference
    /// The publics (data·inclusion's vocabulary) as a `BarList`.
    package var publics: String
    package var situation: String?
    package var criteriaChecked: Bool
    package var availability: String?
    package var reason: String
    package var state: ReferralState
    package var refusalReason: RefusalReason?
    package var refusalDetails: String?
    package var answeredBy: String?
    package var sentAt: Date
    package var remindedAt: Date?
    package var closedAt: Date?
    package var anonymisedAt: Date?
    /// The person's and the service's names, folded for the search.
    package var searchKey: String

    package static func searchKey(person: String, service: String) -> String { SearchText.fold(person + " " + service) }

    package var personName: String { "\(personFirstName) \(personLastName)" }
    package var expiresAt: Date { ReferralLifecycle.expiresAt(sentAt: sentAt) }
}

package enum ReferralStore {
    /// A referral with the names the lists show.
    package struct Listed: Decodable, Sendable {
        package var referral: ReferralRecord
        package var serviceName: String
        package var providerName: String
        package var referrerName: String

        /// The referrer's name is the accounts' to give: `named` fills it in.
        package init(from decoder: any Decoder) throws {
            referral = try ReferralRecord(from: decoder)
            let names = try decoder.container(keyedBy: Names.self)
            serviceName = try names.decode(String.self, forKey: .serviceName)
            providerName = try names.decode(String.self, forKey: .providerName)
            referrerName = ""
        }

        private enum Names: String, CodingKey { case serviceName, providerName }
    }

    private static let columns: [String] = ["id", "service_id", "referrer_organisation_id", "referrer_user_id", "referent_name", "referent_phone",
                                    "person_first_name", "person_last_name", "person_phone", "person_email", "contact_preference", "publics",
                                    "situation", "criteria_checked", "availability", "reason", "state", "refusal_reason", "refusal_details",
                                    "answered_by", "sent_at", "reminded_at", "closed_at", "anonymised_at", "search_key"]

    private static var selectListed: String {
        "SELECT " + columns.map { "r.\($0)" }.joined(separator: ", ")
            + ", s.name AS service_name, s.provider_name AS provider_name"
            + " FROM referrals r JOIN services s ON s.id = r.service_id"
    }

    private static func named(_ items: [Listed], on database: any Database) async throws -> [Listed] {
        let names = try await OrganisationQueries.names(of: items.map(\.referral.referrerOrganisationID), on: database)
        return items.map { item in
            var item = item
            item.referrerName = names[item.referral.referrerOrganisationID] ?? ""
            return item
        }
    }

    package static func insert(_ referral: ReferralRecord, on database: any Database) async throws {
        try await database.sql.insert(into: "referrals").model(referral, keyEncodingStrategy: .snakeCaseColumns, nilEncodingStrategy: .asNil).run()
    }

    package static func referral(_ id: UUID, on database: any Database) async throws -> Listed? {
        guard let item = try await database.sql.raw(SQLQueryString(selectListed + " WHERE r.id = ") + "\(bind: id)").first(decoding: Listed.self, table: "referrals",
            keys: .snakeCaseColumns) else { return nil }
        return try await named([item], on: database).first
    }

    /// Which side of the referrals a list shows.
    package enum Side: String, CaseIterable, Sendable {
        case sent = "envoyees"
        case received = "recues"

        package var label: String { self == .sent ? "Envoyées" : "Reçues" }
    }

    /// What a user's lists may contain: the organisations they refer for, and the services they
    /// answer for.
    package struct Reach: Sendable {
        package var organisations: [UUID]
        package var structures: [UUID]

        package static func of(_ user: UUID, on database: any Database) async throws -> Reach {
            let memberships = try await OrganisationQueries.memberships(of: user, on: database)
            return Reach(organisations: memberships.map(\.organisationID),
                         structures: memberships.filter { $0.kind == .structure }.compactMap(\.structureID))
        }
    }

    package struct Filter: Sendable, Equatable {
        package var side: Side = .received
        package var state: ReferralState?
        package var service: UUID?
        /// Only those answered or expired since then.
        package var closedSince: Date?
        /// Words of the person's name or of the service's name, accents ignored.
        package var words = ""
        package var page = 1
        package var size = 20
    }

    package struct Page: Sendable {
        package var items: [Listed]
        package var total: Int
    }

    /// The one query behind the pages, the CSV and the API's lists.
    package static func list(_ filter: Filter, reach: Reach, on database: any Database) async throws -> Page {
        let sql = database.sql
        var conditions: [SQLQueryString] = []
        switch filter.side {
        case .sent:
            conditions.append(bound("r.referrer_organisation_id", reach.organisations))
        case .received:
            let byOrganisation = bound("s.organisation_id", reach.organisations)
            let byStructure = bound("s.structure_id", reach.structures)
            conditions.append("(" + byOrganisation + " OR " + byStructure + ")")
        }
        if let state = filter.state { conditions.append("r.state = \(bind: state.rawValue)") }
        if let service = filter.service { conditions.append("r.service_id = \(bind: service)") }
        if let since = filter.closedSince { conditions.append("r.closed_at >= \(bind: since)") }
        for word in SearchText.words(filter.words).prefix(5) {
            conditions.append("r.search_key LIKE \(bind: "%" + word + "%")")
        }
        let whereClause = SQLQueryString(" WHERE ") + conditions.joined(separator: " AND ")
        struct Count: Decodable { var count: Int }
        let total = try await sql.raw("SELECT COUNT(*) AS count FROM referrals r JOIN services s ON s.id = r.service_id" + whereClause)
            .first(decoding: Count.self)?.count ?? 0
        let items = try await sql.raw(SQLQueryString(selectListed) + whereClause
            + " ORDER BY r.sent_at DESC, r.id LIMIT \(unsafeRaw: String(filter.size)) OFFSET \(unsafeRaw: String((max(filter.page, 1) - 1) * filter.size))")
            .all(decoding: Listed.self, table: "referrals", keys: .snakeCaseColumns)
        return Page(items: try await named(items, on: database), total: total)
    }

    private static func bound(_ column: String, _ ids: [UUID]) -> SQLQueryString {
        guard let first = ids.first else { return "1 = 0" }
        var text = SQLQueryString(column + " IN (") + "\(bind: first)"
        for id in ids.dropFirst() { text = text + ", \(bind: id)" }
        return text + ")"
    }

    /// Writes the answer if the referral is still open; returns false when someone answered first.
    package static func close(_ id: UUID, as state: ReferralState, refusal: RefusalReason?, details: String?, by: String?, at now: Date, on database: any Database) async throws -> Bool {
        let updated = try await database.sql.update("referrals")
            .set("state", to: SQLBind(state.rawValue)).set("refusal_reason", to: SQLBind(refusal?.rawValue)).set("refusal_details", to: SQLBind(details))
            .set("answered_by", to: SQLBind(by)).set("closed_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("state", .equal, SQLBind(ReferralState.open.rawValue))
            .returning("id").all()
        return !updated.isEmpty
    }

    /// Open referrals sent before `before`, oldest first.
    package static func open(sentBefore before: Date, limit: Int, on database: any Database) async throws -> [Listed] {
        try await named(database.sql.raw(SQLQueryString(selectListed)
            + " WHERE r.state = \(bind: ReferralState.open.rawValue) AND r.sent_at <= \(bind: before) ORDER BY r.sent_at LIMIT \(unsafeRaw: String(limit))")
            .all(decoding: Listed.self, table: "referrals", keys: .snakeCaseColumns), on: database)
    }

    package static func markReminded(_ id: UUID, at now: Date, on database: any Database) async throws -> Bool {
        !(try await database.sql.update("referrals").set("reminded_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).where("reminded_at", .is, SQLLiteral.null).returning("id").all()).isEmpty
    }

    /// Blanks the person's data of referrals closed before `closedBefore`; what happened stays.
    package static func anonymise(closedBefore: Date, at now: Date, on database: any Database) async throws -> Int {
        try await database.sql.update("referrals")
            .set("person_first_name", to: SQLBind("Personne")).set("person_last_name", to: SQLBind("anonymisée"))
            .set("person_phone", to: SQLLiteral.null).set("person_email", to: SQLLiteral.null).set("situation", to: SQLLiteral.null)
            .set("availability", to: SQLLiteral.null).set("reason", to: SQLBind("(anonymisé)")).set("refusal_details", to: SQLLiteral.null)
            .set("anonymised_at", to: SQLBind(now)).set("search_key", to: SQLBind(""))
            .where("closed_at", .lessThanOrEqual, SQLBind(closedBefore)).where("anonymised_at", .is, SQLLiteral.null)
            .returning("id").all().count
    }
}
