import Foundation

/// The ways a company opens its doors to people in or leaving an inclusive structure: what a
/// structure's team looks for when it prospects, and what the company's page says first.
public enum CompanyBridge: String, CaseIterable, Sendable, Codable {
    case immersionHost = "accueil-immersion"
    case tremplinHost = "accueil-cdd-tremplin"
    case geiqMember = "adherent-geiq"
    case recruitsLeavers = "recrute-sortants"
    case mentoring = "parrainage"

    public var label: String {
        switch self {
        case .immersionHost: "Accueille des immersions (PMSMP)"
        case .tremplinHost: "Accueille des salariés en CDD Tremplin"
        case .geiqMember: "Adhère à un GEIQ"
        case .recruitsLeavers: "Recrute des personnes sortant de l’insertion"
        case .mentoring: "Parraine ou accompagne des personnes (mentorat)"
        }
    }

    /// What the bridge means, for the form's hint and the page.
    public var detail: String {
        switch self {
        case .immersionHost: "Une personne découvre un métier quelques jours, sous convention, avec un tuteur de l’entreprise."
        case .tremplinHost: "Une entreprise adaptée met à disposition des salariés en CDD Tremplin, marche vers l’emploi ordinaire."
        case .geiqMember: "Le GEIQ recrute et forme en alternance pour ses entreprises adhérentes."
        case .recruitsLeavers: "Les offres de l’entreprise sont ouvertes aux personnes qui terminent un parcours d’insertion."
        case .mentoring: "Des salariés de l’entreprise parrainent une personne le temps de son parcours."
        }
    }
}

/// The size bands of companies, as INSEE groups them (micro, small, medium, intermediate, large).
public enum CompanySize: String, CaseIterable, Sendable, Codable {
    case micro = "1-9"
    case small = "10-49"
    case medium = "50-249"
    case intermediate = "250-4999"
    case large = "5000-et-plus"

    public var label: String {
        switch self {
        case .micro: "1 à 9 salariés"
        case .small: "10 à 49 salariés"
        case .medium: "50 à 249 salariés"
        case .intermediate: "250 à 4 999 salariés"
        case .large: "5 000 salariés et plus"
        }
    }
}

/// The NAF rév. 2 sub-classes (732): a company's main activity, as INSEE codes it (`43.32A`).
public struct Naf: Sendable {
    public private(set) var labels: [String: String]

    public init(labels: [String: String]) {
        self.labels = labels
    }

    /// Reads `naf-sous-classes.csv` (code, code without its dot, label…).
    public static func read(_ text: String) throws -> Naf {
        let records = try CSV.parse(text)
        guard records.first?.fields.first == "code" else { throw Rome.ReadError.badHeader(file: "naf-sous-classes.csv") }
        var labels: [String: String] = [:]
        for record in records.dropFirst() {
            guard record.fields.count >= 3, record.fields[0].count == 6 else { throw Rome.ReadError.badLine(file: "naf-sous-classes.csv", line: record.line) }
            labels[record.fields[0]] = record.fields[2]
        }
        return Naf(labels: labels)
    }

    /// The code as INSEE writes it, from `4332A`, `43.32a` or `43 32 A`; nil when no sub-class has it.
    public func code(_ typed: String) -> String? {
        let compact = typed.uppercased().filter { $0.isLetter || $0.isNumber }
        guard compact.count == 5 else { return nil }
        let code = String(compact.prefix(2)) + "." + String(compact.dropFirst(2))
        return labels[code] == nil ? nil : code
    }

    public func label(_ code: String) -> String? { labels[code] }
}

/// What a company says of itself: its activity, size, bridges, the jobs it opens to immersions,
/// its commitments and labels; and whether its page is public.
public struct CompanyProfileDraft: Sendable, Equatable {
    public enum Field {
        public static let naf = "Activité principale (code NAF)"
        public static let size = "Effectif"
        public static let bridges = "Passerelles proposées"
        public static let immersionJobs = "Métiers ouverts aux immersions"
        public static let presentation = "Présentation"
        public static let commitments = "Engagements RSE"
        public static let labels = "Labels"
        public static let website = "Site web"
    }

    public static let maximumImmersionJobs = 20
    public static let maximumLabels = 10

    public var naf = ""
    public var size = ""
    public var bridges: [String] = []
    /// One ROME title per line, as typed; `resolveTitle` finds its code.
    public var immersionJobs: [String] = []
    public var presentation = ""
    public var commitments = ""
    public var labels: [String] = []
    public var website = ""
    public var isPublic = false

    public init() {}

    public struct Checked: Sendable, Equatable {
        public var naf: String?
        public var size: CompanySize
        public var bridges: [CompanyBridge]
        public var immersionTitles: [Int]
        public var presentation: String?
        public var commitments: String?
        public var labels: [String]
        public var website: String?
        public var isPublic: Bool
    }

