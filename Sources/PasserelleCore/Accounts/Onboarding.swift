import Foundation

/// What a newcomer says they are, at sign-up (« Vous êtes… »): it decides which organisations
/// the next step offers them to join, and which kind of organisation they may create.
public enum SignUpProfile: String, CaseIterable, Sendable, Codable {
    case structure = "structure"
    case publicBuyer = "acheteur-public"
    case privateBuyer = "acheteur-prive"
    case partner = "partenaire"
    case company = "entreprise"
    case facilitator = "facilitateur"
    case steward = "pilote"

    public var label: String {
        switch self {
        case .structure: "Une structure inclusive"
        case .publicBuyer: "Un acheteur public"
        case .privateBuyer: "Un acheteur privé"
        case .partner: "Un prescripteur ou un partenaire"
        case .company: "Une entreprise"
        case .facilitator: "Un facilitateur des clauses sociales"
        case .steward: "Les services de l’État ou un réseau"
        }
    }

    /// Who it is, in a few words, under the choice.
    public var hint: String {
        switch self {
        case .structure: "SIAE (ACI, EI, AI, ETTI, EITI), entreprise adaptée, ESAT, GEIQ : vous rejoignez la fiche de votre structure dans l’annuaire."
        case .publicBuyer: "Collectivité, établissement public, bailleur social : vous déposez des besoins d’achat avec des clauses."
        case .privateBuyer: "Entreprise qui achète à des structures inclusives : vous déposez des besoins d’achat."
        case .partner: "France Travail, mission locale, Cap emploi, département, association : vous orientez des personnes et publiez des services."
        case .company: "Vous recrutez, accueillez des immersions ou travaillez avec des structures inclusives."
        case .facilitator: "Vous accompagnez les acheteurs et suivez les heures d’insertion d’un territoire."
        case .steward: "DREETS, DDETS, réseau ou fédération : vous pilotez l’offre d’un territoire."
        }
    }

    /// The kind of the organisation they join or create.
    public var organisationKind: OrganisationKind {
        switch self {
        case .structure: .structure
        case .publicBuyer: .publicBuyer
        case .privateBuyer: .privateBuyer
        case .partner: .partner
        case .company: .company
        case .facilitator: .facilitator
        case .steward: .steward
        }
    }

    /// The profile of someone who acts for an organisation of this kind (none for the platform team).
    public init?(kind: OrganisationKind) {
        self.init(rawValue: kind.rawValue)
    }

    /// An inclusive structure is already in the directory: its team is joined or its profile
    /// claimed, never created from nothing by whoever signs up.
    public var mayCreateOrganisation: Bool { self != .structure }

    /// Facilitators and stewards act on a territory that the platform team grants.
    public var asksForPerimeter: Bool { organisationKind.hasTerritory }
}

/// Where a newcomer stands on the way from sign-up to their workspace. It is read from what they
/// did (their answers, memberships and requests), never stored apart, so that leaving and coming
/// back finds them at the same step.
public enum OnboardingStep: String, Sendable, Equatable {
    /// « Vous êtes… » not answered yet (accounts made before the question existed).
    case profile
    /// Find the organisation, join it or create it.
    case organisation
    /// A request to join a team, or a claim of a profile, waits for its answer.
    case waiting
    /// They belong to an organisation: the workspace is theirs.
    case done

    public struct Situation: Sendable, Equatable {
        public var profile: SignUpProfile?
        public var memberships: Int
        public var pendingJoinRequests: Int
        public var pendingClaims: Int

        public init(profile: SignUpProfile?, memberships: Int, pendingJoinRequests: Int = 0, pendingClaims: Int = 0) {
            self.profile = profile
            self.memberships = memberships
            self.pendingJoinRequests = pendingJoinRequests
            self.pendingClaims = pendingClaims
        }
    }

    public static func of(_ situation: Situation) -> OnboardingStep {
        if situation.memberships > 0 { return .done }
        if situation.pendingJoinRequests > 0 || situation.pendingClaims > 0 { return .waiting }
        return situation.profile == nil ? .profile : .organisation
    }
}

/// An organisation a newcomer creates: its name, SIRET (key checked), commune, and for a
/// facilitator or a steward the perimeter they ask to act on.
public struct NewOrganisation: Sendable, Equatable {
    public var kind: OrganisationKind
    public var name: String
    public var siret: String
    public var commune: Commune
    /// Empty but for facilitators and stewards, whose perimeter the platform team grants.
    public var requestedTerritory: [Perimeter]

    public struct Input: Sendable {
        public var name: String
        public var siret: String
        /// The INSEE code the commune field gave (`CommuneInput`), or what was typed.
        public var communeCode: String
        /// A `Perimeter` token: a département or a région.
        public var perimeter: String

        public init(name: String = "", siret: String = "", communeCode: String = "", perimeter: String = "") {
            self.name = name
            self.siret = siret
            self.communeCode = communeCode
            self.perimeter = perimeter
        }

        /// The form's fields in the order the page shows them.
        public static let fields = ["org_name", "siret", "commune_q", "perimeter"]

        public func validate(for profile: SignUpProfile, gazetteer: Gazetteer) -> Result<NewOrganisation, FieldErrors> {
            var errors = FieldErrors()
            let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty {
                errors.add("org_name", "Indiquez le nom de l’organisation.")
            } else if name.count > 160 {
                errors.add("org_name", "Le nom ne peut pas dépasser 160 caractères.")
            } else if let problem = OneLineText.problem(in: name) {
                errors.add("org_name", problem)
            }
            var siret = ""
            switch Siret.validate(self.siret) {
            case .success(let digits): siret = digits
            case .failure(let problem): errors.add("siret", self.siret.trimmingCharacters(in: .whitespaces).isEmpty ? "Indiquez le Nᵒ SIRET de l’organisation (14 chiffres)." : problem.message)
            }
            let commune = gazetteer.commune(communeCode)
            if commune == nil {
                errors.add("commune_q", communeCode.isEmpty ? "Indiquez la commune du siège." : "Commune inconnue : choisissez-la dans la liste proposée.")
            }
            var territory: [Perimeter] = []
            if profile.asksForPerimeter {
                if let perimeter = Perimeter(token: perimeter), Self.grantable(perimeter), gazetteer.knows(perimeter) {
                    territory = [perimeter]
                } else {
                    errors.add("perimeter", "Choisissez le département ou la région où vous agissez.")
                }
            }
            if !profile.mayCreateOrganisation {
                errors.add("org_name", "Une structure inclusive ne se crée pas ici : cherchez sa fiche dans l’annuaire pour la rejoindre ou la revendiquer.")
            }
            guard errors.isEmpty, let commune else { return .failure(errors) }
            return .success(NewOrganisation(kind: profile.organisationKind, name: name, siret: siret, commune: commune, requestedTerritory: territory))
        }

        /// Facilitators and stewards ask for a département or a région; a wider territory is the
        /// platform team's to give, from the back-office.
        static func grantable(_ perimeter: Perimeter) -> Bool {
            switch perimeter {
            case .departement, .region: true
            case .country, .commune, .epci: false
            }
        }
    }
}
