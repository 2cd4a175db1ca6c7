import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform
@testable import PasserelleTerritory

@Suite("Territory reference and commune API")
struct TerritoryTests {
    @Test func everyCommuneAndLevelIsLoaded() async throws {
        try await withPasserelle(.reference) { app in
            let gazetteer = try app.platform.reference.gazetteer
            #expect(gazetteer.communes.count == 34_920)
            #expect(gazetteer.communes.filter { $0.kind == .arrondissement }.count == 45)
            #expect(gazetteer.departements.count == 101)
            #expect(gazetteer.regions.count == 18)
            #expect(gazetteer.epci("200093201")?.name.contains("Lille") == true)
            let lille = try #require(gazetteer.commune("59350"))
            #expect(lille.name.name == "Lille" && lille.departementCode == "59" && lille.regionCode == "32")
            #expect(lille.postalCodes.contains("59000"))
            #expect(lille.population > 200_000)
            #expect(gazetteer.commune("15031")?.centre == nil)
            let taxonomy = try app.platform.reference.taxonomy
            #expect(taxonomy.groups.count == 20)
            #expect(taxonomy.sectors.count == 154)
        }
    }

    @Test func referenceDataLoadsOnlyOnce() async throws {
        try await withPasserelle(.reference) { app in
            let directory = app.directory.resourcesDirectory + "Reference/"
            for file in TerritoryReference.files + SectorReference.files {
                #expect(try await file.load(from: directory, on: app.db) == false, "\(file.table) reloaded")
            }
            struct Count: Decodable { var count: Int }
            let count = try await app.db.sql.raw("SELECT COUNT(*) AS count FROM communes").first(decoding: Count.self)
            #expect(count?.count == 34_920)
        }
    }

    @Test func communeSearchFindsAbbreviatedNamesFirst() async throws {
        try await withPasserelle(.reference) { app in
            let body = try await app.get("/api/v1/communes?q=st%20pol%20sur").json
            #expect(body["items"][0]["name"].string == "Saint-Pol-sur-Ternoise")
            #expect(body["items"][0]["code"].string == "62767")
            #expect(body["items"][0]["departement"]["name"].string == "Pas-de-Calais")
            let plain = try await app.get("/api/v1/communes?q=st%20pol").json
            let names = plain["items"].array.compactMap { $0["name"].string }
            #expect(names.contains("Saint-Pol-sur-Ternoise") && names.contains("Saint-Pol-de-Léon"))
        }
    }

    @Test func communeSearchByPostalAndInseeCode() async throws {
        try await withPasserelle(.reference) { app in
            let body1 = try await app.get("/api/v1/communes?q=62300").json
            #expect(body1["items"][0]["name"].string == "Lens")
            let body981 = try await app.get("/api/v1/communes?q=59350").json
            #expect(body981["items"][0]["name"].string == "Lille")
            let lyon = try await app.get("/api/v1/communes?q=lyon&limit=3").json
            #expect(lyon["items"][0]["name"].string == "Lyon")
            #expect(lyon["items"].array.count == 3)
            let accents = try await app.get("/api/v1/communes?q=EVREUX").json
            #expect(accents["items"][0]["name"].string == "Évreux")
        }
    }

    @Test func communeSearchRefusesBadParameters() async throws {
        try await withPasserelle(.reference) { app in
            for path in ["/api/v1/communes", "/api/v1/communes?q=", "/api/v1/communes?q=lille&limit=0", "/api/v1/communes?q=lille&limit=51", "/api/v1/communes?q=lille&limit=abc"] {
                let response = try await app.get(path)
                #expect(response.status == .badRequest, "\(path)")
                let body = try response.json
                #expect(body["error"].bool == true, "\(path)")
                #expect(body["reason"].string?.isEmpty == false, "\(path)")
            }
        }
    }
}
