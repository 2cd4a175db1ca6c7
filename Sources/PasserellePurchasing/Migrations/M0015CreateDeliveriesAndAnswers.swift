import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// What publication does and what structures say back. A delivery is one need sent to one
/// structure (its inbox line, read or not, mailed in a digest or not): the pair is unique, which is
/// what keeps a dissemination run again after a crash from notifying anyone twice. Digests are
/// one row per structure and Paris day, unique too. Answers are one per structure and need.
package struct M0015CreateDeliveriesAndAnswers: AsyncMigration {
    package var name: String { "0015-create-deliveries-and-answers" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("needs")
            .field("disseminated_at", .datetime)
            .update()
        try await database.schema("organisations")
            .field("opportunity_mail", .string, .required, .sql(.default("quotidien")))
            .update()
        try await database.schema("need_deliveries")
            .id()
            .field("need_id", .uuid, .required, .references("needs", "id", onDelete: .cascade))
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .cascade))
            .field("rank", .int, .required)
            .field("reasons", .string, .required)
            .field("distance_km", .double)
            .field("created_at", .datetime, .required)
            .field("seen_at", .datetime)
            .field("mailed_at", .datetime)
            .unique(on: "need_id", "structure_id")
            .create()
        try await database.schema("opportunity_digests")
            .id()
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .cascade))
            .field("day", .string, .required)
            .field("needs", .int, .required)
            .field("sent_at", .datetime, .required)
            .unique(on: "structure_id", "day")
            .create()
        try await database.schema("need_answers")
            .id()
            .field("need_id", .uuid, .required, .references("needs", "id", onDelete: .cascade))
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .cascade))
            .field("stance", .string, .required)
            .field("reason", .string)
            .field("comment", .string, .required)
            .field("responses", .string, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "need_id", "structure_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "need_deliveries_structure").on("need_deliveries").column("structure_id").column("created_at").run()
        try await sql.create(index: "need_deliveries_unmailed").on("need_deliveries").column("mailed_at").column("structure_id").run()
        try await sql.create(index: "needs_dissemination").on("needs").column("disseminated_at").column("state").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("need_answers").delete()
        try await database.schema("opportunity_digests").delete()
        try await database.schema("need_deliveries").delete()
        try await database.schema("organisations").deleteField("opportunity_mail").update()
        try await database.schema("needs").deleteField("disseminated_at").update()
    }
}
