import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Partner services, described as data·inclusion v1 does. Lists (thématiques, publics, modes,
/// zone) are stored as `|a|b|` so that one LIKE finds a value on both databases.
package struct M0019CreateServices: AsyncMigration {
    package var name: String { "0019-create-services" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("services")
            .id()
            .field("source", .string)
            .field("source_id", .string)
            .field("provider_name", .string, .required)
            .field("provider_reference", .string)
            .field("organisation_id", .uuid, .references("organisations", "id", onDelete: .setNull))
            .field("structure_id", .uuid, .references("structures", "id", onDelete: .setNull))
            .field("name", .string, .required)
            .field("description", .string, .required)
            .field("type", .string)
            .field("thematiques", .string, .required)
            .field("publics", .string, .required)
            .field("publics_details", .string)
            .field("fee", .string)
            .field("fee_details", .string)
            .field("access_conditions", .string)
            .field("reception_modes", .string, .required)
            .field("zone", .string, .required)
            .field("address", .string)
            .field("commune_code", .string)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("phone", .string)
            .field("email", .string)
            .field("contact_name", .string)
            .field("mobilisation_link", .string)
            .field("mobilisation_modes", .string, .required)
            .field("mobilisers", .string, .required)
            .field("mobilisation_details", .string)
            .field("weekly_hours", .double)
            .field("weeks", .int)
            .field("opening_hours", .string)
            .field("status", .string, .required)
            .field("review_reminded_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "source", "source_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "services_by_status").on("services").column("status").run()
        try await sql.create(index: "services_by_organisation").on("services").column("organisation_id").run()
        try await sql.create(index: "services_by_structure").on("services").column("structure_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("services").delete()
    }
}
