import Fluent
import Leaf
import PasserelleAccounts
import PasserelleCommunity
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Builds the application: database, middleware, pages, API, commands. Preparation of the
/// database (migrations, reference data) is left to the commands, which need it or not.
public func configure(_ app: Application, config: AppConfig) async throws {
    var jobsDatabase: JobsDatabase?
    if case .sqlite(let path) = config.database {
        jobsDatabase = try await JobsDatabase(sqlitePath: path)
    }
    app.platform = Platform(config: config, jobsDatabase: jobsDatabase)
    // Registered before the jobs, so that it closes after them (handlers stop in reverse order).
    if let jobsDatabase { app.lifecycle.use(jobsDatabase) }
    app.logger.logLevel = config.logLevel
    try config.database.register(on: app)
    app.migrations.add(Modules.migrations)

    app.views.use(.leaf)
    app.leaf.tags["fieldError"] = FieldErrorTag()
    app.leaf.tags["de"] = ElidedDeTag()
    app.leaf.tags["fieldAria"] = FieldAriaTag()
    app.leaf.cache.isEnabled = config.environment != .development

    app.middleware = Middlewares()
    app.middleware.use(ObservationMiddleware(metrics: app.platform.metrics))
    // Outside the errors' middleware, so that error pages carry the headers too.
    app.middleware.use(SecurityHeadersMiddleware(mapTileURL: config.mapTileURL))
    app.middleware.use(FrenchTypographyMiddleware())
    app.middleware.use(PasserelleErrorMiddleware(environment: config.environment))
    app.middleware.use(InputGuardMiddleware())
    app.middleware.use(StaticFilesMiddleware(publicDirectory: app.directory.publicDirectory))

    // Sessions live in the database, so that several instances share them. Only pages read
    // them: the API authenticates with tokens, static files need nothing.
    app.sessions.use(.fluent)
    app.sessions.configuration = SessionsConfiguration(cookieName: "passerelle_session") { id in
        HTTPCookies.Value(string: id.string, maxAge: 14 * 24 * 3600, path: "/", isSecure: config.environment == .production, isHTTPOnly: true, sameSite: .lax)
    }
    // Bcrypt's default cost outside tests; the lowest one in tests, which hash hundreds of times.
    app.passwords.use(.bcrypt(cost: config.environment == .testing ? 4 : 12))
    app.lifecycle.use(app.platform.passwords)
    Modules.configure(app)
    // The modules that keep something of a person, called by the accounts in `ProductModule` order.
    app.accountParticipants = Modules.accountParticipants
    let pages = app.grouped(app.sessions.middleware, SignedInUserMiddleware(), CSRFMiddleware())

    HealthRoutes.register(on: app)
    let docs = try APIDocs()
    docs.register(on: app)
    try APIHandler.register(on: app.grouped(APIRequestMiddleware(tokenOperations: docs.tokenOperations)), app: app)
    try Modules.registerPages(on: pages)
    // The home and the site's general pages show what the modules hold: they sit above them all.
    try pages.register(collection: SitePages())

    app.asyncCommands.use(PasserelleServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(MigrateCommand(), as: "migrate")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(BenchCommand(), as: "bench")
    app.asyncCommands.use(ContentCommand(), as: "content")
}

/// Headers that every answer carries, pages, errors, files and API alike. The
/// Content-Security-Policy allows no inline script or style and no framing; images may come from
/// the map's tile server.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let contentSecurityPolicy: String

    init(mapTileURL: String) {
        var images = "'self' data:"
        if let url = URL(string: mapTileURL.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")),
           let scheme = url.scheme, let host = url.host {
            images += " \(scheme)://\(host)"
        }
        contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src \(images); connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        response.headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        // A page whose address is a secret (a mailed link) sets a stricter policy itself.
        if !response.headers.contains(name: "Referrer-Policy") {
            response.headers.replaceOrAdd(name: "Referrer-Policy", value: "strict-origin-when-cross-origin")
        }
        response.headers.replaceOrAdd(name: "Content-Security-Policy", value: contentSecurityPolicy)
        response.headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        return response
    }
}

/// Refuses, before any route reads them, a path whose decoded form holds a control character
/// (`%00`, `%0A`…) or does not decode, and a form or JSON body that holds a NUL: no page or field
/// has one, a file path cut at a NUL would be served under another name, and a database stores
/// a NUL whole but may read it back cut.
struct InputGuardMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard let decoded = request.url.path.removingPercentEncoding,
              !decoded.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw Abort(.badRequest, reason: "Adresse invalide : elle contient un caractère de contrôle ou un encodage incorrect.")
        }
        // Forms go to pages, JSON to the API: other bodies are not read here, nor JSON elsewhere.
        let form = request.headers.contentType == .urlEncodedForm
        let json = request.headers.contentType?.subType.hasSuffix("json") == true && request.url.path.hasPrefix("/api/")
        if form || json {
            if request.body.data == nil {
                _ = try await request.body.collect(max: form ? request.application.routes.defaultMaxBodySize.value : 1 << 20).get()
            }
            if let body = request.body.data, Self.holdsNUL(body, form: form) {
                throw Abort(.badRequest, reason: "Un champ contient un caractère nul : retirez-le et envoyez à nouveau.")
            }
        }
        return try await next.respond(to: request)
    }

    /// `%00` in a form, `\u0000` in JSON (a raw NUL is not valid JSON), a raw NUL in either.
    static func holdsNUL(_ body: ByteBuffer, form: Bool) -> Bool {
        let text = String(decoding: body.readableBytesView, as: UTF8.self).lowercased()
        return text.contains("\u{0}") || text.contains(form ? "%00" : "\\u0000")
    }
}

/// The files of `Public/`, read only: GET and HEAD serve them, any other method is told which
/// ones are allowed.
struct StaticFilesMiddleware: AsyncMiddleware {
    let files: FileMiddleware
    let publicDirectory: String

    init(publicDirectory: String) {
        self.publicDirectory = publicDirectory.hasSuffix("/") ? publicDirectory : publicDirectory + "/"
        files = FileMiddleware(publicDirectory: publicDirectory, defaultFile: nil)
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method == .GET || request.method == .HEAD {
            return try await files.respond(to: request, chainingTo: next)
        }
        if let path = request.url.path.removingPercentEncoding, !path.contains(".."), path.count > 1 {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: publicDirectory + path.dropFirst(), isDirectory: &isDirectory), !isDirectory.boolValue {
                throw Abort(.methodNotAllowed, headers: ["Allow": "GET, HEAD"], reason: "Méthode \(request.method.rawValue) non permise sur un fichier : GET ou HEAD.")
            }
        }
        return try await next.respond(to: request)
    }
}
