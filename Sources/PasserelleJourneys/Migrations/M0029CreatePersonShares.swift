import Fluent
import PasserellePlatform
import SQLKit

/// A person's record shared with another structure, or transferred to it: who, when, until when
/// and why it ended. The rows stay once ended: they are the record of who could read what.
package struct M0029CreatePersonShares: AsyncMigration {
    package var name: String { "0029-create-person-shares" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("person_shares")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("from_structure_id", .uuid, .required, .references("structures", "id", onDelete: .restrict))
            .field("to_structure_id", .uuid, .required, .references("structures", "id", onDelete: .restrict))
            .field("kind", .string, .required)
            .field("state", .string, .required)
            .field("note", .string)
            .field("started_at", .datetime, .required)
            .field("started_by", .string, .required)
            .field("ended_at", .datetime)
            .field("ended_by", .string)
            .field("end_reason", .string)
            .create()
        try await database.sql.create(index: "person_shares_by_person").on("person_shares").column("person_id").run()
        try await database.sql.create(index: "person_shares_to").on("person_shares").column("to_structure_id").column("state").run()
        try await database.sql.create(index: "person_shares_from").on("person_shares").column("from_structure_id").column("state").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("person_shares").delete()
    }
}
