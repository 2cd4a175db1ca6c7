import Fluent
import PasserellePlatform
import SQLKit

/// The offers of inclusive structures and companies. The filters of the search are columns
/// (ROME job, place, contract, employer's kind, state) with the indexes it narrows on; the skills
/// are a `|a|b|` list.
package struct M0032CreateJobOffers: AsyncMigration {
    package var name: String { "0032-create-job-offers" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("job_offers")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("structure_id", .uuid, .references("structures", "id", onDelete: .setNull))
            .field("employer_name", .string, .required)
            .field("employer_kind", .string, .required)
            .field("title", .string, .required)
            .field("rome_title", .int, .required)
            .field("rome_code", .string, .required)
            .field("description", .string, .required)
            .field("commune_code", .string, .required)
            .field("departement", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("contract", .string, .required)
            .field("weekly_hours", .double, .required)
            .field("starts_on", .string, .required)
            .field("closes_on", .string, .required)
            .field("openings", .int, .required)
            .field("skills", .string, .required)
            .field("open_to_disabled_workers", .bool, .required)
            .field("open_to_insertion_leavers", .bool, .required)
            .field("state", .string, .required)
            .field("search_key", .string, .required)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("published_at", .datetime)
            .create()
        let sql = database.sql
        try await sql.create(index: "job_offers_rome_place").on("job_offers").column("state").column("rome_code").column("latitude").run()
        try await sql.create(index: "job_offers_place").on("job_offers").column("state").column("latitude").run()
        try await sql.create(index: "job_offers_published").on("job_offers").column("state").column("published_at").run()
        try await sql.create(index: "job_offers_organisation").on("job_offers").column("organisation_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("job_offers").delete()
    }
}
