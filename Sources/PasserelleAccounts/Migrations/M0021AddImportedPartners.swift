import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Partner organisations read from data·inclusion files (a mission locale, France Travail, an
/// association): known by their source and their id there, so that a second import updates them
/// and their services find them; with the SIRET and commune the file gives.
package struct M0021AddImportedPartners: AsyncMigration {
    package var name: String { "0021-add-imported-partners" }

    package func prepare(on database: any Database) async throws {
        // One column per statement: SQLite adds them one ALTER TABLE at a time.
        for field in ["source", "source_id", "siret", "commune_code"] {
            try await database.schema("organisations").field(.definition(name: .key(.string(field)), dataType: .string, constraints: [])).update()
        }
        try await database.sql.create(index: "organisations_by_source").unique().on("organisations").column("source").column("source_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.sql.drop(index: "organisations_by_source").run()
        for field in ["commune_code", "siret", "source_id", "source"] {
            try await database.schema("organisations").deleteField(.string(field)).update()
        }
    }
}
