import Fluent
import PasserellePlatform
import SQLKit

/// The people a structure accompanies, their agreements, their journeys with the contracts, and
/// the timeline of everything that happened to them. A person belongs to one structure; there is
/// no column for a social security number.
package struct M0024CreatePeople: AsyncMigration {
    package var name: String { "0024-create-people" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("people")
            .id()
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .restrict))
            .field("first_name", .string, .required)
            .field("last_name", .string, .required)
            .field("birth_date", .string, .required)
            .field("commune_code", .string, .required)
            .field("contact_preference", .string, .required)
            .field("phone", .string)
            .field("email", .string)
            .field("publics", .string, .required)
            .field("referent_user_id", .uuid, .references("users", "id", onDelete: .setNull))
            .field("state", .string, .required)
            .field("search_key", .string, .required)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("person_consents")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("agreed_at", .datetime, .required)
            .field("recorded_by", .string, .required)
            .field("withdrawn_at", .datetime)
            .field("withdrawn_by", .string)
            .create()
        try await database.schema("journeys")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("structure_id", .uuid, .required, .references("structures", "id", onDelete: .restrict))
            .field("structure_kind", .string, .required)
            .field("state", .string, .required)
            .field("hired_on", .string, .required)
            .field("diagnosis_date", .string)
            .field("diagnosis_author", .string)
            .field("prescriber", .string)
            .field("criteria", .string)
            .field("proofs", .string)
            .field("rules_version", .string)
            .field("eligibility", .string)
            .field("approval_end", .string)
            .field("recognition", .string)
            .field("recognition_from", .string)
            .field("recognition_to", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("journey_contracts")
            .id()
            .field("journey_id", .uuid, .required, .references("journeys", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("start_on", .string, .required)
            .field("end_on", .string, .required)
            .field("weekly_hours", .double, .required)
            .field("exception", .string)
            .field("created_at", .datetime, .required)
            .create()
        try await database.schema("journey_events")
            .id()
            .field("person_id", .uuid, .required, .references("people", "id", onDelete: .cascade))
            .field("journey_id", .uuid, .references("journeys", "id", onDelete: .cascade))
            .field("at", .datetime, .required)
            .field("kind", .string, .required)
            .field("summary", .string, .required)
            .field("actor", .string, .required)
            .create()
        let sql = database.sql
        try await sql.create(index: "people_by_structure").on("people").column("structure_id").column("last_name").run()
        try await sql.create(index: "people_by_referent").on("people").column("referent_user_id").run()
        try await sql.create(index: "consents_by_person").on("person_consents").column("person_id").run()
        try await sql.create(index: "journeys_by_person").on("journeys").column("person_id").run()
        try await sql.create(index: "journeys_by_structure").on("journeys").column("structure_id").column("state").run()
        try await sql.create(index: "contracts_by_journey").on("journey_contracts").column("journey_id").run()
        try await sql.create(index: "journey_events_by_person").on("journey_events").column("person_id").column("at").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["journey_events", "journey_contracts", "journeys", "person_consents", "people"] {
            try await database.schema(table).delete()
        }
    }
}
