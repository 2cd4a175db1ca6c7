import Fluent
import PasserellePlatform
import SQLKit

/// The companies a structure's team prospects, with the next step and who follows it: its board.
package struct M0036CreateCompanyProspects: AsyncMigration {
    package var name: String { "0036-create-company-prospects" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("company_prospects")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("company", .string, .required)
            .field("siret", .string)
            .field("commune_code", .string)
            .field("contact", .string)
            .field("stage", .string, .required)
            .field("next_step", .string)
            .field("next_step_on", .string)
            .field("owner_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("notes", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.sql.create(index: "company_prospects_organisation").on("company_prospects").column("organisation_id").column("stage").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("company_prospects").delete()
    }
}
