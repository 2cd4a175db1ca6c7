import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleServices
import Testing
import Vapor
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// The files of `Tests/Fixtures/data-inclusion/`, imported as an operator would.
@Suite("data·inclusion imports: partners, nulls, pages")
struct DataInclusionImportTests {
    static func fixture(_ name: String) throws -> Data {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try Data(contentsOf: folder.appendingPathComponent("Fixtures/data-inclusion/\(name)"))
    }

    @Test func partnersAreImportedAndPublishServicesWhileTheDirectoryKeepsEmployers() async throws {
        try await withPasserelle(.reference) { app in
            let reference = try app.platform.reference
            let structures = try await DirectoryImport.importFile(Self.fixture("structures-partners.json"), format: .dataInclusion, skipInvalid: false,
                                                                  actor: "essai", reference: reference, participants: app.directoryParticipants, on: app.db)
            // Nothing refused: every record is valid against structure.json.
            #expect(structures.applied && structures.problems.isEmpty, "\(structures.problems)")
            #expect(structures.created == 2 && structures.partners.created == 4)
            #expect(Set(structures.notes.map(\.column)) == ["telephone", "siret", "site_web"])
            #expect(try await Audit.entries(action: .partnersImported, on: app.db).first?.detail == "4 créée(s), 0 mise(s) à jour")
            try await app.directoryIndexCache.rebuild(on: app.db, reference: reference, logger: app.logger)
            let listed = try await app.directoryIndex().structures.filter { $0.source == "data-inclusion:dora" }
            #expect(listed.count == 2 && Set(listed.map(\.kind)) == [.aci, .ea])
            let partners = try await OrganisationQueries.imported(on: app.db)
            #expect(Set(partners.values.map(\.sourceID)) == ["ml-essai", "ft-essai", "asso-essai", "regie-essai"])

            for file in ["services-nulls-and-empty.json", "services-api-page.json"] {
                let report = try await ServiceImport.importFile(DataInclusionFiles.items(Self.fixture(file)), structureNames: [:], skipInvalid: false,
                                                                actor: "essai", reference: reference, on: app.db)
                #expect(report.applied && report.problems.isEmpty, "\(file): \(report.problems)")
            }
            let mobility = try #require(try await ServiceStore.service(source: "data-inclusion:dora", sourceId: "svc-ml-1", on: app.db))
            #expect(mobility.provider.organisationId == partners["data-inclusion:dora|ml-essai"]?.id && mobility.provider.name == "Mission locale de l’Essai")
            #expect(mobility.receptionModes.isEmpty && mobility.thematiques.isEmpty)
            // The same files again change nothing.
            let again = try await DirectoryImport.importFile(Self.fixture("structures-partners.json"), format: .dataInclusion, skipInvalid: false,
                                                             actor: "essai", reference: reference, participants: app.directoryParticipants, on: app.db)
            #expect(again.unchanged == 2 && again.partners.unchanged == 4 && again.partners.created == 0)
            app.serviceIndexCache.invalidate()
            let found = try await app.get("/api/v1/services?commune=62041&size=100").json
            #expect(found["items"].array.contains { $0["name"].string == "Épicerie solidaire" }, "\(found.raw)")
        }
    }

    @Test func wrongTypesAreReportedPerItemAndV0IsRefused() async throws {
        try await withPasserelle(.reference) { app in
            let report = try await ServiceImport.importFile(DataInclusionFiles.items(Self.fixture("services-wrong-types.json")), structureNames: [:],
                                                            skipInvalid: true, actor: "essai", reference: try app.platform.reference, on: app.db)
            #expect(report.invalidRows == 3 && report.problems.contains { $0.reason == "volume horaire hebdomadaire : un nombre est attendu, « beaucoup » reçu." })
            do {
                _ = try await DirectoryImport.importFile(Self.fixture("structures-v0.json"), format: .dataInclusion, skipInvalid: true,
                                                         actor: "essai", reference: try app.platform.reference, participants: app.directoryParticipants, on: app.db)
                Issue.record("a v0 file must be refused")
            } catch let failure as DirectoryImport.Failure {
                #expect(failure.description.contains("schéma data·inclusion v0"))
            }
        }
    }
}
