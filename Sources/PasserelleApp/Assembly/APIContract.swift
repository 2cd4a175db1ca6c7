import OpenAPIRuntime
import OpenAPIVapor
import PasserelleAPI
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The modules' operations, together, are the API contract: the conformance is stated here, where
/// all of them are seen.
extension APIHandler: APIProtocol {
    /// Registers the operations on `routes`, which carry the accounts' reading of API tokens.
    static func register(on routes: any RoutesBuilder, app: Application) throws {
        let transport = VaporTransport(routesBuilder: routes)
        // Compact JSON: answers are read by programs, and indentation doubles their size.
        let configuration = Configuration(jsonEncodingOptions: [.sortedKeys, .withoutEscapingSlashes])
        try APIHandler(app: app).registerHandlers(on: transport, serverURL: Servers.Server1.url(), configuration: configuration)
    }
}
