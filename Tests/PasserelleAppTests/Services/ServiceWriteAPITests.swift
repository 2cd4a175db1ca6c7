import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleServices
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Services in the API: published and edited with a token")
struct ServiceWriteAPITests {
    @Test func aPartnerPublishesAndEditsItsService() async throws {
        try await withPasserelle(.demo) { app in
            let organisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let token = try await Persona.partner.token(app)
            let created = try await API.send(app, .POST, "/api/v1/services", Factories.serviceBody(organisation: organisation), token: token)
            let json = try created.json
            #expect(created.status == .created, "\(created.body.text)")
            #expect(json["statut"].string == "publie" && json["score_qualite"].double != nil && json["a_ameliorer"].array.count >= 1)
            let id = try #require(json["id"].string)
            let found = try await app.get("/api/v1/services?commune=59512&thematique=mobilite&size=100").json
            #expect(found["items"].array.contains { $0["id"].string == id })
            let edited = try await API.send(app, .PUT, "/api/v1/services/\(id)", Factories.serviceBody(organisation: nil, name: "Permanence mobilité des jeunes"), token: token)
            #expect(edited.status == .ok)
            #expect(try await ServiceStore.service(try #require(UUID(uuidString: id)), on: app.db)?.name == "Permanence mobilité des jeunes")
            let bad = try await API.send(app, .PUT, "/api/v1/services/\(id)", Factories.serviceBody(organisation: nil).replacingOccurrences(of: "\"59512\"", with: "\"99999\""), token: token)
            let reason = try bad.json["reason"].string
            #expect(bad.status == .badRequest && reason?.contains("99999") == true)
        }
    }

    @Test func othersMayNotWrite() async throws {
        try await withPasserelle(.demo) { app in
            let partnerOrganisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let service = try #require(try await ServiceStore.all(on: app.db).first { $0.provider.organisationId == partnerOrganisation })
            #expect(try await API.send(app, .POST, "/api/v1/services", Factories.serviceBody(organisation: partnerOrganisation), token: nil).status == .unauthorized)
            let buyer = try await Persona.buyer.token(app)
            let buyerOrganisation = try #require(try await DemoAccounts.organisation(of: "acheteur", on: app.db))
            #expect(try await API.send(app, .POST, "/api/v1/services", Factories.serviceBody(organisation: buyerOrganisation), token: buyer).status == .forbidden)
            let structure = try await Persona.structure.token(app)
            #expect(try await API.send(app, .POST, "/api/v1/services", Factories.serviceBody(organisation: partnerOrganisation), token: structure).status == .forbidden)
            #expect(try await API.send(app, .PUT, "/api/v1/services/\(service.id.uuidString)", Factories.serviceBody(organisation: nil), token: structure).status == .forbidden)
            #expect(try await API.send(app, .PUT, "/api/v1/services/\(UUID())", Factories.serviceBody(organisation: nil), token: structure).status == .notFound)
        }
    }
}
