import AsyncKit
import FluentPostgresDriver
import FluentSQLiteDriver
import OpenAPIRuntime
import PasserelleCore
import Vapor

/// An error as a user sees it: a status and a French reason.
package struct PublicError: Sendable {
    package var status: HTTPResponseStatus
    package var reason: String
    /// Such as `Retry-After` when the platform is busy.
    package var headers: HTTPHeaders = [:]

    /// Decides what a failure means for the user; anything unforeseen is a 500 whose details stay
    /// in the logs.
    /// - Parameter query: the request's query, to name the parameter at fault.
    package static func from(_ error: any Error, environment: AppConfig.Environment, query: String? = nil) -> PublicError {
        switch error {
        case let problem as QueryProblem:
            return PublicError(status: .badRequest, reason: problem.reason)
        case let server as ServerError:
            // The generated API code wraps the handler's errors, and reports its own when the
            // request does not fit the contract (wrong type, unknown value, bad identifier).
            if server.operationInput == nil {
                return PublicError(status: .badRequest, reason: "Requête invalide : " + inputProblem(server, query: query) + " La documentation est sur /api/docs.")
            }
            return from(server.underlyingError, environment: environment, query: query)
        case let abort as any AbortError:
            // An error thrown without words of its own (a route that does not exist, a method it
            // does not take) carries the status's English phrase: users read French.
            let reason = abort.reason == abort.status.reasonPhrase ? frenchReason(abort.status) : abort.reason
            return PublicError(status: abort.status, reason: reason, headers: abort.headers)
        case _ where isDatabaseBusy(error):
            // SQLite's busy timeout ran out while another connection held the write lock: the
            // request was right, the moment was not.
            return PublicError(status: .serviceUnavailable, reason: "La plateforme est très sollicitée en ce moment : réessayez dans quelques secondes.", headers: ["Retry-After": "2"])
        case _ where isDatabaseUnavailable(error):
            return PublicError(status: .serviceUnavailable, reason: "La base de données est momentanément indisponible. Réessayez dans quelques instants.", headers: ["Retry-After": "5"])
        default:
            let detail = environment == .production ? "l’équipe a été prévenue par le journal." : LoggedError.kind(of: error)
            return PublicError(status: .internalServerError, reason: "Erreur interne : " + detail)
        }
    }

    /// What the contract refused, in French: the decoder's failure with its field, or the
    /// runtime's own checks (a missing parameter or body, a wrong content type).
    /// What a status means, said to the person who got it.
    static func frenchReason(_ status: HTTPResponseStatus) -> String {
        switch status.code {
        case 400: "La demande est incorrecte."
        case 401: "Connectez-vous pour continuer."
        case 403: "Vous n’avez pas accès à cette page."
        case 404: "Cette adresse ne mène à aucune page : elle a peut-être changé, ou la page a été retirée."
        case 405: "Cette adresse n’accepte pas ce type de demande."
        case 413: "Le contenu envoyé est trop volumineux."
        case 415: "Le format du contenu envoyé n’est pas accepté."
        case 429: "Trop de demandes en peu de temps : réessayez dans un moment."
        default: "La demande n’a pas abouti (code \(status.code))."
        }
    }

    package static func inputProblem(_ server: ServerError, query: String?) -> String {
        if let decoding = server.underlyingError as? DecodingError {
            return DecodingProblem.french(decoding, query: QueryItems.parse(query))
        }
        let cause = server.causeDescription
        func after(_ marker: String) -> String? {
            cause.range(of: marker).map { String(cause[$0.upperBound...]).trimmingCharacters(in: CharacterSet(charactersIn: " .'")) }
        }
        if let name = after("Missing required query parameter named:") { return "paramètre obligatoire absent : « \(name) »." }
        if let name = after("Missing required path parameter named:") { return "élément d’adresse absent : « \(name) »." }
        if let name = after("The required header field named") { return "en-tête obligatoire absent : « \(name.replacingOccurrences(of: "' is missing", with: "")) »." }
        if cause.contains("Missing required request body") { return "le corps de la requête est absent." }
        if cause.contains("Unexpected content type") || cause.contains("content type") {
            return "le type de contenu n’est pas celui attendu (Content-Type: application/json)."
        }
        return "un paramètre n’a pas la forme attendue."
    }

    package static func isDatabaseBusy(_ error: any Error) -> Bool {
        guard let sqlite = error as? SQLiteError else { return false }
        return [.busy, .locked, .busyInSnapshot, .busyInRecovery, .busyTimeout, .lockedBySharedCache].contains(sqlite.reason)
    }

    package static func isDatabaseUnavailable(_ error: any Error) -> Bool {
        if error is ConnectionPoolTimeoutError { return true }
        if let pool = error as? ConnectionPoolError, case .shutdown = pool { return true }
        if let psql = error as? PSQLError {
            if [.connectionError, .serverClosedConnection, .clientClosedConnection, .uncleanShutdown, .poolClosed].contains(psql.code) { return true }
            // A server stopping or starting ends the queries in flight with class 57P (admin or
            // crash shutdown, cannot connect now) or 08 (connection exception): the database is
            // away, the request was not wrong.
            if psql.code == .server, let state = psql.serverInfo?[.sqlState] {
                return state.hasPrefix("57P") || state.hasPrefix("08")
            }
            return false
        }
        if error is NIOConnectionError || error is ChannelError { return true }
        let text = String(reflecting: error)
        return text.contains("NIOConnectionError") || text.contains("connectionRequestTimeout")
    }
}

/// What the log says of an error: its type and, for the errors whose text is known to hold no
/// request data, their code. Never `String(reflecting:)`: the API's `ServerError` reflects the
/// whole request, headers and body included.
package enum LoggedError {
    package static func kind(of error: any Error) -> String {
        switch error {
        case let server as ServerError:
            return "ServerError(\(server.operationID)) ← " + kind(of: server.underlyingError)
        case let sqlite as SQLiteError:
            return "SQLiteError(\(sqlite.reason))"
        case let psql as PSQLError:
            // The SQLSTATE names the failure; the server's message may quote the row's values.
            return "PSQLError(\(psql.code)" + (psql.serverInfo?[.sqlState].map { ", sqlState: \($0)" } ?? "") + ")"
        case let abort as any AbortError:
            return "\(type(of: abort))(\(abort.status.code))"
        case let unreadable as UnreadableStoredValue:
            // Where it lies, not what it holds: the value may be anything.
            return "UnreadableStoredValue(\(unreadable.table).\(unreadable.column), id: \(unreadable.id))"
        default:
            return String(describing: type(of: error))
        }
    }
}

/// Turns every error into a JSON body for the API (`{"error": true, "reason": …}`) and a page
/// for people.
package struct PasserelleErrorMiddleware: AsyncMiddleware {
    package let environment: AppConfig.Environment

    package init(environment: AppConfig.Environment) {
        self.environment = environment
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var failure = PublicError.from(error, environment: environment, query: request.url.query)
            var allowed: [String] = []
            if request.route == nil, failure.status == .notFound {
                // The path exists with other methods: say so (405) rather than "not found".
                allowed = Self.methods(allowedFor: request)
                if !allowed.isEmpty {
                    failure = PublicError(status: .methodNotAllowed, reason: "Méthode \(request.method.rawValue) non permise ici : \(allowed.joined(separator: ", ")).")
                }
            }
            if failure.status.code >= 500 {
                // 503 is the platform shedding load or waiting for its database: worth a look, not an alarm.
                // The error's type and the route only: an error may carry the whole request
                // (the API's errors do), and with it passwords, tokens and personal data.
                request.logger.log(level: failure.status == .serviceUnavailable ? .warning : .error, "Request failed", metadata: [
                    "error": .string(LoggedError.kind(of: error)), "status": .stringConvertible(failure.status.code),
                    "route": .string(request.routePattern),
                ])
            }
            let response: Response
            if request.url.path.hasPrefix("/api/") || Self.prefersJSON(request) {
                response = Response(status: failure.status)
                try response.content.encode(ErrorBody(error: true, reason: failure.reason), as: .json)
            } else {
                response = try await ErrorPage.render(failure, for: request)
            }
            if !allowed.isEmpty { response.headers.replaceOrAdd(name: .allow, value: allowed.joined(separator: ", ")) }
            for (name, value) in failure.headers { response.headers.replaceOrAdd(name: name, value: value) }
            return response
        }
    }

    /// Whether the client asked for JSON first (a script), rather than accepting anything (a browser).
    package static func prefersJSON(_ request: Request) -> Bool {
        guard let first = request.headers.accept.mediaTypes.first else { return false }
        return first.type == "application" && first.subType == "json"
    }

    /// Methods of the routes whose pattern matches the request's path.
    package static func methods(allowedFor request: Request) -> [String] {
        let parts = request.url.path.split(separator: "/").map(String.init)
        // Like the router, a constant component wins over a parameter: `/needs/match-preview` is
        // not `/needs/{id}`.
        var methods = Set<String>()
        var bestConstants = -1
        for route in request.application.routes.all where route.path.count == parts.count {
            var constants = 0
            let matches = zip(route.path, parts).allSatisfy { component, part in
                switch component {
                case .constant(let value):
                    constants += 1
                    return value == part
                case .parameter, .anything, .catchall:
                    return true
                }
            }
            guard matches, constants >= bestConstants else { continue }
            if constants > bestConstants {
                methods = []
                bestConstants = constants
            }
            methods.insert(route.method.rawValue)
        }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    package struct ErrorBody: Content {
        package var error: Bool
        package var reason: String

        package init(error: Bool, reason: String) {
            self.error = error
            self.reason = reason
        }
    }
}

extension Request {
    /// The route's pattern (`/besoins/:id/clore`), never the path itself: a path may hold a
    /// secret or a person's data, a pattern does not.
    package var routePattern: String {
        route.map { "/" + $0.path.map(\.description).joined(separator: "/") } ?? "unmatched"
    }
}
