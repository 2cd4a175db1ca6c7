import Fluent
import SQLKit

/// Messages waiting to be sent, and those sent: every e-mail goes through this table, so that a
/// failed delivery is retried and tests read what would have been sent.
package struct M0006CreateOutbox: AsyncMigration {
    package var name: String { "0006-create-outbox" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("outbox")
            .id()
            .field("recipient", .string, .required)
            .field("subject", .string, .required)
            .field("text_body", .string, .required)
            .field("html_body", .string, .required)
            .field("created_at", .datetime, .required)
            .field("next_attempt_at", .datetime, .required)
            .field("attempts", .int, .required)
            .field("sent_at", .datetime)
            .field("last_error", .string)
            .create()
        try await database.sql.create(index: "outbox_due").on("outbox").column("sent_at").column("next_attempt_at").run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("outbox").delete()
    }
}
