import OpenAPIRuntime
import OpenAPIVapor
import PasserelleAPI
import Vapor

/// The implementation of the API contract (`openapi.yaml`). Each module adds its operations in an
/// extension, next to its other code (`Directory/DirectoryAPI.swift`, `Territory/TerritoryAPI.swift`).
struct APIHandler: APIProtocol {
    let app: Application

    /// Registers the operations on `routes`, which carry the accounts' reading of API tokens.
    static func register(on routes: any RoutesBuilder, app: Application) throws {
        let transport = VaporTransport(routesBuilder: routes)
        // Compact JSON: answers are read by programs, and indentation doubles their size.
        let configuration = Configuration(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])
        try APIHandler(app: app).registerHandlers(on: transport, serverURL: Servers.Server1.url(), configuration: configuration)
    }

    typealias ErrorBody = Components.Schemas._Error

    static func error(_ reason: String) -> ErrorBody {
        ErrorBody(error: true, reason: reason)
    }
}
