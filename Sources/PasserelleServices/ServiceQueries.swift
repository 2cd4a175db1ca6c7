import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The one search of services around a commune, for the page, the API and the CLI.
package enum ServiceQueries {
    package static func search(_ query: ServiceQuery, app: Application, reference: ReferenceData) async throws -> ServiceIndex.Results {
        let index = try await app.serviceIndexCache.current(on: app.db, reference: reference)
        do {
            // A service published twice shows once: pages, exports and the API count the same.
            return try index.search(query).distinct()
        } catch .unknownCommune(let code) {
            throw Abort(.badRequest, reason: "commune : « \(code) » n’est pas un code INSEE de commune connu.")
        }
    }
}
