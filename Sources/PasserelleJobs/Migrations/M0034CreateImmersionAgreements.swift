import Fluent
import PasserellePlatform
import SQLKit

/// Immersion agreements (PMSMP): written by an accompanying team, signed by the person, the host
/// and the team (each signature's moment), validated by the team, closed by their assessment.
/// `version` grows with each change of the terms: the links mailed for an earlier version no
/// longer sign.
package struct M0034CreateImmersionAgreements: AsyncMigration {
    package var name: String { "0034-create-immersion-agreements" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("immersion_agreements")
            .id()
            .field("prescriber_organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .field("person_id", .uuid, .references("people", "id", onDelete: .setNull))
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("beneficiary_email", .string, .required)
            .field("host_name", .string, .required)
            .field("host_siret", .string)
            .field("host_contact", .string, .required)
            .field("host_email", .string, .required)
            .field("tutor_name", .string, .required)
            .field("tutor_role", .string)
            .field("rome_title", .int, .required)
            .field("rome_code", .string, .required)
            .field("objective", .string, .required)
            .field("commune_code", .string, .required)
            .field("starts_on", .string, .required)
            .field("ends_on", .string, .required)
            .field("weekly_hours", .double, .required)
            .field("daily_hours", .double)
            .field("schedule", .string, .required)
            .field("previous_days", .int, .required)
            .field("renewal", .int, .required)
            .field("state", .string, .required)
            .field("version", .int, .required)
            .field("beneficiary_signed_at", .datetime)
            .field("host_signed_at", .datetime)
            .field("prescriber_signed_at", .datetime)
            .field("prescriber_signed_by", .string)
            .field("validated_at", .datetime)
            .field("closing_reason", .string)
            .field("attendance", .string)
            .field("skills_observed", .string)
            .field("ended_in_hiring", .bool)
            .field("hiring_contract", .string)
            .field("assessment_comment", .string)
            .field("assessed_at", .datetime)
            .field("created_by", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "immersion_agreements_prescriber").on("immersion_agreements").column("prescriber_organisation_id").column("updated_at").run()
        try await sql.create(index: "immersion_agreements_person").on("immersion_agreements").column("person_id").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("immersion_agreements").delete()
    }
}
