import Fluent
import PasserellePlatform
import SQLKit

/// The plan of a person (barriers and actions), the exit of a journey and its follow-up.
package struct M0025CreatePlans: AsyncMigration {
    package var name: String { "0025-create-plans" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("plan_barriers")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("category", .string, .required)
            .field("state", .string, .required)
            .field("note", .string)
            .field("identified_on", .string, .required)
            .field("closed_on", .string)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("plan_actions")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("barrier_id", .uuid, .references("plan_barriers", "id", onDelete: .setNull))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("state", .string, .required)
            .field("due_on", .string)
            .field("actor", .string)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("journey_followups")
            .id()
            .field("journey_id", .uuid, .required, .references("journeys", "id", onDelete: .cascade))
            .field("months", .int, .required)
            .field("outcome", .string, .required)
            .field("recorded_on", .string, .required)
            .unique(on: "journey_id", "months")
            .create()
        // One column at a time: SQLite adds a single column per ALTER TABLE.
        for column in ["exit_on", "exit_contract", "exit_category", "exit_employer"] {
            try await database.schema("journeys").field(.string(column), .string).update()
        }
        let sql = database.sql
        try await sql.create(index: "barriers_by_person").on("plan_barriers").column("person_id").run()
        try await sql.create(index: "actions_by_person").on("plan_actions").column("person_id").run()
        try await sql.create(index: "followups_by_journey").on("journey_followups").column("journey_id").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["journey_followups", "plan_actions", "plan_barriers"] { try await database.schema(table).delete() }
        for column in ["exit_on", "exit_contract", "exit_category", "exit_employer"] {
            try await database.schema("journeys").deleteField(.string(column)).update()
        }
    }
}
