import Foundation

/// How a buyer asks the market (GLOSSARY.md: appel d'offres, demande de devis, sourcing).
public enum NeedKind: String, CaseIterable, Codable, Sendable {
    case tender = "appel-d-offres"
    case quote = "demande-de-devis"
    case sourcing

    public var label: String {
        switch self {
        case .tender: "Appel d’offres"
        case .quote: "Demande de devis"
        case .sourcing: "Sourcing / projet d’achat"
        }
    }
}

/// The social and environmental clauses a need or a lot carries.
public enum ClauseKind: String, CaseIterable, Codable, Sendable {
    case reservedSIAE = "reserved_siae"
    case reservedSTPA = "reserved_stpa"
    case insertionHours = "insertion_hours"
    case socialCriterion = "social_criterion"
    case environmental

    public var label: String {
        switch self {
        case .reservedSIAE: "Marché réservé aux SIAE (L2113-13)"
        case .reservedSTPA: "Marché réservé aux STPA (L2113-12)"
        case .insertionHours: "Clause sociale d’insertion"
        case .socialCriterion: "Critère social d’attribution"
        case .environmental: "Considération environnementale"
        }
    }

    /// The kinds of structure a reserved contract admits; nil when the clause reserves nothing.
    public var admittedKinds: Set<StructureKind>? {
        switch self {
        case .reservedSIAE: Set(StructureKind.allCases.filter(\.isSIAE))
        case .reservedSTPA: [.ea, .eatt, .esat]
        case .insertionHours, .socialCriterion, .environmental: nil
        }
    }
}

/// What an environmental clause asks for.
public enum EnvironmentalTopic: String, CaseIterable, Codable, Sendable {
    case reuse = "reemploi-agec"
    case egalim
    case other = "autre"

    public var label: String {
        switch self {
        case .reuse: "Réemploi, réutilisation ou recyclage (loi AGEC)"
        case .egalim: "Produits durables et de qualité (loi Egalim)"
        case .other: "Autre considération environnementale"
        }
    }
}

/// One clause: its kind, the insertion hours it commits to (insertion clauses only), the
/// environmental topic (environmental ones only) and the buyer's own words.
public struct Clause: Hashable, Codable, Sendable {
    public var kind: ClauseKind
    public var hours: Int?
    public var topic: EnvironmentalTopic?
    public var detail: String?

    public init(kind: ClauseKind, hours: Int? = nil, topic: EnvironmentalTopic? = nil, detail: String? = nil) {
        self.kind = kind
        self.hours = hours
        self.topic = topic
        self.detail = detail
    }
}

/// Amount bands of a need, as buyers think of them (the 40 k€ threshold of formal procedures and
/// the European threshold of supplies and services are band limits).
public enum AmountBand: String, CaseIterable, Codable, Sendable {
    case upTo1k = "0-1k"
    case upTo5k = "1k-5k"
    case upTo25k = "5k-25k"
    case upTo40k = "25k-40k"
    case upTo100k = "40k-100k"
    case upTo221k = "100k-221k"
    case upTo1m = "221k-1m"
    case over1m = "1m+"

    public var label: String {
        switch self {
        case .upTo1k: "0 – 1 k€"
        case .upTo5k: "1 – 5 k€"
        case .upTo25k: "5 – 25 k€"
        case .upTo40k: "25 – 40 k€"
        case .upTo100k: "40 – 100 k€"
        case .upTo221k: "100 – 221 k€"
        case .upTo1m: "221 k€ – 1 M€"
        case .over1m: "> 1 M€"
        }
    }

    /// Lower bound in euros.
    public var floor: Int {
        switch self {
        case .upTo1k: 0
        case .upTo5k: 1_000
        case .upTo25k: 5_000
        case .upTo40k: 25_000
        case .upTo100k: 40_000
        case .upTo221k: 100_000
        case .upTo1m: 221_000
        case .over1m: 1_000_000
        }
    }

    public static func containing(_ euros: Int) -> AmountBand {
        allCases.last { $0.floor <= euros } ?? .upTo1k
    }
}

/// The amount of a need or a lot, as precisely as the buyer wants to say it.
public enum NeedAmount: Hashable, Sendable {
    case band(AmountBand)
    case exact(euros: Int)
    case unknown
    case undisclosed

    public var label: String {
        switch self {
        case .band(let band): band.label
        case .exact(let euros): "\(euros.formatted(.number.locale(Locale(identifier: "fr_FR")))) €"
        case .unknown: "Montant non connu"
        case .undisclosed: "Montant non communiqué"
        }
    }

    /// A figure in euros to compare with thresholds: the exact amount, or the floor of the band.
    public var comparableEuros: Int? {
        switch self {
        case .band(let band): band.floor
        case .exact(let euros): euros
        case .unknown, .undisclosed: nil
        }
    }

    /// Text form for storage and the API: `40k-100k`, `exact:75000`, `inconnu`, `non-communique`.
    public var token: String {
        switch self {
        case .band(let band): band.rawValue
        case .exact(let euros): "exact:\(euros)"
        case .unknown: "inconnu"
        case .undisclosed: "non-communique"
        }
    }

    public init?(token: String) {
        if let band = AmountBand(rawValue: token) {
            self = .band(band)
        } else if token.hasPrefix("exact:"), let euros = Int(token.dropFirst(6)), euros >= 0 {
            self = .exact(euros: euros)
        } else if token == "inconnu" {
            self = .unknown
        } else if token == "non-communique" {
            self = .undisclosed
        } else {
            return nil
        }
    }
}

/// Where the work happens: a commune (with suppliers located within `radiusKm` welcome too), a
/// list of perimeters, or the whole country.
public enum NeedLocation: Hashable, Sendable {
    case place(communeCode: String, radiusKm: Double?)
    case perimeters([Perimeter])
    case national
}

/// What matching compares with the directory: the need's (or a lot's) sectors, service types,
/// place, the kinds it accepts and its clauses.
public struct NeedTarget: Hashable, Sendable {
    public var sectors: Set<String>
    /// Empty: every service type.
    public var serviceTypes: Set<ServiceType>
    public var location: NeedLocation
    /// Whether structures working nationwide are welcome when the work is local.
    public var acceptsNationalSuppliers: Bool
    /// Kinds the buyer accepts; empty: every kind its clauses admit.
    public var kinds: Set<StructureKind>
    public var clauses: [ClauseKind]

    public init(sectors: Set<String>, serviceTypes: Set<ServiceType> = [], location: NeedLocation, acceptsNationalSuppliers: Bool = false,
                kinds: Set<StructureKind> = [], clauses: [ClauseKind] = []) {
        self.sectors = sectors
        self.serviceTypes = serviceTypes
        self.location = location
        self.acceptsNationalSuppliers = acceptsNationalSuppliers
        self.kinds = kinds
        self.clauses = clauses
    }

    /// The kinds that may answer: those the reserved clauses admit (either reservation when both
    /// are set), narrowed by the buyer's own choice.
    public var admittedKinds: Set<StructureKind> {
        let reserved = clauses.compactMap(\.admittedKinds)
        var admitted = reserved.isEmpty ? Set(StructureKind.allCases) : reserved.reduce(into: Set<StructureKind>()) { $0.formUnion($1) }
        if !kinds.isEmpty { admitted.formIntersection(kinds) }
        return admitted
    }
}
