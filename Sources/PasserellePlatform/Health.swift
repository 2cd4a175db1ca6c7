import Fluent
import SQLKit
import Vapor

/// Liveness, readiness and metrics endpoints for operators and load balancers.
package enum HealthRoutes {
    package static func register(on app: Application) {
        app.get(PlatformPaths.health) { _ in
            HealthBody(status: "ok")
        }
        app.get(PlatformPaths.readiness) { request async -> Response in
            do {
                try await withTimeout(seconds: 2) {
                    try await request.db.sql.raw("SELECT 1 AS ok").run()
                }
                _ = try request.platform.reference
                return try await HealthBody(status: "ready").encodeResponse(for: request)
            } catch {
                let response = Response(status: .serviceUnavailable)
                try? response.content.encode(HealthBody(status: "unavailable", reason: "Base de données injoignable ou données de référence absentes."))
                return response
            }
        }
        app.get(PlatformPaths.metrics) { request -> Response in
            if let expected = request.platform.config.metricsToken {
                guard let given = request.headers.bearerAuthorization?.token, SecretToken.equal(given, expected) else {
                    throw Abort(.unauthorized, headers: ["WWW-Authenticate": "Bearer"], reason: "Les métriques demandent le jeton METRICS_TOKEN : « Authorization: Bearer <jeton> ».")
                }
            }
            let response = Response(status: .ok, body: .init(string: request.platform.metrics.exposition()))
            response.headers.contentType = HTTPMediaType(type: "text", subType: "plain", parameters: ["version": "0.0.4", "charset": "utf-8"])
            return response
        }
    }

    package struct HealthBody: Content {
        package var status: String
        package var reason: String?
    }

    package struct Timeout: Error {}

    package static func withTimeout(seconds: Double, _ work: @escaping @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))
                throw Timeout()
            }
            try await group.next()
            group.cancelAll()
        }
    }
}
