import Fluent
import PasserellePlatform
import SQLKit

/// Applications to offers. The person's name and contact are copied from the form (a prescriber
/// names someone no structure follows yet) and blanked when the retention ends; `person_id` links
/// a person the applying structure follows, `welcomed_person_id` the one the employer welcomed.
package struct M0033CreateJobApplications: AsyncMigration {
    package var name: String { "0033-create-job-applications" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("job_applications")
            .id()
            .field("offer_id", .uuid, .required, .references("job_offers", "id", onDelete: .cascade))
            .field("employer_organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("applicant_organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("applicant_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("person_id", .uuid, .references("people", "id", onDelete: .setNull))
            .field("welcomed_person_id", .uuid, .references("people", "id", onDelete: .setNull))
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("phone", .string)
            .field("email", .string)
            .field("message", .string, .required)
            .field("state", .string, .required)
            .field("refusal_reason", .string)
            .field("employer_note", .string)
            .field("answered_by", .string)
            .field("sent_at", .datetime, .required)
            .field("changed_at", .datetime, .required)
            .field("reminded_at", .datetime)
            .field("closed_at", .datetime)
            .field("anonymised_at", .datetime)
            .create()
        let sql = database.sql
        try await sql.create(index: "job_applications_employer").on("job_applications").column("employer_organisation_id").column("sent_at").run()
        try await sql.create(index: "job_applications_applicant").on("job_applications").column("applicant_organisation_id").column("sent_at").run()
        try await sql.create(index: "job_applications_offer").on("job_applications").column("offer_id").run()
        try await sql.create(index: "job_applications_open").on("job_applications").column("state").column("changed_at").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("job_applications").delete()
    }
}
