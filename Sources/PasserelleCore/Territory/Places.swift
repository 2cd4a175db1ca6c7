/// How INSEE writes the article of a name (the "type de nom en clair", TNCC), which French needs
/// to say "du Touquet", "d'Arras" or "toute la Somme" correctly.
public struct FrenchName: Hashable, Sendable {
    /// The name as written in the COG, article included ("Le Touquet-Paris-Plage").
    public var name: String
    /// The name without its article ("Touquet-Paris-Plage").
    public var bare: String
    /// INSEE's TNCC code: 0 no article (consonant), 1 no article (vowel), 2 Le, 3 La, 4 Les,
    /// 5 L', 6 Aux, 7 Las, 8 Los.
    public var articleType: Int

    public init(name: String, bare: String? = nil, articleType: Int) {
        self.name = name
        self.bare = bare ?? name
        self.articleType = articleType
    }

    /// "de Lille", "d'Arras", "du Touquet-Paris-Plage", "de La Madeleine" is written by INSEE
    /// with a capital article that stays: "de La Madeleine".
    public var withDe: String {
        switch articleType {
        case 1: "d’\(name)"
        case 2: "du \(bare)"
        case 4, 6: "des \(bare)"
        default: French.de(name)
        }
    }

    /// For a département: "tout le Pas-de-Calais", "toute la Somme", "tout le département de l’Aisne".
    public var wholeDepartement: String {
        switch articleType {
        case 2: "tout le \(bare)"
        case 3: "toute la \(bare)"
        case 4: "tout le département des \(bare)"
        case 5: "tout le département de l’\(bare)"
        case 1: "tout le département d’\(bare)"
        default: "tout le département de \(bare)"
        }
    }
}

/// A commune of the COG (or a municipal arrondissement of Paris, Lyon or Marseille).
public struct Commune: Hashable, Sendable {
    public enum Kind: String, Sendable, Codable {
        case commune = "COM"
        case arrondissement = "ARM"
    }

    public var code: String
    public var kind: Kind
    public var name: FrenchName
    public var parentCode: String?
    public var departementCode: String
    public var regionCode: String
    public var epciSiren: String?
    public var postalCodes: [String]
    public var centre: GeoPoint?
    public var population: Int

    public init(
        code: String, kind: Kind = .commune, name: FrenchName, parentCode: String? = nil,
        departementCode: String, regionCode: String, epciSiren: String? = nil, postalCodes: [String] = [],
        centre: GeoPoint?, population: Int = 0
    ) {
        self.code = code
        self.kind = kind
        self.name = name
        self.parentCode = parentCode
        self.departementCode = departementCode
        self.regionCode = regionCode
        self.epciSiren = epciSiren
        self.postalCodes = postalCodes
        self.centre = centre
        self.population = population
    }
}

public struct Departement: Hashable, Sendable {
    public var code: String
    public var name: FrenchName
    public var regionCode: String

    public init(code: String, name: FrenchName, regionCode: String) {
        self.code = code
        self.name = name
        self.regionCode = regionCode
    }
}

public struct Region: Hashable, Sendable {
    public var code: String
    public var name: FrenchName

    public init(code: String, name: FrenchName) {
        self.code = code
        self.name = name
    }
}

/// Établissement public de coopération intercommunale à fiscalité propre (CC, CA, CU, métropole).
public struct EPCI: Hashable, Sendable {
    public var siren: String
    public var name: String
    public var kind: String

    public init(siren: String, name: String, kind: String) {
        self.siren = siren
        self.name = name
        self.kind = kind
    }
}
