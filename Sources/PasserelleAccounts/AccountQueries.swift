import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Reads and writes of accounts, their mailed links and their log-in throttles.
package enum AccountQueries {
    package struct Account: Decodable, Sendable {
        package var id: UUID
        package var email: String
        package var name: String
        package var passwordHash: String
        package var emailVerifiedAt: Date?
        package var lastLoginAt: Date?
        package var createdAt: Date

        package var isVerified: Bool { emailVerifiedAt != nil }
    }

    private static let accountColumns = ["id", "email", "name", "password_hash", "email_verified_at", "last_login_at", "created_at"]

    package static func account(email: EmailAddress, on database: any Database) async throws -> Account? {
        try await database.sql.select().columns(accountColumns.map { SQLColumn($0) }).from("users")
            .where("email", .equal, SQLBind(email.value)).first(decoding: Account.self, table: "users", keys: .snakeCaseColumns)
    }

    package static func account(id: UUID, on database: any Database) async throws -> Account? {
        try await database.sql.select().columns(accountColumns.map { SQLColumn($0) }).from("users")
            .where("id", .equal, SQLBind(id)).first(decoding: Account.self, table: "users", keys: .snakeCaseColumns)
    }

    /// The names of accounts (a pseudonym once deleted), for the modules that show who did what.
    package static func names(of users: [UUID], on database: any Database) async throws -> [UUID: String] {
        let ids = Array(Set(users))
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var name: String }
        return try await database.sql.select().columns("id", "name").from("users").where("id", .in, SQLBind.group(ids))
            .all(decoding: Row.self, table: "users", keys: .snakeCaseColumns).reduce(into: [:]) { $0[$1.id] = $1.name }
    }

    /// How to write to a person: for the modules that mail people (reminders, promotions, reviews).
    package struct Contact: Decodable, Sendable {
        package var id: UUID
        package var name: String
        package var email: String
    }

    /// The contacts of these accounts; deleted accounts (a pseudonym, no address) left out
    /// unless asked for.
    package static func contacts(of users: [UUID], includingDeleted: Bool = false, on database: any Database) async throws -> [UUID: Contact] {
        let ids = Array(Set(users))
        guard !ids.isEmpty else { return [:] }
        var query = database.sql.select().columns("id", "name", "email").from("users").where("id", .in, SQLBind.group(ids))
        if !includingDeleted { query = query.where("deleted_at", .is, SQLLiteral.null) }
        return try await query.all(decoding: Contact.self).reduce(into: [:]) { $0[$1.id] = $1 }
    }

    package static func create(_ signUp: SignUp, passwordHash: String, on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await database.sql.insert(into: "users")
            .columns("id", "email", "name", "password_hash", "profile", "created_at", "updated_at")
            .values(SQLBind(id), SQLBind(signUp.email.value), SQLBind(signUp.name), SQLBind(passwordHash), SQLBind(signUp.profile?.rawValue), SQLBind(now), SQLBind(now))
            .run()
        return id
    }

    /// Takes the account's row for the rest of the transaction (PostgreSQL's row lock, SQLite's
    /// write lock): what the transaction checks stays true until it ends.
    package static func lock(_ id: UUID, on database: any Database) async throws {
        try await database.sql.update("users").set("updated_at", to: SQLColumn("updated_at")).where("id", .equal, SQLBind(id)).run()
    }

    package static func markVerified(_ id: UUID, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("users").set("email_verified_at", to: SQLBind(now)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).run()
    }

    package static func setPassword(_ id: UUID, hash: String, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("users").set("password_hash", to: SQLBind(hash)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).run()
    }

    /// Ends every session of a user (after a change of password), except `keeping`.
    package static func endSessions(of id: UUID, keeping: String? = nil, on database: any Database) async throws {
        // Sessions are stored as JSON by Fluent's driver (jsonb on PostgreSQL); the user id is a
        // value in it.
        let pattern = "%\(id.uuidString)%"
        let sql = database.sql
        if let keeping {
            try await sql.raw("DELETE FROM _fluent_sessions WHERE CAST(data AS TEXT) LIKE \(bind: pattern) AND key <> \(bind: keeping)").run()
        } else {
            try await sql.raw("DELETE FROM _fluent_sessions WHERE CAST(data AS TEXT) LIKE \(bind: pattern)").run()
        }
    }

    /// Unused links of one purpose stop working once another of them has served.
    package static func revokeTokens(of id: UUID, purpose: TokenPurpose, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("email_tokens").set("used_at", to: SQLBind(now))
            .where("user_id", .equal, SQLBind(id)).where("purpose", .equal, SQLBind(purpose.rawValue)).where("used_at", .is, SQLLiteral.null).run()
    }

    /// Turns the account into a pseudonym: no address, no name, no password, no session, no link.
    package static func pseudonymise(_ id: UUID, as pseudonym: String, on database: any Database, now: Date = Date()) async throws {
        let sql = database.sql
        try await sql.update("users")
            .set("email", to: SQLBind("supprime-\(id.uuidString.lowercased())@invalid"))
            .set("name", to: SQLBind(pseudonym)).set("password_hash", to: SQLBind("!"))
            .set("email_verified_at", to: SQLLiteral.null).set("deleted_at", to: SQLBind(now)).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).run()
        try await sql.delete(from: "email_tokens").where("user_id", .equal, SQLBind(id)).run()
        try await endSessions(of: id, on: database)
    }

    package static func recordLogin(_ id: UUID, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("users").set("last_login_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id)).run()
    }

    // MARK: Mailed links

    /// What a mailed link lets its holder do, and for how long.
    package enum TokenPurpose: String, Sendable {
        case verifyEmail = "verification"
        case resetPassword = "mot-de-passe"
        case changeEmail = "changement-adresse"

        package var lifetime: TimeInterval {
            switch self {
            case .verifyEmail, .changeEmail: 48 * 3600
            case .resetPassword: 3600
            }
        }
    }

    /// A new single-use token for `user`; only its hash is stored.
    package static func issueToken(for user: UUID, purpose: TokenPurpose, payload: String? = nil, on database: any Database, now: Date = Date()) async throws -> String {
        let token = SecretToken.generate()
        try await database.sql.insert(into: "email_tokens")
            .columns("id", "user_id", "purpose", "token_hash", "expires_at", "created_at", "payload")
            .values(SQLBind(UUID()), SQLBind(user), SQLBind(purpose.rawValue), SQLBind(SecretToken.hash(token)), SQLBind(now.addingTimeInterval(purpose.lifetime)), SQLBind(now), SQLBind(payload))
            .run()
        return token
    }

    /// How many links of `purpose` were sent to `user` since `date`.
    package static func tokensIssued(to user: UUID, purpose: TokenPurpose, since date: Date, on database: any Database) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("email_tokens")
            .where("user_id", .equal, SQLBind(user)).where("purpose", .equal, SQLBind(purpose.rawValue)).where("created_at", .greaterThan, SQLBind(date))
            .first()?.decode(column: "count", as: Int.self) ?? 0
    }

    /// The user a valid token was issued to, once: the token is used up.
    package static func consumeToken(_ token: String, purpose: TokenPurpose, on database: any Database, now: Date = Date()) async throws -> UUID? {
        try await consumeTokenWithPayload(token, purpose: purpose, on: database, now: now)?.user
    }

    /// The user and the value of a valid token, once: the token is used up.
    package static func consumeTokenWithPayload(_ token: String, purpose: TokenPurpose, on database: any Database, now: Date = Date()) async throws -> (user: UUID, payload: String?)? {
        struct Row: Decodable { var id: UUID; var userID: UUID; var payload: String? }
        let sql = database.sql
        guard let row = try await sql.select().columns("id", "user_id", "payload").from("email_tokens")
            .where("token_hash", .equal, SQLBind(SecretToken.hash(token))).where("purpose", .equal, SQLBind(purpose.rawValue))
            .where("used_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, SQLBind(now))
            .first(decoding: Row.self, table: "email_tokens", keys: .snakeCaseColumns) else { return nil }
        // Two clicks at once: only the one that marks the token used goes on.
        let used = try await sql.update("email_tokens").set("used_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(row.id)).where("used_at", .is, SQLLiteral.null).returning("id").all().count
        return used == 1 ? (row.userID, row.payload) : nil
    }

    package static func setEmail(_ id: UUID, to email: EmailAddress, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("users").set("email", to: SQLBind(email.value)).set("email_verified_at", to: SQLBind(now))
            .set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
    }

    // MARK: Log-in throttles

    package static func throttle(_ key: String, on database: any Database) async throws -> LoginThrottle {
        struct Row: Decodable { var failures: Int; var lastFailureAt: Date? }
        let row = try await database.sql.select().columns("failures", "last_failure_at").from("login_throttles")
            .where("key", .equal, SQLBind(key)).first(decoding: Row.self, table: "login_throttles", keys: .snakeCaseColumns)
        return LoginThrottle(failures: row?.failures ?? 0, lastFailure: row?.lastFailureAt)
    }

    /// Counts one more failure under `key`, in one statement: failures sent in parallel, or to
    /// several instances, are all counted. A failure after `LoginThrottle.memory` without any
    /// starts the count again, as `LoginThrottle.current(at:)` reads it.
    package static func recordFailure(_ key: String, at now: Date, on database: any Database) async throws {
        let forgotten = now.addingTimeInterval(-LoginThrottle.memory)
        try await database.sql.raw("""
            INSERT INTO login_throttles (key, failures, last_failure_at) VALUES (\(bind: key), 1, \(bind: now))
            ON CONFLICT (key) DO UPDATE SET last_failure_at = \(bind: now), failures = CASE
              WHEN login_throttles.last_failure_at IS NULL OR login_throttles.last_failure_at < \(bind: forgotten) THEN 1
              ELSE login_throttles.failures + 1 END
            """).run()
    }

    package static func clearThrottle(_ key: String, on database: any Database) async throws {
        try await database.sql.delete(from: "login_throttles").where("key", .equal, SQLBind(key)).run()
    }

    /// Clears the counts of an account, from every address (a new password, a deleted account).
    package static func clearThrottles(of email: String, on database: any Database) async throws {
        let pairs = LoginThrottle.Scope.accountFromAddress.key(email: email, client: "")
        try await database.sql.delete(from: "login_throttles")
            .where("key", .equal, SQLBind(LoginThrottle.Scope.account.key(email: email, client: "")))
            .orWhere(SQLFunction("SUBSTR", args: SQLColumn("key"), SQLLiteral.numeric("1"), SQLLiteral.numeric(String(pairs.count))), .equal, SQLBind(pairs))
            .run()
    }
}
