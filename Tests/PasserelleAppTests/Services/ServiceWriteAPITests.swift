import Foundation
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp

@Suite("Services in the API: published and edited with a token")
struct ServiceWriteAPITests {
    static func body(organisation: UUID?, name: String = "Permanence mobilité", status: String = "publie") -> String {
        #"""
        {\#(organisation.map { "\"organisation\": \"\($0.uuidString.lowercased())\"," } ?? "") "nom": "\#(name)",
         "description": "Conseils pour se déplacer vers l’emploi : transports, aides, location de véhicules.",
         "type": "accompagnement", "thematiques": ["mobilite--preparer-un-permis"], "publics": ["jeunes"], "frais": "gratuit",
         "modes_accueil": ["en-presentiel"], "code_insee": "59512", "adresse": "2 rue de l’Essai", "zone_eligibilite": ["59"],
         "modes_mobilisation": ["telephoner"], "mobilisable_par": ["professionnels"], "telephone": "03 20 00 00 01",
         "volume_horaire_hebdomadaire": 3, "statut": "\#(status)"}
        """#
    }

    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(string: body))
    }

    @Test func aPartnerPublishesAndEditsItsService() async throws {
        try await withPasserelle(.demo) { app in
            let organisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let token = try await NeedAPITests.token(app, "partenaire@demo.passerelle.test")
            let created = try await Self.send(app, .POST, "/api/v1/services", Self.body(organisation: organisation), token: token)
            let json = try created.json
            #expect(created.status == .created, "\(created.body.string)")
            #expect(json["statut"].string == "publie" && json["score_qualite"].double != nil && json["a_ameliorer"].array.count >= 1)
            let id = try #require(json["id"].string)
            let found = try await app.get("/api/v1/services?commune=59512&thematique=mobilite&size=100").json
            #expect(found["items"].array.contains { $0["id"].string == id })
            let edited = try await Self.send(app, .PUT, "/api/v1/services/\(id)", Self.body(organisation: nil, name: "Permanence mobilité des jeunes"), token: token)
            #expect(edited.status == .ok)
            #expect(try await ServiceStore.service(try #require(UUID(uuidString: id)), on: app.db)?.name == "Permanence mobilité des jeunes")
            let bad = try await Self.send(app, .PUT, "/api/v1/services/\(id)", Self.body(organisation: nil).replacingOccurrences(of: "\"59512\"", with: "\"99999\""), token: token)
            let reason = try bad.json["reason"].string
            #expect(bad.status == .badRequest && reason?.contains("99999") == true)
        }
    }

    @Test func othersMayNotWrite() async throws {
        try await withPasserelle(.demo) { app in
            let partnerOrganisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let service = try #require(try await ServiceStore.all(on: app.db).first { $0.provider.organisationId == partnerOrganisation })
            #expect(try await Self.send(app, .POST, "/api/v1/services", Self.body(organisation: partnerOrganisation), token: nil).status == .unauthorized)
            let buyer = try await NeedAPITests.token(app, "acheteur@demo.passerelle.test")
            let buyerOrganisation = try #require(try await DemoAccounts.organisation(of: "acheteur", on: app.db))
            #expect(try await Self.send(app, .POST, "/api/v1/services", Self.body(organisation: buyerOrganisation), token: buyer).status == .forbidden)
            let structure = try await NeedAPITests.token(app, "structure@demo.passerelle.test")
            #expect(try await Self.send(app, .POST, "/api/v1/services", Self.body(organisation: partnerOrganisation), token: structure).status == .forbidden)
            #expect(try await Self.send(app, .PUT, "/api/v1/services/\(service.id.uuidString)", Self.body(organisation: nil), token: structure).status == .forbidden)
            #expect(try await Self.send(app, .PUT, "/api/v1/services/\(UUID())", Self.body(organisation: nil), token: structure).status == .notFound)
        }
    }
}
