import Foundation

/// A person's skills profile, opened only with their consent, kept by their accompanying
/// structure. Companies see it under a pseudonym; they reach the person only through the
/// structure, by a contact request that the person (or the referent, with the person's consent)
/// accepts. Until then nothing that names or locates the person precisely leaves the structure.
public struct SkillsProfileDraft: Sendable, Equatable {
    public var projects: [String] = []
    public var skills: [String] = []
    public var radiusKm: String = "20"
    public var mobility: [String] = []
    public var availableFrom: String = ""
    public var languages: [String] = []
    public var licences: [String] = []
    public var consent = false

    public init() {}

    public enum Field {
        public static let projects = "Projets (métiers du ROME)"
        public static let skills = "Compétences"
        public static let radius = "Rayon de mobilité"
        public static let mobility = "Moyens de déplacement"
        public static let available = "Disponible à partir du"
        public static let consent = "Accord de la personne"
    }

    public static let mobilityMeans = ["pied", "velo", "transports", "voiture", "deux-roues", "covoiturage"]
    public static let licenceKinds = ["AM", "A1", "A2", "A", "B", "BE", "C1", "C", "CE", "D", "caces"]

    public struct Checked: Sendable, Equatable {
        public var projects: [String]
        public var skills: [String]
        public var radiusKm: Int
        public var mobility: [String]
        public var availableFrom: String?
        public var languages: [String]
        public var licences: [String]
    }

    public func validate(rome: Rome) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        if !consent {
            problems.append(.init(field: Field.consent, message: "Le profil n’est ouvert qu’avec l’accord de la personne : cochez-le une fois qu’elle l’a donné."))
        }
        let projects = projects.map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.filter { !$0.isEmpty }
        if projects.isEmpty { problems.append(.init(field: Field.projects, message: "Donnez au moins un projet, un métier du ROME.")) }
        if projects.count > SkillsMatch.maximumProjects { problems.append(.init(field: Field.projects, message: "Cinq projets au plus.")) }
        if let unknown = projects.first(where: { rome.job($0) == nil }) { problems.append(.init(field: Field.projects, message: "« \(unknown) » n’est pas un code ROME.")) }
        let skills = OfferDraft.cleanSkills(skills)
        if skills.count > 30 { problems.append(.init(field: Field.skills, message: "Trente compétences au plus.")) }
        if skills.contains(where: { $0.count > 80 }) { problems.append(.init(field: Field.skills, message: "Chaque compétence tient en 80 caractères.")) }
        let radius = Int(radiusKm.trimmingCharacters(in: .whitespaces))
        if radius == nil || !(0...200).contains(radius!) { problems.append(.init(field: Field.radius, message: "Un rayon de 0 à 200 km.")) }
        if let unknown = mobility.first(where: { !Self.mobilityMeans.contains($0) }) {
            problems.append(.init(field: Field.mobility, message: "Moyen de déplacement inconnu : « \(unknown) »."))
        }
        var available: String?
        if !availableFrom.isEmpty {
            if let day = CivilDay(availableFrom) { available = day.text } else { problems.append(.init(field: Field.available, message: "Date invalide (AAAA-MM-JJ).")) }
        }
        let licences = licences.filter { Self.licenceKinds.contains($0) }
        let languages = OfferDraft.cleanSkills(languages).prefix(10).map { String($0.prefix(40)) }
        guard problems.isEmpty, let radius else { return .failure(FieldProblems(problems)) }
        return .success(Checked(projects: projects, skills: skills, radiusKm: radius, mobility: mobility, availableFrom: available,
                                languages: Array(languages), licences: licences))
    }
}

/// A company's request to meet the person behind a profile.
public enum ProfileContactState: String, CaseIterable, Sendable, Codable {
    case requested = "demandee"
    case accepted = "acceptee"
    case declined = "refusee"

    public var label: String {
        switch self {
        case .requested: "Demandée"
        case .accepted: "Acceptée"
        case .declined: "Déclinée"
        }
    }
}

public enum ProfileContactRule {
    public enum Refusal: Error, Equatable, Sendable {
        case noConsent
        case alreadyAnswered(ProfileContactState)

        public var message: String {
            switch self {
            case .noConsent: "La personne n’a pas donné son accord pour être mise en relation : recueillez-le d’abord, sur son profil."
            case .alreadyAnswered(let state): "Cette demande de contact est déjà « \(state.label.lowercased()) »."
            }
        }
    }

    /// Accepting needs the person's consent to contacts, recorded on the profile.
    public static func answer(_ accept: Bool, to state: ProfileContactState, consentToContact: Bool) -> Result<ProfileContactState, Refusal> {
        guard state == .requested else { return .failure(.alreadyAnswered(state)) }
        if accept, !consentToContact { return .failure(.noConsent) }
        return .success(accept ? .accepted : .declined)
    }

    /// Whether a company sees who the person is: only once its own request was accepted, and while
    /// the person still agrees to contacts (withdrawn, the profile is anonymous again).
    public static func revealsIdentity(contact: ProfileContactState?, consentToContact: Bool) -> Bool { contact == .accepted && consentToContact }

    /// The name a company reads before that: stable for the profile, saying nothing of the person.
    public static func pseudonym(of profile: UUID) -> String {
        "Profil " + profile.uuidString.replacingOccurrences(of: "-", with: "").prefix(6).uppercased()
    }
}
