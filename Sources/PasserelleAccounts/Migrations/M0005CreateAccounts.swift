import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Users, the single-use links mailed to them, log-in throttles, sessions and the audit log.
package struct M0005CreateAccounts: AsyncMigration {
    package var name: String { "0005-create-accounts" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("email", .string, .required)
            .field("name", .string, .required)
            .field("password_hash", .string, .required)
            .field("email_verified_at", .datetime)
            .field("last_login_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .unique(on: "email")
            .create()
        // Only a hash of each token is kept: a copy of the database does not open accounts.
        try await database.schema("email_tokens")
            .id()
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("purpose", .string, .required)
            .field("token_hash", .string, .required)
            .field("expires_at", .datetime, .required)
            .field("used_at", .datetime)
            .field("created_at", .datetime, .required)
            .unique(on: "token_hash")
            .create()
        try await database.schema("login_throttles")
            .field("key", .string, .identifier(auto: false))
            .field("failures", .int, .required)
            .field("last_failure_at", .datetime)
            .create()
        // The table and columns Fluent's session driver reads and writes.
        try await database.schema("_fluent_sessions")
            .id()
            .field("key", .string, .required)
            .field("data", .json, .required)
            .unique(on: "key")
            .create()
        try await database.schema("audit_log")
            .id()
            .field("at", .datetime, .required)
            .field("actor_id", .uuid)
            .field("actor", .string, .required)
            .field("action", .string, .required)
            .field("object", .string)
            .field("detail", .string, .required)
            .field("address", .string)
            .create()
        let sql = database.sql
        try await sql.create(index: "audit_log_at").on("audit_log").column("at").run()
        try await sql.create(index: "email_tokens_user").on("email_tokens").column("user_id").run()
    }

    package func revert(on database: any Database) async throws {
        for table in ["audit_log", "_fluent_sessions", "login_throttles", "email_tokens", "users"] {
            try await database.schema(table).delete()
        }
    }
}
