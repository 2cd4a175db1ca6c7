import Foundation
@testable import PasserelleCore

/// A small territory of real communes (figures from the COG reference), enough for every rule.
enum Fixtures {
    static func commune(_ code: String, _ name: String, bare: String? = nil, tncc: Int = 0, dep: String, region: String = "32", epci: String? = nil, postal: [String], lat: Double?, lon: Double?, population: Int, kind: Commune.Kind = .commune, parent: String? = nil) -> Commune {
        Commune(
            code: code, kind: kind, name: FrenchName(name: name, bare: bare, articleType: tncc), parentCode: parent,
            departementCode: dep, regionCode: region, epciSiren: epci, postalCodes: postal,
            centre: lat.flatMap { lat in lon.map { GeoPoint(latitude: lat, longitude: $0) } }, population: population
        )
    }

    static let lille = commune("59350", "Lille", dep: "59", epci: "200093201", postal: ["59000", "59160", "59260", "59777", "59800"], lat: 50.6311, lon: 3.0468, population: 232_787)
    static let roubaix = commune("59512", "Roubaix", dep: "59", epci: "200093201", postal: ["59100"], lat: 50.6879, lon: 3.1817, population: 96_990)
    static let lens = commune("62498", "Lens", dep: "62", epci: "246200364", postal: ["62300"], lat: 50.4375, lon: 2.8209, population: 31_415)
    static let arras = commune("62041", "Arras", tncc: 1, dep: "62", epci: "200033579", postal: ["62000"], lat: 50.2898, lon: 2.7645, population: 41_019)
    static let saintPol = commune("62767", "Saint-Pol-sur-Ternoise", dep: "62", epci: "200035442", postal: ["62130"], lat: 50.3789, lon: 2.3357, population: 4_969)
    static let saintPolDeLeon = commune("29259", "Saint-Pol-de-Léon", dep: "29", region: "53", epci: "242900645", postal: ["29250"], lat: 48.6830, lon: -3.9861, population: 6_632)
    static let touquet = commune("62826", "Le Touquet-Paris-Plage", bare: "Touquet-Paris-Plage", tncc: 2, dep: "62", epci: "246201016", postal: ["62520"], lat: 50.5157, lon: 1.6125, population: 4_237)
    static let amiens = commune("80021", "Amiens", tncc: 1, dep: "80", epci: "248000531", postal: ["80000", "80080", "80090"], lat: 49.9009, lon: 2.2908, population: 134_057)
    static let laon = commune("02408", "Laon", dep: "02", epci: "240200477", postal: ["02000"], lat: 49.5679, lon: 3.6200, population: 24_905)
    static let marseille = commune("13055", "Marseille", dep: "13", region: "93", epci: "200054807", postal: ["13001", "13002"], lat: 43.2803, lon: 5.3806, population: 863_310)
    static let marseille1 = commune("13201", "Marseille 1er Arrondissement", dep: "13", region: "93", epci: "200054807", postal: ["13001"], lat: 43.3, lon: 5.38, population: 39_000, kind: .arrondissement, parent: "13055")
    static let celles = commune("15031", "Celles", dep: "15", region: "84", postal: ["15170"], lat: nil, lon: nil, population: 0)

    static let gazetteer = Gazetteer(
        communes: [lille, roubaix, lens, arras, saintPol, saintPolDeLeon, touquet, amiens, laon, marseille, marseille1, celles],
        departements: [
            Departement(code: "02", name: FrenchName(name: "Aisne", articleType: 5), regionCode: "32"),
            Departement(code: "13", name: FrenchName(name: "Bouches-du-Rhône", articleType: 4), regionCode: "93"),
            Departement(code: "15", name: FrenchName(name: "Cantal", articleType: 2), regionCode: "84"),
            Departement(code: "29", name: FrenchName(name: "Finistère", articleType: 2), regionCode: "53"),
            Departement(code: "59", name: FrenchName(name: "Nord", articleType: 2), regionCode: "32"),
            Departement(code: "62", name: FrenchName(name: "Pas-de-Calais", articleType: 2), regionCode: "32"),
            Departement(code: "80", name: FrenchName(name: "Somme", articleType: 3), regionCode: "32"),
        ],
        regions: [
            Region(code: "32", name: FrenchName(name: "Hauts-de-France", articleType: 4)),
            Region(code: "53", name: FrenchName(name: "Bretagne", articleType: 3)),
            Region(code: "84", name: FrenchName(name: "Auvergne-Rhône-Alpes", articleType: 1)),
            Region(code: "93", name: FrenchName(name: "Provence-Alpes-Côte d'Azur", articleType: 0)),
        ],
        epcis: [EPCI(siren: "200093201", name: "Métropole Européenne de Lille", kind: "ME")]
    )

    static let taxonomy = SectorTaxonomy(rows: [
        ("hygiene-et-proprete", "Hygiène et Propreté", "nettoyage-de-locaux", "Nettoyage de locaux"),
        ("hygiene-et-proprete", "Hygiène et Propreté", "autre-56", "Autre (Hygiène et Propreté)"),
        ("hygiene-et-proprete", "Hygiène et Propreté", "nettoyage-industriel", "Nettoyage industriel"),
        ("espaces-verts-et-exterieurs", "Espaces verts & extérieurs", "creation-et-entretien-des-espaces-verts", "Création et entretien des espaces verts"),
        ("recyclage-economie-circulaire", "Recyclage, économie circulaire", "produits-reconditionnes", "Produits reconditionnés"),
    ])
}
