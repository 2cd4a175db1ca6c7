import Foundation

/// The contracts an offer proposes: the insertion structures' own (CDDI, a mission of an AI or an
/// ETTI, the CDD Tremplin of an EA, the GEIQ's professionalisation contract) and the ordinary ones.
public enum OfferContract: String, CaseIterable, Sendable, Codable {
    case cddi
    case mission = "mission"
    case cddTremplin = "cdd-tremplin"
    case geiq = "geiq-professionnalisation"
    case cdi
    case cdd
    case interim = "interim"
    case apprenticeship = "apprentissage"

    public var label: String {
        switch self {
        case .cddi: "CDDI (contrat d’insertion)"
        case .mission: "Mission d’insertion (AI, ETTI)"
        case .cddTremplin: "CDD Tremplin (entreprise adaptée)"
        case .geiq: "Contrat de professionnalisation en GEIQ"
        case .cdi: "CDI"
        case .cdd: "CDD"
        case .interim: "Intérim"
        case .apprenticeship: "Apprentissage"
        }
    }

    /// A post of an inclusive structure, under an insertion contract: accepting an application to
    /// it starts a journey, with the eligibility it asks.
    public var isInsertionPost: Bool { [.cddi, .mission, .cddTremplin, .geiq].contains(self) }

    /// The kinds of structure that sign this insertion contract (the same as the journeys'
    /// contracts: an ACI or an EI the CDDI, an AI or an ETTI a mission, an EA the CDD Tremplin,
    /// a GEIQ its professionalisation contract); empty for an ordinary contract, open to all.
    public var signedBy: Set<StructureKind> {
        switch self {
        case .cddi: [.aci, .ei]
        case .mission: [.ai, .etti]
        case .cddTremplin: [.ea, .eatt]
        case .geiq: [.geiq]
        case .cdi, .cdd, .interim, .apprenticeship: []
        }
    }

    /// The contracts of the journeys that an offer's contract hires into, for those it shares.
    public var journeyContract: ContractKind? {
        switch self {
        case .cddi: .cddi
        case .mission: .miseADisposition
        case .cddTremplin: .cddTremplin
        case .geiq: .geiqProfessionnalisation
        case .cdi, .cdd, .interim, .apprenticeship: nil
        }
    }
}

public enum OfferState: String, CaseIterable, Sendable, Codable {
    case draft = "brouillon"
    case published = "publiee"
    case filled = "pourvue"
    case closed = "fermee"

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .published: "Publiée"
        case .filled: "Pourvue"
        case .closed: "Fermée"
        }
    }
}

public enum OfferLifecycle {
    public enum Change: Equatable, Sendable {
        case publish
        case fill
        case close
        /// A published offer past its closing day, closed by the daily job.
        case expire
        case reopen
    }

    /// A published offer « closes soon » within this many days: its team is told in « Mon espace ».
    public static let closingSoonDays = 7

    /// The last day of the week ahead, from `today`: offers closing by then close soon.
    public static func closingSoonLimit(today: String) -> String? {
        CivilDay(today).map { CivilDay(ordinal: $0.ordinal + closingSoonDays).text }
    }

    /// Why a change may not happen, in French.
    public struct Refusal: Error, Equatable, Sendable {
        public var message: String

        public init(_ message: String) { self.message = message }
    }

    public static func apply(_ change: Change, to state: OfferState, closesOn: String, today: String) -> Result<OfferState, Refusal> {
        switch (change, state) {
        case (.publish, .draft):
            return closesOn < today ? .failure(Refusal("La date de clôture est passée : repoussez-la avant de publier.")) : .success(.published)
        case (.fill, .published): return .success(.filled)
        // A draft never published is not closed: it stays its team's, never shown.
        case (.close, .published): return .success(.closed)
        case (.expire, .published):
            return closesOn < today ? .success(.closed) : .failure(Refusal("L’offre reste ouverte jusqu’au \(DateText.frenchDay(iso: closesOn))."))
        case (.reopen, .closed), (.reopen, .filled):
            return closesOn < today ? .failure(Refusal("La date de clôture est passée : repoussez-la pour rouvrir l’offre.")) : .success(.published)
        default:
            return .failure(Refusal("Une offre « \(state.label.lowercased()) » ne peut pas faire cela."))
        }
    }
}

/// An offer as its form and the API give it, before it is checked.
public struct OfferDraft: Sendable, Equatable {
    public var title: String = ""
    /// The ROME title (appellation) it recruits for.
    public var romeTitle: String = ""
    public var description: String = ""
    public var communeCode: String = ""
    public var contract: String = ""
    public var weeklyHours: String = ""
    public var startsOn: String = ""
    public var closesOn: String = ""
    public var openings: String = "1"
    public var skills: [String] = []
    public var openToDisabledWorkers = false
    public var openToInsertionLeavers = false

    public init() {}

    public enum Field {
        public static let title = "Intitulé"
        public static let romeTitle = "Métier (ROME)"
        public static let description = "Description du poste"
        public static let commune = "Commune"
        public static let contract = "Contrat"
        public static let hours = "Heures par semaine"
        public static let start = "Début"
        public static let closes = "Clôture des candidatures"
        public static let openings = "Nombre de postes"
        public static let skills = "Compétences attendues"
    }

