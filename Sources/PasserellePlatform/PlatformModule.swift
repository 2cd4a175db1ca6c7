import Fluent
import Vapor

/// The platform's own module: shared state, the outbox, the audit log, the addresses of the site's general pages.
package enum PlatformModule: ModuleDefinition {
    package static let module = ProductModule.platform
    package static let templateLinks: [String: PagePath] = [
        "home": PlatformPaths.home, "accessibility": PlatformPaths.accessibility, "legal": PlatformPaths.legal, "data": PlatformPaths.data, "glossary": PlatformPaths.glossary,
        "developers": PlatformPaths.developers,
        "apiDocs": PlatformPaths.apiDocs, "apiDocument": PlatformPaths.apiDocument,
    ]
    package static var migrations: [any AsyncMigration] { [M0001CreatePlatformState(), M0006CreateOutbox()] }

    /// Audit entries past the retention period (`AUDIT_RETENTION_DAYS`).
    package static func prune(on database: any Database, auditRetentionDays: Int, now: Date) async throws -> [String: Int] {
        ["audit_entries": try await Audit.prune(olderThan: now.addingTimeInterval(-Double(auditRetentionDays) * 86400), on: database)]
    }

    /// The mail of the outbox, through SMTP when it is set, into the log otherwise.
    package static func jobs(_ app: Application) -> [PeriodicJob] {
        let transport: any MailTransport
        if let smtp = app.platform.config.smtp {
            transport = SMTPMailTransport(settings: smtp, eventLoopGroup: app.eventLoopGroup, logger: app.logger)
        } else {
            if app.platform.config.environment == .production {
                app.logger.warning("SMTP_HOST is not set: e-mails are kept in the outbox table, not sent.")
            }
            transport = LogMailTransport(logger: app.logger, showsMessage: app.platform.config.environment != .production)
        }
        return [.outboxDelivery(transport: transport)]
    }
}
