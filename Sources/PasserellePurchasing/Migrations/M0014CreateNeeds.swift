import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Purchasing needs and the record of their transitions. What a need says is kept as columns
/// where lists filter on it (sectors, clause kinds, départements and régions touched, written
/// `|a|b|` so that `LIKE '%|a|%'` finds one value) and as JSON for its lots, clauses and questions.
/// Organisations get the flag that lets their needs be published without moderation.
package struct M0014CreateNeeds: AsyncMigration {
    package var name: String { "0014-create-needs" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("needs")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("description", .string, .required)
            .field("sectors", .string, .required)
            .field("service_types", .string, .required)
            .field("kinds", .string, .required)
            .field("clause_kinds", .string, .required)
            .field("location", .string)
            .field("departements", .string, .required)
            .field("regions", .string, .required)
            .field("accepts_national", .bool, .required)
            .field("amount", .string, .required)
            .field("deadline", .datetime)
            .field("starts_on", .datetime)
            .field("contact_name", .string)
            .field("contact_email", .string)
            .field("contact_phone", .string)
            .field("answer_channel", .string)
            .field("answer_address", .string)
            .field("document", .string, .required)
            .field("insertion_hours", .int, .required)
            .field("state", .string, .required)
            .field("refusal_message", .string)
            .field("published_at", .datetime)
            .field("closed_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("need_events")
            .id()
            .field("need_id", .uuid, .required, .references("needs", "id", onDelete: .cascade))
            .field("from_state", .string)
            .field("to_state", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("actor", .string, .required)
            .field("message", .string)
            .field("at", .datetime, .required)
            .create()
        try await database.schema("organisations")
            .field("trusted_buyer", .bool, .required, .sql(.default(false)))
            .update()
        let sql = database.sql
        try await sql.create(index: "needs_state").on("needs").column("state").column("published_at").run()
        try await sql.create(index: "needs_organisation").on("needs").column("organisation_id").run()
        try await sql.create(index: "need_events_need").on("need_events").column("need_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("organisations").deleteField("trusted_buyer").update()
        try await database.schema("need_events").delete()
        try await database.schema("needs").delete()
    }
}
