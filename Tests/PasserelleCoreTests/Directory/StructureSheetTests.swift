import Foundation
import Testing
@testable import PasserelleCore

@Suite("Structure CSV and data·inclusion")
struct StructureSheetTests {
    let gazetteer = Fixtures.gazetteer
    let taxonomy = Fixtures.taxonomy
    let now = Date(timeIntervalSince1970: 1_764_460_800)

    func read(_ text: String) throws -> [StructureSheet.ParsedRow] {
        try StructureSheet.read(text, gazetteer: gazetteer, taxonomy: taxonomy, currentYear: 2026, now: now)
    }

    @Test func readsAGoodRow() throws {
        let text = """
        Nᵒ SIRET;Nom;Type;Code commune;Courriel;Salariés en insertion;QPV;Réseaux;Activités
        130 025 265 00013;Net’Propre;EI;62498;contact@netpropre.example;12;oui;Coorace, FEI;"Nettoyage de locaux | prestation-de-services | rayon:30 | Bureaux
        creation-et-entretien-des-espaces-verts | Prestation de services, mise-a-disposition | departement:62, commune:59350"
        """
        let rows = try read(text)
        #expect(rows.count == 1)
        let structure = try #require(rows[0].structure, "\(rows[0].problems)")
        #expect(structure.siret == "13002526500013")
        #expect(structure.kind == .ei)
        #expect(structure.coordinates == Fixtures.lens.centre)
        #expect(structure.inQPV && !structure.inZRR)
        #expect(structure.networks == ["Coorace", "FEI"])
        #expect(structure.activities == [
            Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.services], reach: .radius(km: 30), description: "Bureaux"),
            Activity(sectorSlug: "creation-et-entretien-des-espaces-verts", serviceTypes: [.services, .staffing], reach: .perimeters([.departement("62"), .commune("59350")])),
        ])
    }

    @Test func findsTheCommuneFromPostalCodeAndName() throws {
        let rows = try read("nom;type;code_postal;commune\nLa Clé;ACI;62300;Lens\nLa Clé 2;ACI;2000;\n")
        #expect(rows[0].structure?.communeCode == "62498")
        #expect(rows[1].structure?.communeCode == "02408")
        #expect(try read("nom;type;code insee\nLa Clé;AI;2408")[0].structure?.communeCode == "02408")
    }

    @Test func reportsEveryProblemWithItsColumnInFrench() throws {
        let text = """
        siret;nom;type;code commune;courriel;site web;téléphone;salariés en insertion;année de création;qpv;activités
        13002526500014;X;SEP;99999;pas-un-mail;www.example.fr;12;douze;1700;peut-être;plomberie | prestation-de-services | france
        """
        let row = try #require(try read(text).first)
        #expect(row.structure == nil)
        let fields = Set(row.problems.map(\.field))
        #expect(fields == ["Nᵒ SIRET", "Nom", "Type", "Code commune", "Courriel", "Site web", "Téléphone", "Salariés en insertion", "Année de création", "QPV", "Activités"])
        #expect(row.problems.allSatisfy { !$0.message.isEmpty })
        #expect(row.line == 2)
    }

    @Test(arguments: [
        "nettoyage-de-locaux",
        "nettoyage-de-locaux | prestation-de-services",
        "nettoyage-de-locaux | interim | france",
        "nettoyage-de-locaux | prestation-de-services | rayon:abc",
        "nettoyage-de-locaux | prestation-de-services | departement:999x",
        "nettoyage-de-locaux | prestation-de-services | ville:Lille",
    ])
    func refusesUnreadableActivities(line: String) {
        guard case .failure(let problem) = StructureSheet.parseActivity(line, taxonomy: taxonomy) else {
            Issue.record("accepted \(line)")
            return
        }
        #expect(!problem.message.isEmpty)
    }

    @Test func refusesActivitiesThatBreakTheRules() throws {
        let text = "nom;type;code commune;activités\nAtelier;ACI;59350;\"nettoyage-de-locaux |  | rayon:5000\nnettoyage-de-locaux | prestation-de-services | departement:99\"\n"
        let row = try #require(try read(text).first)
        #expect(row.structure == nil)
        #expect(row.problems.map(\.message).contains { $0.contains("au moins un type") })
        #expect(row.problems.map(\.message).contains { $0.contains("rayon") })
        #expect(row.problems.map(\.message).contains { $0.contains("zone inconnue") })
    }

    @Test func refusesFilesWithoutRequiredColumnsOrBroken() {
        #expect(throws: StructureSheet.SheetError.empty) { try read("") }
        #expect(throws: StructureSheet.SheetError.missingColumns(["Type"])) { try read("nom;code commune\nA;59350") }
        #expect(throws: StructureSheet.SheetError.self) { try read("nom;type;code commune\n\"A;ACI;59350") }
    }

    @Test func exportReadsBackToTheSameStructure() throws {
        let original = Structure(
            siret: "73282932000074", source: "test", sourceId: "42", name: "Recyclerie « lilloise »; la vraie", brand: "R=L",
            kind: .ea, description: "Ligne 1\nLigne 2; avec \"guillemets\"", address: "1 rue des Arts", communeCode: "59350",
            coordinates: GeoPoint(latitude: 50.63111, longitude: 3.04682), phone: "+33 3 20 00 00 00", email: "contact@recyclerie.example",
            website: "https://recyclerie.example", networks: ["UNEA"], labels: ["ISO 14001", "RSEi"], insertionStaff: 3,
            permanentStaff: 40, yearFounded: 1998, clientReferences: ["Ville de Lille, direction des sports", "Métropole"],
            inQPV: false, inZRR: true, updatedAt: now,
            activities: [Activity(sectorSlug: "produits-reconditionnes", serviceTypes: [.goods, .services], reach: .perimeters([.commune("59350"), .epci("200093201")]), description: "Ordinateurs | tablettes")]
        )
        var writer = CSV.Writer()
        writer.append(StructureSheet.exportColumns.map(\.rawValue))
        writer.append(StructureSheet.row(for: original, gazetteer: gazetteer, taxonomy: taxonomy, columns: StructureSheet.exportColumns))
        let rows = try read(writer.text)
        let back = try #require(rows.first?.structure, "\(rows.first?.problems ?? [])")
        #expect(back.hasSameContent(as: original))
        #expect(rows.first?.id == original.id)
    }

    @Test func dataInclusionExportFollowsTheSchemaRules() throws {
        var structure = DirectoryIndexTests.recyclerie
        structure.name = "Recyclerie lilloise."
        structure.description = "Ok"
        let exported = DataInclusion.export(structure, gazetteer: gazetteer, profileURL: "https://passerelle.example/structures/x")
        #expect(exported.id == "passerelle--\(structure.id.uuidString.lowercased())")
        #expect(exported.nom == "Recyclerie lilloise")
        #expect(exported.description == nil)
        #expect(exported.reseauxPorteurs == ["ea"])
        #expect(exported.codeInsee == "59350" && exported.codePostal == "59000" && exported.commune == "Lille")
        let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(exported)) as? [String: Any]
        #expect(json?["date_maj"] as? String == DateText.isoDay(structure.updatedAt))
        #expect(json?.keys.contains("horaires_accueil") == true)
    }

    @Test func dataInclusionImportMapsNetworksToKinds() throws {
        let json = """
        [{"id": "dora--1", "source": "dora", "nom": "Chantier du Val", "date_maj": "2025-02-14", "code_insee": "62041", "reseaux_porteurs": ["coorace", "aci"], "siret": null},
         {"id": "dora--2", "source": "dora", "nom": "Mission locale", "date_maj": "2025-02-14", "code_insee": "62041", "reseaux_porteurs": ["mission-locale"]},
         {"id": "dora--3", "source": "dora", "nom": "Sans commune", "date_maj": "2025-02-14", "reseaux_porteurs": ["ei"]}]
        """
        let rows = try DataInclusion.read(Data(json.utf8), gazetteer: gazetteer, taxonomy: taxonomy, currentYear: 2026, now: now)
        #expect(rows[0].structure?.kind == .aci)
        #expect(rows[0].structure?.source == "data-inclusion:dora")
        #expect(rows[0].structure?.sourceId == "dora--1")
        // Not an inclusive employer: a partner organisation, not a refusal.
        #expect(rows[1].structure == nil && rows[1].problems.isEmpty && rows[1].partner?.name == "Mission locale" && rows[1].partner?.networks == ["mission-locale"])
        // A structure whose commune is not given is kept, without a place.
        #expect(rows[2].structure?.name == "Sans commune" && rows[2].structure?.communeCode == nil && rows[2].problems.isEmpty)
        #expect(throws: StructureSheet.SheetError.self) {
            try DataInclusion.read(Data("{\"oops\": 1}".utf8), gazetteer: gazetteer, taxonomy: taxonomy, currentYear: 2026, now: now)
        }
    }
}
