import Foundation
import Testing
@testable import PasserelleCore

/// Files written for the purpose (`Tests/Fixtures/data-inclusion/`): what the national schema
/// accepts is read, what it does not is said in French, a v0 file is recognised.
@Suite("data·inclusion files: as open as the schema")
struct DataInclusionOpennessTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func fixture(_ name: String) throws -> Data {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return try Data(contentsOf: folder.appendingPathComponent("Fixtures/data-inclusion/\(name)"))
    }

    static func decode(_ item: DataInclusionFiles.Item) throws -> DataInclusionService {
        try JSONDecoder().decode(DataInclusionService.self, from: item.json)
    }

    @Test func nullsEmptyValuesAndEmptyListsAreAbsent() throws {
        let items = try DataInclusionFiles.items(Self.fixture("services-nulls-and-empty.json"))
        #expect(items.count == 3)
        for item in items {
            let decoded = try Self.decode(item)
            let (service, problems, _) = decoded.service(provider: ServiceProvider(name: "Partenaire"), gazetteer: Fixtures.gazetteer, now: Self.now)
            #expect(problems.isEmpty, "\(decoded.id): \(problems)")
            #expect(service != nil)
        }
        let first = try Self.decode(items[0])
        #expect(first.modesAccueil == nil && first.thematiques == nil && first.fraisPrecisions == nil && first.contactNomPrenom == nil && first.conditionsAcces == nil)
        // Values the schema accepts but the platform cannot use are left out, with a note each.
        let second = try Self.decode(items[1])
        #expect(second.nombreSemaines == 3)
        let (service, _, notes) = second.service(provider: ServiceProvider(name: "Partenaire"), gazetteer: Fixtures.gazetteer, now: Self.now)
        #expect(service?.phone == nil && service?.weeklyHours == nil && service?.weeks == 3 && service?.zone.codes == ["62"])
        #expect(Set(notes.map(\.field)) == ["telephone", "volume_horaire_hebdomadaire", "zone_eligibilite"], "\(notes)")
    }

    @Test func aPageOfTheAPIIsReadLikeAList() throws {
        let data = try Self.fixture("services-api-page.json")
        let items = try DataInclusionFiles.items(data)
        #expect(items.map(\.line) == [1, 2] && DataInclusionFiles.content(of: items) == .services)
        #expect(try Self.decode(items[0]).nom == "Épicerie solidaire")
        let notice = try #require(DataInclusionFiles.pageNotice(data))
        #expect(notice.contains("page 1 sur 2") && notice.contains("2 éléments sur 3"))
        // A search result holds the service beside its distance.
        let search = Data(#"""
            {"items": [{"service": {"id": "s", "source": "dora", "structure_id": "x", "nom": "Aide", "description": "Une aide.", "date_maj": "2026-01-01"},
                        "distance": 12}], "total": 1, "page": 1, "size": 1, "pages": 1}
            """#.utf8)
        let found = try DataInclusionFiles.items(search)
        #expect(try Self.decode(found[0]).id == "s" && DataInclusionFiles.pageNotice(search) == nil)
    }

    @Test func wrongTypesNameTheFieldWhatWasExpectedAndWhatCame() throws {
        let items = try DataInclusionFiles.items(Self.fixture("services-wrong-types.json"))
        var messages: [String] = []
        for item in items {
            do { _ = try Self.decode(item) } catch { messages.append(DataInclusionFiles.describe(error, item: item.json).message) }
        }
        #expect(messages == [
            "volume horaire hebdomadaire : un nombre est attendu, « beaucoup » reçu.",
            "thematiques : une liste est attendue, « mobilite--louer-un-vehicule » reçu.",
            "nom : propriété obligatoire, null reçu.",
        ])
    }

    @Test func structuresThatAreNotEmployersArePartners() throws {
        let rows = try DataInclusion.read(Self.fixture("structures-partners.json"), gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy, currentYear: 2026, now: Self.now)
        #expect(rows.allSatisfy { $0.problems.isEmpty }, "\(rows.map(\.problems))")
        #expect(rows.compactMap(\.partner).map(\.sourceId) == ["ml-essai", "ft-essai", "asso-essai", "regie-essai"])
        #expect(rows.compactMap(\.structure).map(\.kind) == [.aci, .ea])
        let aci = try #require(rows[4].structure)
        #expect(aci.siret == nil && aci.website == nil && Set(rows[4].notes.map(\.field)) == ["siret", "site_web"])
        #expect(rows[1].notes.map(\.field) == ["telephone"])
    }

    @Test func aV0FileIsRecognisedAndToldWhatToDo() throws {
        let data = try Self.fixture("structures-v0.json")
        do {
            _ = try DataInclusionFiles.items(data)
            Issue.record("a v0 file must be refused")
        } catch {
            #expect(error.message.contains("schéma data·inclusion v0") && error.message.contains("presentation_resume"))
            #expect(error.message.contains("presentation_resume et presentation_detail deviennent description"))
        }
        #expect(throws: StructureSheet.SheetError.self) { try DataInclusionFiles.items(Data("id;source;nom;typologie\na;b;c;ACI\n".utf8)) }
    }
}
