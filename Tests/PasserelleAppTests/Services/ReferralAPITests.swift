import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleServices
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Referrals in the API: sent and read with a token, rights checked")
struct ReferralAPITests {
    static func body(service: UUID, organisation: UUID, consent: Bool = true, last: String = "Essai") -> String {
        #"""
        {"service": "\#(service.uuidString.lowercased())", "organisation": "\#(organisation.uuidString.lowercased())", "prenom": "Noé", "nom": "\#(last)",
         "publics": ["jeunes"], "criteres_verifies": true, "preference_contact": "telephone", "telephone": "06 12 34 56 78",
         "referent": "Sacha", "motif": "Accompagnement vers le permis de conduire.", "consentement": \#(consent)}
        """#
    }

    static func post(_ app: Application, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await API.postJSON(app, "/api/v1/referrals", body, headers: headers)
    }

    @Test func aStructureRefersAndBothSidesReadIt() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let organisation = try #require(try await DemoAccounts.organisation(of: "structure", on: app.db))
            let token = try await Persona.structure.token(app)
            let created = try await Self.post(app, Self.body(service: service.id, organisation: organisation), token: token)
            let json = try created.json
            #expect(created.status == .created, "\(created.body.text)")
            #expect(json["etat"].string == "ouverte" && json["personne"]["telephone"].string == "06 12 34 56 78" && json["anonymisee"].bool == false)
            #expect(json["service"]["name"].string == service.name && json["expire_le"].string != nil)
            let id = try #require(json["id"].string)
            // The service's contact got the link.
            #expect(try await Outbox.messages(to: service.email!, on: app.db).contains { $0.textBody.contains(id) })
            let partner = try await Persona.partner.token(app)
            let read = try await API.get(app, "/api/v1/referrals/\(id)", token: partner)
            let readName = try read.json["personne"]["nom"].string
            #expect(read.status == .ok && readName == "Essai")
            for outsider in [Persona.buyer, .admin, .steward] {
                let token = try await outsider.token(app)
                let refused = try await API.get(app, "/api/v1/referrals/\(id)", token: token)
                #expect(refused.status == .notFound && !refused.body.text.contains("Essai"), "\(outsider)")
            }
            #expect(try await API.get(app, "/api/v1/referrals/\(id)").status == .unauthorized)
            #expect(try await API.get(app, "/api/v1/referrals/\(UUID())", token: partner).status == .notFound)
            #expect(try await API.get(app, "/api/v1/referrals/pas-un-uuid", token: partner).status == .badRequest)
            let reads = try await Audit.entries(action: .referralRead, on: app.db).filter { $0.object == "orientation:\(id)" && $0.detail == "api" }
            #expect(reads.count == 1)
        }
    }

    @Test func refusalsSayWhy() async throws {
        try await withPasserelle(.demo) { app in
            let service = try await Factories.partnerService(app)
            let organisation = try #require(try await DemoAccounts.organisation(of: "structure", on: app.db))
            let token = try await Persona.structure.token(app)
            #expect(try await Self.post(app, Self.body(service: service.id, organisation: organisation), token: nil).status == .unauthorized)
            let noConsent = try await Self.post(app, Self.body(service: service.id, organisation: organisation, consent: false), token: token)
            let noConsentReason = try noConsent.json["reason"].string
            #expect(noConsent.status == .badRequest && noConsentReason?.contains("engagement") == true)
            let badPreference = try await Self.post(app, Self.body(service: service.id, organisation: organisation).replacingOccurrences(of: "\"telephone\",", with: "\"pigeon\","), token: token)
            #expect(badPreference.status == .badRequest)
            // Someone outside the referrer's organisation.
            let partnerOrganisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            #expect(try await Self.post(app, Self.body(service: service.id, organisation: partnerOrganisation), token: token).status == .forbidden)
            let buyer = try await Persona.buyer.token(app)
            let buyerOrganisation = try #require(try await DemoAccounts.organisation(of: "acheteur", on: app.db))
            #expect(try await Self.post(app, Self.body(service: service.id, organisation: buyerOrganisation), token: buyer).status == .forbidden)
            #expect(try await Self.post(app, Self.body(service: UUID(), organisation: organisation), token: token).status == .notFound)
            var archivedService = service
            archivedService.status = .archived
            try await ServiceStore.save(archivedService, on: app.db)
            let archived = try await Self.post(app, Self.body(service: service.id, organisation: organisation), token: token)
            let archivedReason = try archived.json["reason"].string
            #expect(archived.status == .conflict && archivedReason?.contains("archivé") == true)
            let count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM referrals WHERE person_last_name = 'Essai'").first()?.decode(column: "n", as: Int.self)
            #expect(count == 0)
        }
    }
}
