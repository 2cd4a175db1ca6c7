import Foundation
import Testing
@testable import PasserelleCore

@Suite("Services: data·inclusion files read from JSON or CSV")
struct DataInclusionFilesTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)
    static let provider = ServiceProvider(name: "Centre social", reference: "dora--s1")

    static func decode(_ item: DataInclusionFiles.Item) throws -> DataInclusionService {
        try JSONDecoder().decode(DataInclusionService.self, from: item.json)
    }

    @Test func csvAndJsonGiveTheSameService() throws {
        let json = Data("""
            {"items": [{"id": "svc-1", "source": "dora", "structure_id": "s1", "nom": "Garde d’enfants", "description": "Places de crèche pour reprendre un emploi.",
              "date_maj": "2026-09-01", "thematiques": ["famille--garde-denfants"], "modes_accueil": ["en-presentiel"], "code_insee": "59512",
              "courriel": "creche@example.org", "volume_horaire_hebdomadaire": 2.5, "nombre_semaines": 10}]}
            """.utf8)
        let csv = Data("""
            \u{FEFF}id;source;structure_id;nom;description;date_maj;thematiques;modes_accueil;code_insee;courriel;volume_horaire_hebdomadaire;nombre_semaines
            svc-1;dora;s1;Garde d’enfants;Places de crèche pour reprendre un emploi.;2026-09-01;famille--garde-denfants;en-presentiel;59512;creche@example.org;2,5;10

            """.utf8)
        let fromJSON = try DataInclusionFiles.items(json), fromCSV = try DataInclusionFiles.items(csv)
        #expect(DataInclusionFiles.content(of: fromJSON) == .services && fromCSV.map(\.line) == [2])
        #expect(try Self.decode(fromJSON[0]) == Self.decode(fromCSV[0]))
        let (service, problems, _) = try Self.decode(fromCSV[0]).service(provider: Self.provider, gazetteer: Fixtures.gazetteer, now: Self.now)
        #expect(problems.isEmpty, "\(problems)")
        #expect(service?.source == "data-inclusion:dora" && service?.sourceId == "svc-1" && service?.weeklyHours == 2.5 && service?.status == .published)
        #expect(service?.coordinates == Fixtures.roubaix.centre && service.map { DateText.isoDay($0.updatedAt) } == "2026-09-01")
    }

    @Test func eachBadItemIsReportedOnItsOwnLine() throws {
        let items = try DataInclusionFiles.items(Data("""
            [{"id": "a", "source": "dora", "structure_id": "s1", "nom": "Cuisine", "description": "Atelier cuisine.", "date_maj": "hier", "thematiques": ["cuisine"], "modes_accueil": ["sur-la-lune"], "frais": "offert"},
             {"source": "dora", "nom": "Sans id"}, 42, {"id": "b", "source": "dora", "structure_id": "s1", "nom": "X", "description": "Y", "date_maj": "2026-01-01", "latitude": "nord"}]
            """.utf8))
        #expect(items.map(\.line) == [1, 2, 3, 4])
        let first = try Self.decode(items[0]).service(provider: nil, gazetteer: Fixtures.gazetteer, now: Self.now)
        #expect(first.service == nil)
        #expect(Set(first.problems.map(\.field)).isSuperset(of: ["structure_id", "date_maj", "Thématiques", "modes_accueil", "frais"]))
        for (index, field) in [(1, "id"), (2, ""), (3, "latitude")] {
            #expect(throws: (any Error).self) { try Self.decode(items[index]) }
            do { _ = try Self.decode(items[index]) } catch { #expect(DataInclusionFiles.describe(error, item: items[index].json).field == field) }
        }
    }

    @Test func unreadableFilesSayWhy() {
        #expect(throws: StructureSheet.SheetError.self) { try DataInclusionFiles.items(Data("[1, 2".utf8)) }
        #expect(throws: StructureSheet.SheetError.missingColumns(["id", "source"])) { try DataInclusionFiles.items(Data("nom;description\na;b\n".utf8)) }
        #expect(throws: StructureSheet.SheetError.empty) { try DataInclusionFiles.items(Data("id;source;nom\n".utf8)) }
    }

    @Test func isoDaysAreReadStrictly() {
        #expect(DateText.parseISODay("2026-02-28").map(DateText.isoDay) == "2026-02-28")
        #expect(DateText.parseISODay("2026-09-01T10:00:00Z").map(DateText.isoDay) == "2026-09-01")
        for bad in ["2026-02-30", "2026-13-01", "01/09/2026", "", "2026-9-1"] { #expect(DateText.parseISODay(bad) == nil, "\(bad)") }
    }
}
