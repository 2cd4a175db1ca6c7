import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Claims of structures: who asked to manage which profile, and what was decided.
package struct M0011CreateClaims: AsyncMigration {
    package var name: String { "0011-create-claims" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("claims")
            .id()
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("message", .string, .required)
            .field("created_at", .datetime, .required)
            .field("decided_at", .datetime)
            .field("decided_by", .string)
            .field("decision_reason", .string)
            .create()
        try await database.sql.create(index: "claims_status").on("claims").column("status").run()
        try await database.sql.create(index: "claims_user_structure").on("claims").column("user_id").column("structure_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("claims").delete()
    }
}