    public static let maximumSkills = 15
    /// An offer closes by itself at most this many days after it is published.
    public static let longestOpenDays = 183

    /// The offer checked: a known ROME title and commune, a contract the employer may sign, hours
    /// within the week, dates in order, skills listed briefly.
    public struct Checked: Sendable, Equatable {
        public var title: String
        public var rome: Rome.Title
        public var description: String
        public var communeCode: String
        public var contract: OfferContract
        public var weeklyHours: Double
        public var startsOn: String
        public var closesOn: String
        public var openings: Int
        public var skills: [String]
        public var openToDisabledWorkers: Bool
        public var openToInsertionLeavers: Bool
    }

    /// `structureKind`: the employer's kind when it is an inclusive structure (nil for a company);
    /// an insertion contract is posted only by the kinds that sign it.
    public func validate(rome: Rome, knownCommune: (String) -> Bool, structureKind: StructureKind?, today: String) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        let title = self.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(3...160).contains(title.count) { problems.append(.init(field: Field.title, message: "Donnez un intitulé de 3 à 160 caractères.")) }
        if let oneLine = OneLineText.problem(in: title) { problems.append(.init(field: Field.title, message: oneLine)) }
        let romeTitle = Int(self.romeTitle.trimmingCharacters(in: .whitespaces)).flatMap(rome.title)
        if romeTitle == nil { problems.append(.init(field: Field.romeTitle, message: "Choisissez le métier dans la liste du ROME.")) }
        let description = self.description.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(20...5_000).contains(description.count) { problems.append(.init(field: Field.description, message: "Décrivez le poste en 20 à 5 000 caractères.")) }
        if !knownCommune(communeCode) { problems.append(.init(field: Field.commune, message: "Choisissez la commune du poste dans la liste.")) }
        let contract = OfferContract(rawValue: self.contract)
        if contract == nil {
            problems.append(.init(field: Field.contract, message: "Choisissez le contrat proposé."))
        } else if contract!.isInsertionPost, !contract!.signedBy.contains(where: { $0 == structureKind }) {
            let signers = French.list(contract!.signedBy.sorted().map(\.acronym))
            problems.append(.init(field: Field.contract, message: structureKind == nil
                ? "Un contrat d’insertion (\(contract!.label)) est proposé par une structure inclusive, pas par une entreprise."
                : "Le contrat « \(contract!.label) » est signé par \(signers), pas par une structure \(structureKind!.acronym)."))
        }
        let hours = Double(weeklyHours.replacingOccurrences(of: ",", with: "."))
        if hours == nil || !(1...48).contains(hours!) { problems.append(.init(field: Field.hours, message: "Un nombre d’heures par semaine de 1 à 48.")) }
        let start = CivilDay(startsOn), closes = CivilDay(closesOn)
        if let start, let today = CivilDay(today) {
            // A start may have passed on a post still open; not by years, nor years ahead.
            if start.ordinal < today.ordinal - 366 || start.ordinal > today.ordinal + 730 {
                problems.append(.init(field: Field.start, message: "Le début tombe dans l’année passée ou les deux ans à venir."))
            }
        } else {
            problems.append(.init(field: Field.start, message: "Donnez la date de début (AAAA-MM-JJ)."))
        }
        if let closes {
            if closes.text < today { problems.append(.init(field: Field.closes, message: "La clôture ne peut pas être passée.")) }
            if let today = CivilDay(today), closes.ordinal - today.ordinal > Self.longestOpenDays {
                problems.append(.init(field: Field.closes, message: "Une offre reste ouverte six mois au plus : republiez-la ensuite si besoin."))
            }
        } else {
            problems.append(.init(field: Field.closes, message: "Donnez la date de clôture des candidatures (AAAA-MM-JJ)."))
        }
        let openings = Int(self.openings.trimmingCharacters(in: .whitespaces))
        if openings == nil || !(1...500).contains(openings!) { problems.append(.init(field: Field.openings, message: "De 1 à 500 postes.")) }
        let skills = OfferDraft.cleanSkills(self.skills)
        if skills.count > Self.maximumSkills { problems.append(.init(field: Field.skills, message: "Quinze compétences au plus.")) }
        if skills.contains(where: { $0.count > 80 }) { problems.append(.init(field: Field.skills, message: "Chaque compétence tient en 80 caractères.")) }
        guard problems.isEmpty, let romeTitle, let contract, let hours, let start, let closes, let openings else { return .failure(FieldProblems(problems)) }
        return .success(Checked(title: title, rome: romeTitle, description: description, communeCode: communeCode, contract: contract, weeklyHours: hours,
                                startsOn: start.text, closesOn: closes.text, openings: openings, skills: skills,
                                openToDisabledWorkers: openToDisabledWorkers, openToInsertionLeavers: openToInsertionLeavers))
    }

    /// Skills one per line or comma, trimmed, without twins (accents and case aside). A bar
    /// separates them too: they are stored as a `|a|b|` list.
    public static func cleanSkills(_ lines: [String]) -> [String] {
        var seen = Set<String>()
        return lines.flatMap { $0.split(whereSeparator: { $0 == "\n" || $0 == "," || $0 == ";" || $0 == "|" }) }
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .filter { !$0.isEmpty && seen.insert(SearchText.fold($0)).inserted }
    }
}
