import Foundation
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Directory API")
struct DirectoryAPITests {
    @Test func demoDirectoryCoversTheFiveDepartementsAndEveryKind() async throws {
        try await withPasserelle { app in
            let index = try await app.directoryIndex()
            #expect(index.count >= 400)
            let gazetteer = try app.platform.reference.gazetteer
            let departements = Set(index.structures.compactMap { $0.communeCode.flatMap(gazetteer.commune)?.departementCode })
            #expect(departements.isSuperset(of: ["02", "59", "60", "62", "80"]))
            #expect(Set(index.structures.map(\.kind)) == Set(StructureKind.allCases))
            #expect(index.structures.contains { $0.name == "EA Malécot" })
        }
    }

    @Test func listAnswersThePaginatedShape() async throws {
        try await withPasserelle { app in
            let body = try await app.get("/api/v1/structures?size=5&page=2").json
            #expect(body.keys.isSuperset(of: ["items", "total", "page", "size", "pages"]))
            #expect(body["page"].int == 2 && body["size"].int == 5)
            #expect(body["items"].array.count == 5)
            let total = try #require(body["total"].int)
            #expect(body["pages"].int == (total + 4) / 5)
            let item = body["items"][0]
            #expect(item.keys.isSuperset(of: ["id", "name", "kind", "commune", "latitude", "longitude", "sectors"]))
            #expect(item["commune"].keys == ["code", "name"])
        }
    }

    @Test func nearGivesDistancesAndReasons() async throws {
        try await withPasserelle { app in
            let body = try await app.get("/api/v1/structures?q=nettoyage&near=59350&radius_km=20&sort=distance&size=100").json
            let items = body["items"].array
            #expect(!items.isEmpty)
            let distances = items.compactMap { $0["distance_km"].double }
            #expect(distances.count == items.count)
            #expect(distances == distances.sorted())
            #expect(distances.allSatisfy { $0 <= 20 })
            #expect(items.allSatisfy { $0["reasons"].array.contains { $0.string?.contains("nettoyage") == true } })
        }
    }

    @Test func coversFiltersOnTheSameActivityAndExplains() async throws {
        try await withPasserelle { app in
            let body = try await app.get("/api/v1/structures?sector=nettoyage-de-locaux-16&covers=62498&size=100").json
            let items = body["items"].array
            #expect(!items.isEmpty)
            for item in items {
                #expect(item["sectors"].array.contains { $0.string == "nettoyage-de-locaux-16" })
                let reasons = item["reasons"].array.compactMap(\.string)
                #expect(reasons.contains("secteur Nettoyage de locaux"))
                #expect(reasons.contains { $0.hasPrefix("intervient ") })
            }
        }
    }

    @Test func kindsAndDepartementAndRegionFilter() async throws {
        try await withPasserelle { app in
            let body = try await app.get("/api/v1/structures?kind=ea&kind=esat&departement=59&size=100").json
            #expect(body["items"].array.allSatisfy { ["ea", "esat"].contains($0["kind"].string ?? "") && $0["departement"].string == "59" })
            #expect(body["counts_by_kind"]["aci"].int ?? 0 > 0)
            let region = try await app.get("/api/v1/structures?region=32&size=100").json
            #expect(region["items"].array.count == 100 && region["items"].array.allSatisfy { ["02", "59", "60", "62", "80"].contains($0["departement"].string ?? "") })
            // The demo has nothing in Île-de-France; ENOUMA, named in the proceedings, has no commune there.
            #expect(try await app.get("/api/v1/structures?region=11").json["items"].array.isEmpty)
        }
    }

    @Test func siretFindsItsStructure() async throws {
        try await withPasserelle { app in
            let index = try await app.directoryIndex()
            let structure = try #require(index.structures.first { $0.siret != nil })
            let body = try await app.get("/api/v1/structures?q=\(structure.siret!)").json
            #expect(body["total"].int == 1)
            #expect(body["items"][0]["id"].string == structure.id.uuidString.lowercased())
        }
    }

