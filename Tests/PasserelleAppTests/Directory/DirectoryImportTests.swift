import Foundation
import PasserelleCore
import Testing
import Vapor
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Import and export of structures")
struct DirectoryImportTests {
    static let good = """
    Nᵒ SIRET;Nom;Type;Code commune;Courriel;Activités
    13002526500013;Atelier du Test;ACI;62498;contact@atelier.example;"nettoyage-de-locaux-16 | prestation-de-services | rayon:25 | Bureaux"
    ;Jardins du Test;ACI;80021;;"creation-et-entretien-des-espaces-verts | prestation-de-services | departement:80"
    """

    func importCSV(_ text: String, skipInvalid: Bool = false, app: Application) async throws -> DirectoryImport.Report {
        try await DirectoryImport.importFile(Data(text.utf8), format: .csv, skipInvalid: skipInvalid, actor: "test", reference: app.platform.reference,
            participants: app.directoryParticipants, on: app.db)
    }

    @Test func importCreatesThenChangesNothingTheSecondTime() async throws {
        try await withPasserelle(.reference) { app in
            let first = try await importCSV(Self.good, app: app)
            #expect(first.applied && first.created == 2 && first.problems.isEmpty)
            let second = try await importCSV(Self.good, app: app)
            #expect(second.created == 0 && second.updated == 0 && second.unchanged == 2)
            // Besides the organisations of the first content.
            let structures = try await DirectoryQueries.allStructures(on: app.db).filter { $0.source != SeedOrganisations.source }
            #expect(structures.count == 2)
            let atelier = try #require(structures.first { $0.siret == "13002526500013" })
            #expect(atelier.activities == [Activity(sectorSlug: "nettoyage-de-locaux-16", serviceTypes: [.services], reach: .radius(km: 25), description: "Bureaux")])
            let history = try await DirectoryQueries.history(of: atelier.id, on: app.db, names: app.directoryParticipants.accountNames)
            #expect(history.count == 1)
            #expect(history.first?.actor == "test")
        }
    }

    @Test func changedRowsUpdateAndAreRecorded() async throws {
        try await withPasserelle(.reference) { app in
            _ = try await importCSV(Self.good, app: app)
            let revision = try await DirectoryQueries.revision(on: app.db)
            let changed = Self.good.replacingOccurrences(of: "contact@atelier.example", with: "bonjour@atelier.example")
            let report = try await importCSV(changed, app: app)
            #expect(report.updated == 1 && report.unchanged == 1)
            let atelier = try #require(try await DirectoryQueries.allStructures(on: app.db).first { $0.siret == "13002526500013" })
            #expect(atelier.email == "bonjour@atelier.example")
            let history = try await DirectoryQueries.history(of: atelier.id, on: app.db, names: app.directoryParticipants.accountNames)
            #expect(history.first?.summary == "modifié : courriel")
            // The search index follows after the revision moved.
            #expect(try await DirectoryQueries.revision(on: app.db) == revision + 1)
        }
    }

    @Test func anInvalidRowStopsTheWholeImportUnlessAskedToSkip() async throws {
        try await withPasserelle(.reference) { app in
            let broken = Self.good + "\n99999999999999;Mauvais;XYZ;99999;;\n"
            let refused = try await importCSV(broken, app: app)
            #expect(!refused.applied)
            #expect(refused.problems.contains { $0.line == 4 && $0.column == "Nᵒ SIRET" })
            #expect(refused.problems.contains { $0.line == 4 && $0.column == "Type" })
            #expect(refused.problems.contains { $0.line == 4 && $0.column == "Code commune" })
            #expect(try await DirectoryQueries.count(excludingSource: SeedOrganisations.source, on: app.db) == 0)
            let skipped = try await importCSV(broken, skipInvalid: true, app: app)
            #expect(skipped.applied && skipped.created == 2 && skipped.invalidRows == 1)
            #expect(try await DirectoryQueries.count(excludingSource: SeedOrganisations.source, on: app.db) == 2)
        }
    }

