import Fluent
import PasserellePlatform
import SQLKit

/// Skills profiles, one per person at most, kept by the structure that follows them, and the
/// companies' requests to meet the person behind one. The place is the person's commune's centre:
/// matching reads a distance, never an address.
package struct M0035CreateSkillsProfiles: AsyncMigration {
    package var name: String { "0035-create-skills-profiles" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("skills_profiles")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .cascade))
            .field("projects", .string, .required)
            .field("skills", .string, .required)
            .field("radius_km", .int, .required)
            .field("mobility", .string, .required)
            .field("available_from", .string)
            .field("languages", .string, .required)
            .field("licences", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("contact_consent", .bool, .required)
            .field("consented_at", .datetime, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "person_id")
            .create()
        try await database.schema("profile_contacts")
            .id()
            .field("profile_id", .uuid, .required, .references("skills_profiles", "id", onDelete: .cascade))
            .field("company_organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("offer_id", .uuid, .references("job_offers", "id", onDelete: .setNull))
            .field("requested_by", .string, .required)
            .field("message", .string, .required)
            .field("state", .string, .required)
            .field("answered_by", .string)
            .field("created_at", .datetime, .required)
            .field("answered_at", .datetime)
            .unique(on: "profile_id", "company_organisation_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "skills_profiles_structure").on("skills_profiles").column("structure_id").run()
        try await sql.create(index: "skills_profiles_place").on("skills_profiles").column("latitude").column("longitude").run()
        try await sql.create(index: "profile_contacts_company").on("profile_contacts").column("company_organisation_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("profile_contacts").delete()
        try await database.schema("skills_profiles").delete()
    }
}
