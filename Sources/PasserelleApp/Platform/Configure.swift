import Fluent
import Leaf
import PasserelleCore
import Vapor

/// Builds the application: database, middleware, pages, API, commands. Preparation of the
/// database (migrations, reference data) is left to the commands, which need it or not.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.platform = Platform(config: config)
    app.logger.logLevel = config.logLevel
    try config.database.register(on: app)
    app.migrations.add(PasserelleMigrations.all)

    app.views.use(.leaf)
    app.leaf.cache.isEnabled = config.environment != .development

    app.middleware = Middlewares()
    app.middleware.use(ObservationMiddleware(metrics: app.platform.metrics))
    app.middleware.use(PasserelleErrorMiddleware(environment: config.environment))
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory, defaultFile: nil))
    app.middleware.use(SecurityHeadersMiddleware())

    HealthRoutes.register(on: app)
    try APIDocs().register(on: app)
    try APIHandler.register(on: app)
    try app.register(collection: SitePages())
    try app.register(collection: DirectoryPages())

    app.asyncCommands.use(PasserelleServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(BenchCommand(), as: "bench")
}

/// Headers that every answer carries.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        response.headers.replaceOrAdd(name: "Referrer-Policy", value: "strict-origin-when-cross-origin")
        if response.headers.contentType?.subType == "html" {
            response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        }
        return response
    }
}