    @Test func unreadableFilesGetAClearError() async throws {
        try await withPasserelle(.reference) { app in
            let latin1 = "Nom;Type;Code commune\nCaf\u{E9};ACI;59350\n".data(using: .isoLatin1)!
            let platformReference = try app.platform.reference
            await #expect(throws: DirectoryImport.Failure.self) {
                _ = try await DirectoryImport.importFile(latin1, format: .csv, skipInvalid: false, actor: "test", reference: platformReference, participants: app.directoryParticipants, on: app.db)
            }
            await #expect(throws: DirectoryImport.Failure.self) { _ = try await importCSV("Nom;Type;Code commune\n\"A;ACI;59350\n", app: app) }
            await #expect(throws: DirectoryImport.Failure.self) { _ = try await importCSV("Nom;Ville\nA;Lille\n", app: app) }
            await #expect(throws: DirectoryImport.Failure.self) { _ = try await importCSV("", app: app) }
            let reference = try app.platform.reference
            await #expect(throws: DirectoryImport.Failure.self) {
                _ = try await DirectoryImport.importFile(Data([0xFF, 0x00, 0x12]), format: .dataInclusion, skipInvalid: false, actor: "test", reference: reference,
                    participants: app.directoryParticipants, on: app.db)
            }
            #expect(try await DirectoryQueries.count(excludingSource: SeedOrganisations.source, on: app.db) == 0)
        }
    }

    @Test func duplicatesInAFileAreReported() async throws {
        try await withPasserelle(.reference) { app in
            let text = Self.good + "\n13002526500013;Atelier du Test bis;ACI;62498;;\n"
            let report = try await importCSV(text, skipInvalid: true, app: app)
            #expect(report.created == 2)
            #expect(report.problems.contains { $0.line == 4 && $0.reason.contains("ligne 2") })
        }
    }

    @Test func csvExportImportsBackUnchanged() async throws {
        try await withPasserelle { app in
            let structures = try await DirectoryQueries.allStructures(on: app.db)
            let csv = DirectoryExport.csv(hits: structures.map { StructureHit(structure: $0) }, reference: try app.platform.reference, withSearchColumns: false)
            let report = try await importCSV(csv, app: app)
            #expect(report.problems.isEmpty, "\(report.problems.prefix(3))")
            #expect(report.unchanged == structures.count)
            #expect(report.created == 0 && report.updated == 0)
        }
    }

    @Test func dataInclusionExportImportsBackUnchanged() async throws {
        try await withPasserelle { app in
            let structures = try await DirectoryQueries.allStructures(on: app.db)
            let data = try DirectoryExport.dataInclusion(structures, reference: app.platform.reference, publicURL: "https://passerelle.example")
            let report = try await DirectoryImport.importFile(data, format: .dataInclusion, skipInvalid: true, actor: "test", reference: app.platform.reference,
                participants: app.directoryParticipants, on: app.db)
            #expect(report.created == 0)
            #expect(report.read == structures.count)
        }
    }

    @Test func dataInclusionImportReadsOtherProducers() async throws {
        try await withPasserelle(.reference) { app in
            let json = """
            [{"id": "dora--42", "source": "dora", "nom": "Chantier du Ternois", "date_maj": "2025-01-01", "code_insee": "62767", "reseaux_porteurs": ["aci"], "courriel": "contact@ternois.example"},
             {"id": "dora--43", "source": "dora", "nom": "Mission locale", "date_maj": "2025-01-01", "code_insee": "62767", "reseaux_porteurs": ["mission-locale"]}]
            """
            let report = try await DirectoryImport.importFile(Data(json.utf8), format: .dataInclusion, skipInvalid: true, actor: "test", reference: app.platform.reference,
                participants: app.directoryParticipants, on: app.db)
            #expect(report.created == 1 && report.invalidRows == 0 && report.partners.created == 1)
            let again = try await DirectoryImport.importFile(Data(json.utf8), format: .dataInclusion, skipInvalid: true, actor: "test", reference: app.platform.reference,
                participants: app.directoryParticipants, on: app.db)
            #expect(again.created == 0 && again.unchanged == 1 && again.partners.unchanged == 1)
        }
    }
}
