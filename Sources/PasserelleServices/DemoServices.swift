import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The demo's partner services: 320 in Hauts-de-France over every category; those of the missions
/// locales belong to the demo partner's organisation, so that it has services to answer for.
package enum DemoServices {
    package static func load(_ app: Application) async throws {
        guard try await ServiceStore.count(on: app.db) == 0 else { return }
        var services = SampleServices.demo(gazetteer: try app.platform.reference.gazetteer, now: Date())
        let partner = try await DemoAccounts.organisation(of: "partenaire", on: app.db)
        for index in services.indices where services[index].provider.name.hasPrefix("Mission locale") {
            services[index].provider.organisationId = partner
        }
        try await ServiceStore.insert(services, on: app.db)
        app.serviceIndexCache.invalidate()
        app.logger.info("Demo services loaded", metadata: ["services": "\(services.count)"])
    }
}
