import Fluent
import PasserellePlatform

/// The two-level sector taxonomy.
package struct M0003CreateSectors: AsyncMigration {
    package var name: String { "0003-create-sectors" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("sector_groups")
            .field("slug", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("position", .int, .required)
            .create()
        try await database.schema("sectors")
            .field("slug", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("group_slug", .string, .required)
            .field("position", .int, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("sectors").delete()
        try await database.schema("sector_groups").delete()
    }
}
