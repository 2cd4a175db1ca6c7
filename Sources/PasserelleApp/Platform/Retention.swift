import Fluent
import Foundation
import SQLKit
import Vapor

/// What the platform forgets, and when: audit entries past the retention period, mailed links a
/// week after they expired, log-in throttles a day after the last failure, sessions 14 days after
/// log-in and sessions without a user after a day (visitors' forms make none since their token
/// became a cookie; those made before go this way).
enum Retention {
    struct Pruned: Equatable {
        var auditEntries: Int
        var links: Int
        var throttles: Int
        var sessions: Int
    }

    static func prune(on database: any Database, auditRetentionDays: Int, now: Date = Date()) async throws -> Pruned {
        let sql = database.sql
        let audit = try await sql.delete(from: "audit_log").where("at", .lessThan, SQLBind(now.addingTimeInterval(-Double(auditRetentionDays) * 86400)))
            .returning("id").all().count
        let links = try await sql.delete(from: "email_tokens").where("expires_at", .lessThan, SQLBind(now.addingTimeInterval(-7 * 86400)))
            .returning("id").all().count
        let throttles = try await sql.delete(from: "login_throttles").where("last_failure_at", .lessThan, SQLBind(now.addingTimeInterval(-86400)))
            .returning("key").all().count
        let sessions = try await pruneSessions(on: sql, now: now)
        return Pruned(auditEntries: audit, links: links, throttles: throttles, sessions: sessions)
    }

    /// Sessions are JSON in Fluent's table: their start and their user are read with each
    /// database's JSON functions. A session without a start predates it and goes.
    private static func pruneSessions(on sql: any SQLDatabase, now: Date) async throws -> Int {
        let ended = now.addingTimeInterval(-SessionKeys.lifetime).timeIntervalSince1970
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

extension PeriodicJob {
    /// Applies `Retention.prune` every hour.
    static func retention() -> PeriodicJob {
        PeriodicJob("Retention", every: .seconds(3600)) { application in
            let pruned = try await Retention.prune(on: application.jobsDB, auditRetentionDays: application.platform.config.auditRetentionDays)
            if pruned != Retention.Pruned(auditEntries: 0, links: 0, throttles: 0, sessions: 0) {
                application.logger.info("Retention applied", metadata: ["audit_entries": "\(pruned.auditEntries)", "links": "\(pruned.links)", "throttles": "\(pruned.throttles)", "sessions": "\(pruned.sessions)"])
            }
        }
    }
}
