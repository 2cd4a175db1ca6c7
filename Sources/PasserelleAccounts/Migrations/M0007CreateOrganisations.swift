import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Organisations (of every kind of DESIGN.md) and the memberships that tie users to them.
package struct M0007CreateOrganisations: AsyncMigration {
    package var name: String { "0007-create-organisations" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("kind", .string, .required)
            .field("name", .string, .required)
            // An inclusive structure's organisation is its directory record.
            .field("structure_id", .uuid, .references("structures", "id", onDelete: .setNull))
            // Perimeter tokens (`departement:59 region:32`) for facilitators and stewards.
            .field("territory", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "structure_id")
            .create()
        try await database.schema("memberships")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("role", .string, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "user_id", "organisation_id")
            .create()
        try await database.sql.create(index: "memberships_organisation").on("memberships").column("organisation_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("memberships").delete()
        try await database.schema("organisations").delete()
    }
}
