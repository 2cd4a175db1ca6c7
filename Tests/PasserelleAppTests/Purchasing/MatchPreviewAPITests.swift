import Foundation
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Purchasing: POST /api/v1/needs/match-preview")
struct MatchPreviewAPITests {
    static func preview(_ app: Application, _ body: String) async throws -> TestingHTTPResponse {
        try await API.postJSON(app, "/api/v1/needs/match-preview", body)
    }

    @Test func aBuyerSizesTheInclusiveOfferWithoutAnAccount() async throws {
        try await withPasserelle(.demo) { app in
            let open = try await Self.preview(app, #"{"sectors": ["nettoyage-de-locaux-16"], "place": "59350", "size": 5, "amount": "40k-100k"}"#)
            #expect(open.status == .ok)
            let body = try open.json
            let total = try #require(body["total"].int)
            #expect(total > 0)
            #expect(body["items"].array.count == min(5, total))
            let first = body["items"][0]
            #expect(first["reasons"][0].string == "secteur Nettoyage de locaux")
            #expect(first["structure"]["id"].string != nil)
            #expect(body["potential"]["total"].int == total)
            #expect(body["potential"]["rule"].string?.isEmpty == false)

            // A contract reserved to SIAE keeps only them, and says why each is admitted.
            let reserved = try await Self.preview(app, #"{"sectors": ["nettoyage-de-locaux-16"], "place": "59350", "size": 100, "clauses": [{"kind": "reserved_siae"}]}"#).json
            let kinds = Set(reserved["items"].array.compactMap { $0["structure"]["kind"].string })
            #expect(!kinds.isEmpty && kinds.isSubset(of: ["aci", "ei", "ai", "etti", "eiti"]))
            #expect(reserved["items"][0]["reasons"].array.contains { $0.string?.contains("marché réservé aux SIAE") == true })
            #expect(reserved["total"].int! <= total)
            // The advice looks at the whole inclusive offer, whatever the clause already chosen.
            #expect(reserved["potential"]["total"].int == total)

            // Widening: the whole département gives at least as many.
            let wider = try await Self.preview(app, #"{"sectors": ["nettoyage-de-locaux-16"], "perimeters": ["59"], "size": 0}"#).json
            #expect(wider["total"].int! >= total)
            #expect(wider["items"].array.isEmpty)
        }
    }

    @Test(arguments: [
        (#"{"sectors": [], "place": "59350"}"#, "sectors"),
        (#"{"sectors": ["pas-un-secteur"], "place": "59350"}"#, "Secteur inconnu"),
        (#"{"sectors": ["nettoyage-de-locaux-16"]}"#, "Dites où le travail a lieu"),
        (#"{"sectors": ["nettoyage-de-locaux-16"], "place": "59350", "national": true}"#, "Une seule façon"),
        (#"{"sectors": ["nettoyage-de-locaux-16"], "place": "00000"}"#, "Commune inconnue"),
        (#"{"sectors": ["nettoyage-de-locaux-16"], "perimeters": ["departement:99"]}"#, "Périmètre inconnu"),
        (#"{"sectors": ["nettoyage-de-locaux-16"], "national": true, "radius_km": 10}"#, "autour d’une commune"),
        (#"{"sectors": ["nettoyage-de-locaux-16"], "national": true, "amount": "beaucoup"}"#, "montant illisible"),
        (#"{"sectors": ["nettoyage-de-locaux-16"], "national": true, "clauses": [{"kind": "autre"}]}"#, "Requête invalide"),
        ("pas du json", "Requête invalide"),
        (#"{"sectors": ["nettoyage-de-locaux-16"], "national": true, "size": 101}"#, "size va de 0 à 100"),
        (#"{"sectors": ["nettoyage-de-locaux-16"], "national": true, "service_types": ["mise-a-disposition", "mise-a-disposition", "mise-a-disposition", "mise-a-disposition"]}"#, "au plus 3 types"),
    ])
    func badInputIsRefusedWithAReason(body: String, expected: String) async throws {
        try await withPasserelle(.reference) { app in
            let response = try await Self.preview(app, body)
            #expect(response.status == .badRequest)
            let json = try response.json
            #expect(json["error"].bool == true)
            #expect(json["reason"].string?.contains(expected) == true)
        }
    }
}
