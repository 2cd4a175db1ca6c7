import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// The community's themes (seeded with the regional meeting's twelve, editable), its events with
/// their organisers, sessions and speakers, and who registered to what.
package struct M0017CreateEvents: AsyncMigration {
    package var name: String { "0017-create-events" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("themes")
            .id()
            .field("slug", .string, .required)
            .field("name", .string, .required)
            .field("position", .int, .required)
            .field("created_at", .datetime, .required)
            .unique(on: "slug")
            .create()
        let now = Date()
        for (position, theme) in Theme.defaults.enumerated() {
            try await database.sql.insert(into: "themes").columns("id", "slug", "name", "position", "created_at")
                .values(SQLBind(UUID()), SQLBind(theme.slug), SQLBind(theme.name), SQLBind(position), SQLBind(now)).run()
        }
        try await database.schema("events")
            .id()
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("commune_code", .string)
            .field("departement", .string)
            .field("address", .string)
            .field("online_url", .string)
            .field("audience", .string)
            .field("capacity", .int)
            .field("waiting_list", .bool, .required)
            .field("registration_closes_at", .datetime)
            // `|slug|slug|`: a theme filter is one LIKE on both databases.
            .field("themes", .string, .required)
            .field("cancelled_at", .datetime)
            // Bumped by every registration change: the update takes the event's lock first, so
            // that two registrations for the last seat run one after the other.
            .field("registrations_revision", .int, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .create()
        try await database.schema("event_organisers")
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("organisation_id", .uuid, .required, .references("organisations", "id", onDelete: .cascade))
            .unique(on: "event_id", "organisation_id")
            .create()
        try await database.schema("event_sessions")
            .id()
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .field("title", .string, .required)
            .field("summary", .string, .required)
            .field("starts_at", .datetime, .required)
            .field("ends_at", .datetime, .required)
            .field("room", .string)
            .field("capacity", .int)
            .field("theme", .string)
            .field("position", .int, .required)
            .create()
        try await database.schema("session_speakers")
            .id()
            .field("session_id", .uuid, .required, .references("event_sessions", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("role", .string, .required)
            .field("organisation_name", .string, .required)
            .field("structure_id", .uuid, .references("structures", "id", onDelete: .setNull))
            .field("position", .int, .required)
            .create()
        try await database.schema("event_registrations")
            .id()
            .field("event_id", .uuid, .required, .references("events", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("waiting_since", .datetime)
            .field("reminded_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "event_id", "user_id")
            .create()
        try await database.schema("session_registrations")
            .id()
            .field("registration_id", .uuid, .required, .references("event_registrations", "id", onDelete: .cascade))
            .field("session_id", .uuid, .required, .references("event_sessions", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("state", .string, .required)
            .field("waiting_since", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "session_id", "user_id")
            .create()
        let sql = database.sql
        try await sql.create(index: "events_starts_at").on("events").column("starts_at").run()
        try await sql.create(index: "event_sessions_event").on("event_sessions").column("event_id").run()
        try await sql.create(index: "session_speakers_session").on("session_speakers").column("session_id").run()
        try await sql.create(index: "event_registrations_user").on("event_registrations").column("user_id").run()
        try await sql.create(index: "session_registrations_registration").on("session_registrations").column("registration_id").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["session_registrations", "event_registrations", "session_speakers", "event_sessions", "event_organisers", "events", "themes"] {
            try await database.schema(table).delete()
        }
    }
}
