import Fluent

/// Key-value rows that instances share: the directory revision, the versions of reference data.
package struct M0001CreatePlatformState: AsyncMigration {
    package var name: String { "0001-create-platform-state" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("platform_state")
            .field("key", .string, .identifier(auto: false))
            .field("value", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("platform_state").delete()
    }
}
