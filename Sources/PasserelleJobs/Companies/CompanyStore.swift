import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import SQLKit

/// A company as its page shows it: the organisation's name, SIRET and commune, and what the
/// company says of itself (nil fields before it first wrote its page).
package struct CompanyRecord: Sendable, Equatable {
    package var id: UUID
    package var name: String
    package var siret: String?
    package var communeCode: String?
    package var verified: Bool
    package var page: Page?

    package struct Page: Sendable, Equatable {
        package var naf: String?
        package var size: CompanySize
        package var bridges: [CompanyBridge]
        package var immersionTitles: [Int]
        package var presentation: String?
        package var commitments: String?
        package var labels: [String]
        package var website: String?
        package var isPublic: Bool
        package var updatedAt: Date
    }

    package var isPublic: Bool { verified && page?.isPublic == true }
}

/// What the companies' list filters on: words of the name, activity or labels; bridges (all of
/// them); a département.
package struct CompanyQuery: Sendable, Equatable {
    package var words: [String] = []
    package var bridges: [CompanyBridge] = []
    package var departement: String?
    package var page = 1
    package var size = 20

    package init() {}
}

/// The companies' pages table: the one place that reads and writes it. The organisation's
/// identity (name, SIRET, commune, verification) comes from the accounts' queries.
package enum CompanyStore {
    private struct Row: Decodable {
        var organisationId: UUID
        var nafCode: String?
        var sizeBand: String
        var bridges: String
        var immersionTitles: String
        var presentation: String?
        var commitments: String?
        var labels: String
        var website: String?
        var isPublic: Bool
        var updatedAt: Date

        func page() throws -> CompanyRecord.Page {
            CompanyRecord.Page(
                naf: nafCode, size: try .stored(sizeBand, table: "company_pages", column: "size_band", id: organisationId),
                bridges: try bridges.split(separator: " ").map { try CompanyBridge.stored(String($0), table: "company_pages", column: "bridges", id: organisationId) },
                immersionTitles: immersionTitles.split(separator: " ").compactMap { Int($0) }, presentation: presentation, commitments: commitments,
                labels: labels.split(separator: "\n").map(String.init), website: website, isPublic: isPublic, updatedAt: updatedAt)
        }
    }

    private static func record(_ identity: OrganisationQueries.Identity, page: CompanyRecord.Page?) -> CompanyRecord {
        CompanyRecord(id: identity.id, name: identity.name, siret: identity.siret, communeCode: identity.communeCode,
                      verified: identity.verification == .verified, page: page)
    }

    /// A company organisation, with its page when it wrote one; nil for any other organisation.
    package static func company(_ id: UUID, on database: any Database) async throws -> CompanyRecord? {
        guard let identity = try await OrganisationQueries.identities(of: [id], on: database)[id], identity.kind == .company else { return nil }
        let row = try await database.sql.select().column("*").from("company_pages").where("organisation_id", .equal, SQLBind(id))
            .first(decoding: Row.self, table: "company_pages", keys: .snakeCaseColumns)
        return record(identity, page: try row?.page())
    }

    /// Writes the page (first time or again); `departement` is the commune's, for the list's filter.
    package static func save(_ checked: CompanyProfileDraft.Checked, company: CompanyRecord, departement: String?, nafLabel: String?, by author: String,
                             on database: any Database, now: Date = Date()) async throws {
        let key = SearchText.fold(([company.name, nafLabel ?? "", checked.presentation ?? ""] + checked.labels).joined(separator: " "))
        let values: [(String, any Encodable & Sendable)] = [
            ("naf_code", checked.naf), ("size_band", checked.size.rawValue), ("bridges", checked.bridges.map(\.rawValue).joined(separator: " ")),
            ("immersion_titles", checked.immersionTitles.map(String.init).joined(separator: " ")), ("presentation", checked.presentation),
            ("commitments", checked.commitments), ("labels", checked.labels.joined(separator: "\n")), ("website", checked.website),
            ("is_public", checked.isPublic), ("departement", departement), ("search_key", String(key.prefix(4_000))), ("updated_by", author), ("updated_at", now),
        ]
        // Within the caller's transaction, with its audit entry.
        let exists = try await database.sql.select().column("organisation_id").from("company_pages").where("organisation_id", .equal, SQLBind(company.id))
            .first() != nil
        if exists {
            var update = database.sql.update("company_pages")
            for (column, value) in values { update = update.set(SQLIdentifier(column), to: SQLBind(value)) }
            try await update.where("organisation_id", .equal, SQLBind(company.id)).run()
        } else {
            try await database.sql.insert(into: "company_pages").columns(["organisation_id"] + values.map(\.0))
                .values([SQLBind(company.id)] + values.map { SQLBind($0.1) }).run()
        }
    }

    /// The public pages of verified companies that answer `query`, by name; and how many there
    /// are. The pages are filtered here, the names and verifications read from the accounts, so
    /// the order and the page are made in memory: public company pages number in thousands.
    package static func search(_ query: CompanyQuery, on database: any Database) async throws -> (companies: [CompanyRecord], total: Int) {
        var conditions: [SQLQueryString] = ["is_public = \(bind: true)"]
        for word in query.words { conditions.append("search_key LIKE \(bind: "%" + word + "%")") }
        for bridge in query.bridges { conditions.append("(' ' || bridges || ' ') LIKE \(bind: "% " + bridge.rawValue + " %")") }
        if let departement = query.departement { conditions.append("departement = \(bind: departement)") }
        let rows = try await database.sql.raw("SELECT * FROM company_pages WHERE " + conditions.joined(separator: " AND ") + " LIMIT 20000")
            .all(decoding: Row.self, table: "company_pages", keys: .snakeCaseColumns)
        let identities = try await OrganisationQueries.identities(of: rows.map(\.organisationId), on: database)
        let found = try rows.compactMap { row -> CompanyRecord? in
            guard let identity = identities[row.organisationId], identity.kind == .company, identity.verification == .verified else { return nil }
            return record(identity, page: try row.page())
        }.sorted { ($0.name, $0.id.uuidString) < ($1.name, $1.id.uuidString) }
        let start = min((max(query.page, 1) - 1) * query.size, found.count)
        return (Array(found[start..<min(start + query.size, found.count)]), found.count)
    }
}
