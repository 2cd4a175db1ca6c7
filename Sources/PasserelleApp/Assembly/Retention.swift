import Fluent
import Foundation
import PasserelleDirectory
import PasserellePlatform
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

    /// Every module's pruning, in the order of `Modules.all`.
    static func prune(on database: any Database, auditRetentionDays: Int, now: Date = Date()) async throws -> Pruned {
        var counts: [String: Int] = [:]
        for module in Modules.all {
            counts.merge(try await module.prune(on: database, auditRetentionDays: auditRetentionDays, now: now)) { $0 + $1 }
        }
        return Pruned(auditEntries: counts["audit_entries"] ?? 0, links: counts["links"] ?? 0, throttles: counts["throttles"] ?? 0, sessions: counts["sessions"] ?? 0)
    }
}

extension PeriodicJob {
    /// Applies `Retention.prune` every hour.
    static func retention() -> PeriodicJob {
        PeriodicJob("Retention", every: .seconds(3600)) { application in
            let pruned = try await Retention.prune(on: application.jobsDB, auditRetentionDays: application.platform.config.auditRetentionDays)
            if pruned != Retention.Pruned(auditEntries: 0, links: 0, throttles: 0, sessions: 0) {
                application.logger.info("Retention applied", metadata: ["audit_entries": "\(pruned.auditEntries)", "links": "\(pruned.links)",
                    "throttles": "\(pruned.throttles)", "sessions": "\(pruned.sessions)"])
            }
        }
    }
}
