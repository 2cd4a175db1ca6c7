import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// The knowledge base: experience reports, good practices, outlooks and resources in one table
/// (most fields belong to reports), proposed by structures and published by stewards.
package struct M0018CreateKnowledge: AsyncMigration {
    package var name: String { "0018-create-knowledge" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("knowledge_items")
            .id()
            .field("kind", .string, .required)
            .field("state", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("themes", .string, .required)
            .field("organisation_name", .string)
            .field("structure_id", .uuid, .references("structures", "id", onDelete: .setNull))
            .field("commune_code", .string)
            .field("departement", .string)
            .field("structure_kinds", .string, .required)
            .field("activity", .string)
            .field("finding", .string)
            .field("actions", .string)
            .field("results", .string)
            // JSON: the figures (`ResultFigure`) and the links ({label, url}).
            .field("figures", .string, .required)
            .field("programmes", .string, .required)
            .field("links", .string, .required)
            .field("resource_kind", .string)
            .field("url", .string)
            .field("event_id", .uuid, .references("events", "id", onDelete: .setNull))
            .field("session_id", .uuid, .references("event_sessions", "id", onDelete: .setNull))
            .field("proposed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("organisation_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("reviewed_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("reviewed_at", .datetime)
            .field("refusal_reason", .string)
            // Every text folded (accents and case dropped): searched with LIKE on both databases.
            .field("search_text", .string, .required)
            .field("published_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "knowledge_items_state_kind").on("knowledge_items").column("state").column("kind").run()
        try await sql.create(index: "knowledge_items_structure").on("knowledge_items").column("structure_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("knowledge_items").delete()
    }
}