    @Test(arguments: [
        "kind=xyz", "sector=plomberie-fine", "sector_group=nope", "service_type=interim", "covers=99999",
        "near=59350&radius_km=501", "near=59350&radius_km=-2", "radius_km=10", "page=0", "size=101", "size=0",
        "departement=999", "region=00", "sort=price", "sort=distance", "page=abc", "radius_km=abc&near=59350",
        "page=100001", "page=790290314326529792", "page=281474976710655&size=28",
    ])
    func refusesBadParametersWithAReason(query: String) async throws {
        try await withPasserelle(.reference) { app in
            let response = try await app.get("/api/v1/structures?\(query)")
            #expect(response.status == .badRequest, "\(query): \(response.body.text)")
            #expect(response.headers.contentType == .json)
            let body = try response.json
            #expect(body["error"].bool == true)
            #expect(body["reason"].string?.isEmpty == false)
        }
    }

    @Test func detailAndNotFound() async throws {
        try await withPasserelle { app in
            let structure = try #require(try await app.directoryIndex().structures.first { $0.name == "EA Malécot" })
            let body = try await app.get("/api/v1/structures/\(structure.id.uuidString)").json
            #expect(body["name"].string == "EA Malécot")
            #expect(body["kind"].string == "ea")
            // Only what the proceedings state: the commune where it is based, no staff figure of
            // insertion (its 110 workers have an RQTH, they are not in insertion).
            #expect(body["insertion_staff"].int == nil)
            #expect(body["activities"].array.count == 3)
            #expect(body["activities"][0]["reach"]["description"].string == "Marcq-en-Barœul (59)")
            let missing = try await app.get("/api/v1/structures/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
            #expect(try missing.json["error"].bool == true)
            let invalid = try await app.get("/api/v1/structures/not-a-uuid")
            #expect(invalid.status == .badRequest)
        }
    }

    @Test func sectorsAreListedByGroup() async throws {
        try await withPasserelle(.reference) { app in
            let body = try await app.get("/api/v1/sectors").json
            #expect(body["total"].int == 20)
            let hygiene = try #require(body["items"].array.first { $0["slug"].string == "hygiene-et-proprete-64" })
            #expect(hygiene["sectors"].array.contains { $0["name"].string == "Nettoyage de locaux" })
            #expect(hygiene["sectors"].array.last?["name"].string?.hasPrefix("Autre") == true)
        }
    }

    @Test func csvExportIsForExcelInFrench() async throws {
        try await withPasserelle { app in
            let response = try await app.get("/api/v1/structures.csv?q=nettoyage&near=59350&radius_km=20")
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.subType == "csv")
            #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let text = response.body.text
            #expect(text.hasPrefix("\u{FEFF}Identifiant;Nᵒ SIRET;"))
            let records = try CSV.parse(text)
            let total = try await app.get("/api/v1/structures?q=nettoyage&near=59350&radius_km=20").json["total"].int
            #expect(records.count - 1 == total)
            let header = records[0].fields
            #expect(header.contains("Distance (km)") && header.contains("Pourquoi ce résultat"))
            let bad = try await app.get("/api/v1/structures.csv?kind=nope")
            #expect(bad.status == .badRequest)
        }
    }

    @Test func dataInclusionExportOfEveryDemoStructureValidates() async throws {
        try await withPasserelle { app in
            let schema = try JSONSchema(file: "Resources/Schemas/data-inclusion-structure.json")
            let structures = try await app.directoryIndex().structures
            let data = try DirectoryExport.dataInclusion(structures, reference: app.platform.reference, publicURL: "https://passerelle.example")
            let items = try #require(try JSONSerialization.jsonObject(with: data) as? [Any])
            #expect(items.count == structures.count)
            for item in items {
                let problems = schema.validate(item)
                #expect(problems.isEmpty, "\(problems)")
            }
            let one = try #require(structures.first)
            let response = try await app.get("/api/v1/structures/\(one.id.uuidString)/data-inclusion")
            #expect(response.status == .ok)
            #expect(schema.validate(try JSONSerialization.jsonObject(with: Data(buffer: response.body))).isEmpty)
        }
    }
}
