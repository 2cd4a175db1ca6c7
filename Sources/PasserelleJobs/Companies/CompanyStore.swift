import Fluent
import Foundation
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

/// The companies' pages table: the one place that reads and writes it.
package enum CompanyStore {
    private struct Row: Decodable {
        var id: UUID
        var name: String
        var siret: String?
        var communeCode: String?
        var verification: String
        var nafCode: String?
        var sizeBand: String?
        var bridges: String?
        var immersionTitles: String?
        var presentation: String?
        var commitments: String?
        var labels: String?
        var website: String?
        var isPublic: Bool?
        var updatedAt: Date?

        func record() throws -> CompanyRecord {
            var page: CompanyRecord.Page?
            if let sizeBand, let updatedAt {
                let size: CompanySize = try .stored(sizeBand, table: "company_pages", column: "size_band", id: id)
                page = .init(naf: nafCode, size: size, bridges: (bridges ?? "").split(separator: " ").compactMap { CompanyBridge(rawValue: String($0)) },
                             immersionTitles: (immersionTitles ?? "").split(separator: " ").compactMap { Int($0) }, presentation: presentation,
                             commitments: commitments, labels: (labels ?? "").split(separator: "\n").map(String.init), website: website,
                             isPublic: isPublic ?? false, updatedAt: updatedAt)
            }
            return CompanyRecord(id: id, name: name, siret: siret, communeCode: communeCode, verified: verification == OrganisationVerification.verified.rawValue,
                                 page: page)
        }
    }

    private static let columns = """
        o.id, o.name, o.siret, o.commune_code, o.verification, c.naf_code, c.size_band, c.bridges, c.immersion_titles, c.presentation, c.commitments, \
        c.labels, c.website, c.is_public, c.updated_at
        """

    /// A company organisation, with its page when it wrote one; nil for any other organisation.
    package static func company(_ id: UUID, on database: any Database) async throws -> CompanyRecord? {
        try await database.sql.raw("""
            SELECT \(unsafeRaw: columns) FROM organisations o LEFT JOIN company_pages c ON c.organisation_id = o.id
            WHERE o.id = \(bind: id) AND o.kind = \(bind: OrganisationKind.company.rawValue)
            """).first(decoding: Row.self, table: "organisations", keys: .snakeCaseColumns)?.record()
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

    /// The public pages of verified companies that answer `query`, by name; and how many there are.
    package static func search(_ query: CompanyQuery, on database: any Database) async throws -> (companies: [CompanyRecord], total: Int) {
        var conditions: [SQLQueryString] = [
            "c.is_public = \(bind: true)", "o.verification = \(bind: OrganisationVerification.verified.rawValue)", "o.kind = \(bind: OrganisationKind.company.rawValue)",
        ]
        for word in query.words { conditions.append("c.search_key LIKE \(bind: "%" + word + "%")") }
        for bridge in query.bridges { conditions.append("(' ' || c.bridges || ' ') LIKE \(bind: "% " + bridge.rawValue + " %")") }
        if let departement = query.departement { conditions.append("c.departement = \(bind: departement)") }
        let clause = SQLQueryString(" WHERE ") + conditions.joined(separator: " AND ")
        let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM company_pages c JOIN organisations o ON o.id = c.organisation_id" + clause)
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let rows = try await database.sql.raw("SELECT \(unsafeRaw: columns) FROM company_pages c JOIN organisations o ON o.id = c.organisation_id" + clause
            + " ORDER BY o.name, o.id LIMIT \(unsafeRaw: String(query.size)) OFFSET \(unsafeRaw: String((max(query.page, 1) - 1) * query.size))")
            .all(decoding: Row.self, table: "company_pages", keys: .snakeCaseColumns)
        return (try rows.map { try $0.record() }, total)
    }
}
