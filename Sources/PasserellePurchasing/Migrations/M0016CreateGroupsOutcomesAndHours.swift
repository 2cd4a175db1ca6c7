import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Groups of structures answering a need as one (a member per row, invited, accepted or
/// declined; the group names its representative), how a need ended (who won, for how much, and
/// what the structures say of it), and the insertion hours done month by month.
package struct M0016CreateGroupsOutcomesAndHours: AsyncMigration {
    package var name: String { "0016-create-groups-outcomes-and-hours" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("need_groups")
            .id()
            .field("need_id", .uuid, .required, .references("needs", "id", onDelete: .cascade))
            .field("lead_structure_id", .uuid, .required, .references("structures", "id", onDelete: .cascade))
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("need_group_members")
            .id()
            .field("group_id", .uuid, .required, .references("need_groups", "id", onDelete: .cascade))
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .cascade))
            .field("status", .string, .required)
            .field("invited_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("decided_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("decided_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "group_id", "structure_id")
            .create()
        // SQLite adds one column per statement.
        let added: [(table: String, column: FieldKey, type: DatabaseSchema.DataType)] = [
            ("needs", "winner_kind", .string), ("needs", "winner_structure_id", .uuid), ("needs", "winner_group_id", .uuid),
            ("needs", "winner_name", .string), ("needs", "awarded_amount", .int64),
            ("need_answers", "reported_outcome", .string), ("need_answers", "reported_at", .datetime),
        ]
        for column in added {
            try await database.schema(column.table).field(column.column, column.type).update()
        }
        try await database.schema("insertion_hours")
            .id()
            .field("need_id", .uuid, .required, .references("needs", "id", onDelete: .cascade))
            .field("month", .string, .required)
            .field("hours", .int, .required)
            .field("user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("actor", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "need_id", "month")
            .create()
        let sql = database.sql
        try await sql.create(index: "need_groups_need").on("need_groups").column("need_id").run()
        try await sql.create(index: "need_group_members_structure").on("need_group_members").column("structure_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("insertion_hours").delete()
        for (table, column) in [("need_answers", "reported_outcome"), ("need_answers", "reported_at"), ("needs", "winner_kind"), ("needs", "winner_structure_id"),
                                ("needs", "winner_group_id"), ("needs", "winner_name"), ("needs", "awarded_amount")] {
            try await database.schema(table).deleteField(FieldKey(stringLiteral: column)).update()
        }
        try await database.schema("need_group_members").delete()
        try await database.schema("need_groups").delete()
    }
}
