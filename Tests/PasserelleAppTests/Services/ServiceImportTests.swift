import Foundation
import PasserelleCore
@testable import PasserelleServices
import SQLKit
import Testing
import Vapor
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Services: data·inclusion import, idempotent, with a report per item")
struct ServiceImportTests {
    static func run(_ app: Application, _ text: String, names: [String: String] = [:], skipInvalid: Bool = false) async throws -> ServiceImport.Report {
        try await ServiceImport.importFile(try DataInclusionFiles.items(Data(text.utf8)), structureNames: names, skipInvalid: skipInvalid, actor: "essai",
                                           reference: try app.platform.reference, on: app.db)
    }

    @Test func ourExportComesBackUnchanged() async throws {
        try await withPasserelle(.demo) { app in
            let services = try await ServiceStore.published(on: app.db)
            let data = try ServiceExport.dataInclusion(services, reference: try app.platform.reference, publicURL: "http://passerelle.test")
            let report = try await Self.run(app, String(decoding: data, as: UTF8.self))
            #expect(report.applied && report.problems.isEmpty && report.unchanged == services.count && report.created == 0 && report.updated == 0)
        }
    }

    @Test func anotherPlatformsServicesAreCreatedOnceAndFoundByTheSearch() async throws {
        try await withPasserelle(.demo) { app in
            let file = """
                id;source;structure_id;nom;description;date_maj;thematiques;modes_accueil;code_insee;courriel
                svc-9;dora;s1;Garde d’enfants solidaire;Places de crèche pour les parents qui reprennent un emploi.;2026-09-01;famille--garde-denfants;en-presentiel;59512;creche@example.org
                svc-10;dora;s1;Atelier;Atelier de cuisine du monde.;2026-09-01;cuisine;en-presentiel;59512;
                svc-11;dora;inconnue;Autre;Un service dont la structure est inconnue.;2026-09-01;famille--garde-denfants;a-distance;;
                """
            let names = ["dora--s1": "Centre social de l’Essai"]
            let strict = try await Self.run(app, file, names: names)
            #expect(!strict.applied && strict.invalidRows == 2 && strict.problems.map(\.line).sorted() == [3, 4])
            #expect(try await ServiceStore.service(source: "data-inclusion:dora", sourceId: "svc-9", on: app.db) == nil)
            let first = try await Self.run(app, file, names: names, skipInvalid: true)
            #expect(first.applied && first.created == 1 && first.invalidRows == 2)
            let stored = try #require(try await ServiceStore.service(source: "data-inclusion:dora", sourceId: "svc-9", on: app.db))
            #expect(stored.provider.name == "Centre social de l’Essai" && stored.provider.reference == "s1" && stored.status == .published)
            let again = try await Self.run(app, file, names: names, skipInvalid: true)
            #expect(again.created == 0 && again.unchanged == 1)
            let changed = try await Self.run(app, file.replacingOccurrences(of: "solidaire;", with: "solidaire et proche;"), names: names, skipInvalid: true)
            let renamed = try await ServiceStore.service(stored.id, on: app.db)
            #expect(changed.updated == 1 && renamed?.name == "Garde d’enfants solidaire et proche")
            app.serviceIndexCache.invalidate()
            let found = try await app.get("/api/v1/services?commune=59512&thematique=famille&size=100").json
            #expect(found["items"].array.contains { $0["id"].string == stored.id.uuidString.lowercased() })
        }
    }
}
