import Foundation
import PasserelleCore
import Testing
import Vapor
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Services: the barriers map page")
struct BarrierPagesTests {
    @Test func theMapOfAmiensListsItsGapsAndExportsThem() async throws {
        try await withPasserelle(.demo) { app in
            let empty = try await app.get("/services/freins")
            #expect(empty.status == .ok && empty.body.text.contains("Choisissez une commune"))
            let unknown = try await app.get("/services/freins?commune_q=Zzzz").body.text
            #expect(unknown.contains("Commune inconnue « Zzzz »"))
            let page = try await app.get("/services/freins?commune=80021")
            let html = page.body.text
            #expect(page.status == .ok && html.contains("Autour d’Amiens (80)") && html.contains("besoins sur 16"))
            let csv = try await app.get("/services/freins.csv?commune=80021")
            let rows = try CSV.parse(csv.body.text)
            #expect(csv.status == .ok && rows.count == 17 && rows[0].fields.contains("Couverture"))
            // The map agrees with the search, category by category.
            for row in rows.dropFirst().prefix(4) {
                let slug = try #require(ServiceVocabulary.categories.first { $0.label == row.fields[2] }?.slug)
                let api = try await app.get("/api/v1/services?commune=80021&thematique=\(slug)&size=100").json
                let onSite = api["items"].array.filter { !$0["distance_km"].isNull }.count
                #expect(String(onSite) == row.fields[4], "\(slug)")
            }
            #expect(try await app.get("/services/freins.csv").status == .badRequest)
        }
    }
}
