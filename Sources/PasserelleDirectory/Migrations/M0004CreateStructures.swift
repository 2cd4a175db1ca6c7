import Fluent
import PasserellePlatform
import SQLKit

/// Structures, their activities and the history of their changes.
package struct M0004CreateStructures: AsyncMigration {
    package var name: String { "0004-create-structures" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("structures")
            .id()
            .field("siret", .string)
            .field("source", .string)
            .field("source_id", .string)
            .field("name", .string, .required)
            .field("brand", .string)
            .field("kind", .string, .required)
            .field("description", .string)
            .field("address", .string)
            .field("commune_code", .string)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("phone", .string)
            .field("email", .string)
            .field("website", .string)
            .field("networks", .string, .required)
            .field("labels", .string, .required)
            .field("insertion_staff", .int)
            .field("permanent_staff", .int)
            .field("year_founded", .int)
            .field("client_references", .string, .required)
            .field("in_qpv", .bool, .required)
            .field("in_zrr", .bool, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "siret")
            .unique(on: "source", "source_id")
            .create()
        try await database.schema("structure_activities")
            .id()
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .cascade))
            .field("position", .int, .required)
            .field("sector_slug", .string, .required)
            .field("service_types", .string, .required)
            .field("reach_kind", .string, .required)
            .field("radius_km", .double)
            .field("perimeters", .string, .required)
            .field("description", .string)
            .create()
        try await database.schema("structure_changes")
            .id()
            .field("structure_id", .uuid, .required)
            .field("at", .datetime, .required)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("summary", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "structure_activities_structure").on("structure_activities").column("structure_id").run()
        try await sql.create(index: "structure_changes_structure").on("structure_changes").column("structure_id").run()
        try await sql.create(index: "structures_commune").on("structures").column("commune_code").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["structure_changes", "structure_activities", "structures"] {
            try await database.schema(table).delete()
        }
    }
}
