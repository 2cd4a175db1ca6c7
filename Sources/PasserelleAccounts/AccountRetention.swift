import Fluent
import Foundation
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// What the accounts forget (`Retention` runs it every hour): mailed links a week after they
/// expired, log-in throttles a day after the last failure, sessions 14 days after log-in and
/// sessions without a user after a day.
package enum AccountRetention {
    package static func prune(on database: any Database, now: Date) async throws -> (links: Int, throttles: Int, sessions: Int) {
        let sql = database.sql
        let links = try await sql.delete(from: "email_tokens").where("expires_at", .lessThan, SQLBind(now.addingTimeInterval(-7 * 86400)))
            .returning("id").all().count
        let throttles = try await sql.delete(from: "login_throttles").where("last_failure_at", .lessThan, SQLBind(now.addingTimeInterval(-86400)))
            .returning("key").all().count
        return (links, throttles, try await pruneSessions(on: sql, now: now))
    }

    /// Sessions are JSON in Fluent's table: their start and their user are read with each
    /// database's JSON functions. A session without a start predates it and goes.
    private static func pruneSessions(on sql: any SQLDatabase, now: Date) async throws -> Int {
        let ended = now.addingTimeInterval(-BrowserSessionKeys.lifetime).timeIntervalSince1970
        let abandoned = now.addingTimeInterval(-86400).timeIntervalSince1970
        let since: SQLQueryString, user: SQLQueryString
        if sql.dialect.name == "sqlite" {
            since = "CAST(COALESCE(json_extract(data, '$.since'), '0') AS REAL)"
            user = "json_extract(data, '$.user')"
        } else {
            since = "CAST(COALESCE(data->>'since', '0') AS DOUBLE PRECISION)"
            user = "(data->>'user')"
        }
        let query: SQLQueryString = "DELETE FROM _fluent_sessions WHERE \(since) < \(bind: ended) OR (\(user) IS NULL AND \(since) < \(bind: abandoned)) RETURNING id"
        return try await sql.raw(query).all().count
    }
}
