import Fluent
import PasserelleDirectory
import PasserellePlatform

/// A deleted account stays as a pseudonym, so that memberships and the audit log keep their
/// meaning without keeping the person.
package struct M0009AddUserDeletion: AsyncMigration {
    package var name: String { "0009-add-user-deletion" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("users").field("deleted_at", .datetime).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("deleted_at").update()
    }
}
