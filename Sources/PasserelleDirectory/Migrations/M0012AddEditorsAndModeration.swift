import Fluent
import PasserellePlatform

/// Profiles edited by people: the history keeps which account made each change (the public sees
/// the role, entitled people the name); and profiles the platform team or a steward hides.
package struct M0012AddEditorsAndModeration: AsyncMigration {
    package var name: String { "0012-add-editors-and-moderation" }

    package func prepare(on database: any Database) async throws {
        // One column per statement: SQLite alters a table one column at a time.
        try await database.schema("structure_changes").field("user_id", .uuid).update()
        try await database.schema("structures").field("hidden_at", .datetime).update()
        try await database.schema("structures").field("hidden_reason", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("structures").deleteField("hidden_reason").update()
        try await database.schema("structures").deleteField("hidden_at").update()
        try await database.schema("structure_changes").deleteField("user_id").update()
    }
}
