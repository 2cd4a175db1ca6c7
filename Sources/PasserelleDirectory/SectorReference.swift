import Fluent
import PasserelleCore
import PasserellePlatform
import SQLKit

/// The sector taxonomy: `sectors.csv` has one row per sector, its group repeated on each.
package enum SectorReference {
    package static let files: [ReferenceFile] = [
        ReferenceFile(file: "sectors.csv", table: "sector_groups", columns: ["slug", "name", "position"], allRows: { rows in
            var seen = Set<String>()
            return rows.compactMap { row -> (String, String)? in
                guard let slug = row["group_slug"], let name = row["group_name"], seen.insert(slug).inserted else { return nil }
                return (slug, name)
            }.enumerated().map { position, group in [group.0, group.1, position] }
        }),
        ReferenceFile(file: "sectors.csv", table: "sectors", columns: ["slug", "name", "group_slug", "position"], allRows: { rows in
            rows.compactMap { row -> (String, String, String)? in
                guard let slug = row["sector_slug"], let name = row["sector_name"], let group = row["group_slug"] else { return nil }
                return (slug, name, group)
            }.enumerated().map { position, sector in [sector.0, sector.1, sector.2, position] }
        }),
    ]

    package static func taxonomy(on database: any Database) async throws -> SectorTaxonomy {
        struct Row: Decodable { var slug: String; var name: String; var groupSlug: String; var groupName: String }
        let sql = database.sql
        let rows = try await sql.raw("""
            SELECT s.slug AS slug, s.name AS name, s.group_slug AS group_slug, g.name AS group_name
            FROM sectors s JOIN sector_groups g ON g.slug = s.group_slug ORDER BY g.position, s.position
            """).all(decoding: Row.self, table: "sectors", keys: .snakeCaseColumns)
        return SectorTaxonomy(rows: rows.map { ($0.groupSlug, $0.groupName, $0.slug, $0.name) })
    }
}
