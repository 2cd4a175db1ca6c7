import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Referrals (orientations) of a person to a service. The person's data lives in these rows only;
/// the retention job blanks it 24 months after the referral closed (`anonymised_at`).
package struct M0020CreateReferrals: AsyncMigration {
    package var name: String { "0020-create-referrals" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("referrals")
            .id()
            .field("service_id", .uuid, .required, .references("services", "id", onDelete: .restrict))
            .field("referrer_organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .restrict))
            .field("referrer_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("referent_name", .string, .required)
            .field("referent_phone", .string)
            .field("person_first_name", .string, .required)
            .field("person_last_name", .string, .required)
            .field("person_phone", .string)
            .field("person_email", .string)
            .field("contact_preference", .string, .required)
            .field("publics", .string, .required)
            .field("situation", .string)
            .field("criteria_checked", .bool, .required)
            .field("availability", .string)
            .field("reason", .string, .required)
            .field("state", .string, .required)
            .field("refusal_reason", .string)
            .field("refusal_details", .string)
            .field("answered_by", .string)
            .field("sent_at", .datetime, .required)
            .field("reminded_at", .datetime)
            .field("closed_at", .datetime)
            .field("anonymised_at", .datetime)
            .field("search_key", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "referrals_by_service").on("referrals").column("service_id").run()
        try await sql.create(index: "referrals_by_referrer").on("referrals").column("referrer_organisation_id").run()
        try await sql.create(index: "referrals_by_state").on("referrals").column("state").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("referrals").delete()
    }
}
