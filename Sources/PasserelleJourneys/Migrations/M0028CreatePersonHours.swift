import Fluent
import PasserellePlatform
import SQLKit

/// The insertion hours of an awarded need's month attributed to the people who did them. The
/// need and its month belong to purchasing (read through its store, hence no foreign key); one
/// share per person, need and month.
package struct M0028CreatePersonHours: AsyncMigration {
    package var name: String { "0028-create-person-hours" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("person_hours")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .restrict))
            .field("need_id", .uuid, .required)
            .field("need_title", .string, .required)
            .field("month", .string, .required)
            .field("hours", .int, .required)
            .field("recorded_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id", "need_id", "month")
            .create()
        try await database.sql.create(index: "person_hours_by_need_month").on("person_hours").column("need_id").column("month").run()
        try await database.sql.create(index: "person_hours_by_structure").on("person_hours").column("structure_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("person_hours").delete()
    }
}
