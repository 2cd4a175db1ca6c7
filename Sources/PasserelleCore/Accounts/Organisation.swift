/// The kinds of organisation of DESIGN.md: who an account acts for decides what it may do.
public enum OrganisationKind: String, CaseIterable, Sendable, Codable {
    /// An inclusive structure of the directory (SIAE, GEIQ, EA, ESAT…).
    case structure = "structure"
    case publicBuyer = "acheteur-public"
    case privateBuyer = "acheteur-prive"
    /// Prescribers and service providers: France Travail, missions locales, Cap emploi, associations.
    case partner = "partenaire"
    case company = "entreprise"
    /// Clause facilitators of a territory.
    case facilitator = "facilitateur"
    /// Territory stewards: DREETS, DDETS, networks.
    case steward = "pilote"
    /// The team that runs the platform.
    case platform = "plateforme"

    public var label: String {
        switch self {
        case .structure: "Structure inclusive"
        case .publicBuyer: "Acheteur public"
        case .privateBuyer: "Acheteur privé"
        case .partner: "Partenaire ou prescripteur"
        case .company: "Entreprise"
        case .facilitator: "Facilitateur des clauses sociales"
        case .steward: "Pilote du territoire"
        case .platform: "Équipe de la plateforme"
        }
    }

    /// Facilitators and stewards act on a territory, given as perimeters.
    public var hasTerritory: Bool { self == .facilitator || self == .steward }
}

/// A member's role in an organisation.
public enum MembershipRole: String, CaseIterable, Sendable, Codable {
    case admin, member

    public var label: String {
        switch self {
        case .admin: "administrateur"
        case .member: "membre"
        }
    }
}
