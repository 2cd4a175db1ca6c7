import Fluent
import PasserellePlatform
import SQLKit

/// What a company says of itself (activity, size, bridges, jobs open to immersions, commitments,
/// labels) and whether its page is public; and, on applications, the hiring the employer
/// confirms, which closes the person's journey on its day.
package struct M0037CreateCompanyPages: AsyncMigration {
    package var name: String { "0037-create-company-pages" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("company_pages")
            .field("organisation_id", .uuid, .identifier(auto: false), .references("organisations", "id", onDelete: .cascade))
            .field("naf_code", .string)
            .field("size_band", .string, .required)
            // Space-separated tokens, so that a filter reads ` accueil-immersion `.
            .field("bridges", .string, .required)
            .field("immersion_titles", .string, .required)
            .field("presentation", .string)
            .field("commitments", .string)
            .field("labels", .string, .required)
            .field("website", .string)
            .field("is_public", .bool, .required)
            .field("departement", .string)
            .field("search_key", .string, .required)
            .field("updated_by", .string, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "company_pages_public").on("company_pages").column("is_public").column("departement").run()
        try await database.schema("job_applications").field("hired_on", .string).update()
        try await database.schema("job_applications").field("hire_months", .int).update()
        try await database.schema("job_applications").field("hire_confirmed_by", .string).update()
        // When the hiring was carried into the person's journey (or found no open journey to close), and which.
        try await database.schema("job_applications").field("hire_settled_at", .datetime).update()
        try await database.schema("job_applications").field("exit_journey_id", .uuid).update()
    }

    package func revert(on database: any Database) async throws {
        for field in ["exit_journey_id", "hire_settled_at", "hire_confirmed_by", "hire_months", "hired_on"] {
            try await database.schema("job_applications").deleteField(.string(field)).update()
        }
        try await database.schema("company_pages").delete()
    }
}