    /// `resolveTitle` gives a ROME title's code for a line typed (a code or an exact label), and
    /// `suggest` a few titles for one it does not know.
    public func check(naf catalogue: Naf, resolveTitle: (String) -> Int?, suggest: (String) -> [String]) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        var nafCode: String?
        if !trimmed(naf).isEmpty {
            nafCode = catalogue.code(naf)
            if nafCode == nil {
                problems.append(FieldProblem(field: Field.naf, message: "Code NAF inconnu : « \(trimmed(naf).prefix(20)) ». Il s’écrit comme 43.32A (sur l’avis de situation Insee)."))
            }
        }
        let size = CompanySize(rawValue: size)
        if size == nil { problems.append(FieldProblem(field: Field.size, message: "Choisissez l’effectif de l’entreprise.")) }
        var bridgeSet: [CompanyBridge] = []
        for value in bridges {
            guard let bridge = CompanyBridge(rawValue: value) else {
                problems.append(FieldProblem(field: Field.bridges, message: "Passerelle inconnue : choisissez dans la liste."))
                break
            }
            if !bridgeSet.contains(bridge) { bridgeSet.append(bridge) }
        }
        bridgeSet.sort { CompanyBridge.allCases.firstIndex(of: $0)! < CompanyBridge.allCases.firstIndex(of: $1)! }
        var titles: [Int] = []
        let lines = immersionJobs.map(trimmed).filter { !$0.isEmpty }
        if lines.count > Self.maximumImmersionJobs {
            problems.append(FieldProblem(field: Field.immersionJobs, message: "Métiers ouverts aux immersions : \(Self.maximumImmersionJobs) au plus."))
        } else {
            for line in lines {
                guard let code = resolveTitle(line) else {
                    let hints = suggest(line).prefix(3).map { "« \($0) »" }
                    let hint = hints.isEmpty ? "Écrivez un intitulé du ROME, par exemple « Agent / Agente d’entretien de locaux »." : "Vouliez-vous dire " + hints.joined(separator: ", ") + " ?"
                    problems.append(FieldProblem(field: Field.immersionJobs, message: "« \(line.prefix(80)) » n’est pas un métier du ROME. \(hint)"))
                    break
                }
                if !titles.contains(code) { titles.append(code) }
            }
        }
        if bridgeSet.contains(.immersionHost), titles.isEmpty, problems.allSatisfy({ $0.field != Field.immersionJobs }) {
            problems.append(FieldProblem(field: Field.immersionJobs, message: "Vous accueillez des immersions : indiquez au moins un métier à découvrir."))
        }
        let presentation = trimmed(presentation), commitments = trimmed(commitments)
        if presentation.count > 2_000 { problems.append(FieldProblem(field: Field.presentation, message: "Présentation : 2 000 caractères au plus.")) }
        if commitments.count > 2_000 { problems.append(FieldProblem(field: Field.commitments, message: "Engagements RSE : 2 000 caractères au plus.")) }
        var labelList: [String] = []
        for label in labels.map(trimmed) where !label.isEmpty {
            if !labelList.contains(where: { SearchText.fold($0) == SearchText.fold(label) }) { labelList.append(label) }
        }
        if labelList.count > Self.maximumLabels {
            problems.append(FieldProblem(field: Field.labels, message: "Labels : \(Self.maximumLabels) au plus, un par ligne."))
        } else if labelList.contains(where: { $0.count > 120 }) {
            problems.append(FieldProblem(field: Field.labels, message: "Labels : 120 caractères au plus chacun."))
        }
        let website = trimmed(website)
        if !website.isEmpty, !ContactRules.isWebsite(website) || website.count > 300 {
            problems.append(FieldProblem(field: Field.website, message: "Site web : une adresse qui commence par https:// ou http://."))
        }
        if isPublic, presentation.isEmpty, bridgeSet.isEmpty {
            problems.append(FieldProblem(field: Field.bridges, message: "Une page publique dit au moins une passerelle ou une présentation : sans cela, elle ne dirait rien."))
        }
        guard problems.isEmpty, let size else { return .failure(FieldProblems(problems)) }
        return .success(Checked(naf: nafCode, size: size, bridges: bridgeSet, immersionTitles: titles, presentation: presentation.isEmpty ? nil : presentation,
                                commitments: commitments.isEmpty ? nil : commitments, labels: labelList, website: website.isEmpty ? nil : website, isPublic: isPublic))
    }
}

/// Who writes a company's page: the members of its verified organisation. Anyone reads a public
/// page; a page not public is read by its own members only.
public enum CompanyPolicy {
    /// The companies `actor` may present.
    public static func companies(_ actor: Policy.Actor) -> [UUID] {
        var seen = Set<UUID>()
        return actor.memberships.compactMap { membership in
            guard membership.kind == .company, let organisation = membership.organisation else { return nil }
            return seen.insert(organisation).inserted ? organisation : nil
        }
    }

    public static func mayEdit(_ company: UUID, actor: Policy.Actor) -> Bool { companies(actor).contains(company) }

    /// Whether `actor` reads the page: public and verified for anyone, else its members only.
    public static func mayRead(_ company: UUID, isPublic: Bool, verified: Bool, actor: Policy.Actor) -> Bool {
        (isPublic && verified) || mayEdit(company, actor: actor)
    }
}
