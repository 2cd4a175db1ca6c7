import Fluent
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// `passerelle serve [--hostname H] [--port P] [--demo]`: migrates, loads reference data (and
/// the demo directory on request), builds the search index, then serves.
struct PasserelleServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "hostname", short: "H", help: "Address to listen on (127.0.0.1 by default).")
        var hostname: String?

        @Option(name: "port", short: "p", help: "Port to listen on (8080 by default).")
        var port: Int?

        @Flag(name: "demo", help: "Load the demo data when the directory is empty (development only).")
        var demo: Bool
    }

    var help: String { "Prépare la base puis sert la plateforme en HTTP." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        if signature.demo {
            guard app.platform.config.environment != .production else {
                throw Abort(.forbidden, reason: "--demo est refusé quand APP_ENV=production : les données de démonstration n’ont rien à faire en production.")
            }
            try await Preparation.prepare(app)
            try await Preparation.loadDemo(app)
        } else {
            try await Preparation.prepareSchema(app)
            try await app.directoryIndexCache.rebuild(on: app.db, logger: app.logger) {
                try await Preparation.loadReference(app)
                return try app.platform.reference
            }
            try await Preparation.loadFirstContent(app)
        }
        PeriodicJob.retention().start(with: app)
        for job in Modules.jobs(app) { job.start(with: app) }
        // The services' index (seconds for 100,000 services) is built behind the requests, so that
        // the first search does not wait for it.
        let reference = try app.platform.reference
        _ = BackgroundExecutor.task { _ = try? await app.serviceIndexCache.current(on: app.db, reference: reference) }
        app.logger.notice("Passerelle ready", metadata: ["database": "\(app.platform.config.database.safeDescription)"])
        var arguments: [String] = []
        if let hostname = signature.hostname { arguments += ["--hostname", hostname] }
        if let port = signature.port { arguments += ["--port", String(port)] }
        var serveContext = context
        serveContext.input = CommandInput(arguments: ["passerelle"] + arguments)
        // Vapor's own serve command binds the port and handles signals for a clean shutdown.
        try await app.servers.asyncCommand.run(using: &serveContext)
    }
}

/// `passerelle migrate`: brings the schema and the reference data up to date, nothing else.
struct MigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}

    var help: String { "Met le schéma de la base et les données de référence à jour." }

    func run(using context: CommandContext, signature: Signature) async throws {
        try await Preparation.prepare(context.application)
        context.console.print("Base à jour (\(context.application.platform.config.database.safeDescription)).")
    }
}
