import PasserelleAPI
import Vapor

/// The implementation of the API contract (`openapi.yaml`). Each module adds its operations in an
/// extension, next to its other code (`Directory/DirectoryAPI.swift`, `Territory/TerritoryAPI.swift`);
/// the application states that together they are the contract (`Assembly/APIContract.swift`).
package struct APIHandler: Sendable {
    package let app: Application

    package init(app: Application) {
        self.app = app
    }

    package typealias ErrorBody = Components.Schemas._Error

    /// The answer to a request that needs a token and carries none that is valid.
    package static let missingToken = "Jeton absent, inconnu ou révoqué : envoyez l’en-tête « Authorization: Bearer <jeton> » avec un jeton créé sur la page « Mon compte »."

    package static func error(_ reason: String) -> ErrorBody {
        ErrorBody(error: true, reason: reason)
    }
}
