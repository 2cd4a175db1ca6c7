import Foundation

/// A structure's relationship with a company it prospects (the « whole team prospects » practice):
/// where it stands, the next step, who follows it, and what came of it. Shared within the
/// structure's team only.
public enum ProspectStage: String, CaseIterable, Sendable, Codable {
    case toContact = "a-contacter"
    case contacted = "contactee"
    case meeting = "rendez-vous"
    case immersion = "immersion"
    case hiring = "embauche"
    case nothing = "sans-suite"

    public var label: String {
        switch self {
        case .toContact: "À contacter"
        case .contacted: "Contactée"
        case .meeting: "Rendez-vous"
        case .immersion: "Immersion obtenue"
        case .hiring: "Embauche obtenue"
        case .nothing: "Sans suite"
        }
    }

    /// Whether the relationship came to an outcome (an immersion, a hiring, or nothing).
    public var isOutcome: Bool { [.immersion, .hiring, .nothing].contains(self) }
}

public struct ProspectDraft: Sendable, Equatable {
    public var company = ""
    public var siret = ""
    public var communeCode = ""
    public var contact = ""
    public var stage = ProspectStage.toContact.rawValue
    public var nextStep = ""
    public var nextStepOn = ""
    public var owner = ""
    public var notes = ""

    public init() {}

    public enum Field {
        public static let company = "Entreprise"
        public static let siret = "SIRET"
        public static let commune = "Commune"
        public static let contact = "Interlocuteur"
        public static let stage = "Où en est-on"
        public static let nextStep = "Prochaine étape"
        public static let nextStepOn = "Date de la prochaine étape"
        public static let owner = "Qui suit"
        public static let notes = "Notes"
    }

    public struct Checked: Sendable, Equatable {
        public var company: String
        public var siret: String?
        public var communeCode: String?
        public var contact: String?
        public var stage: ProspectStage
        public var nextStep: String?
        public var nextStepOn: String?
        public var owner: UUID
        public var notes: String
    }

    /// - Parameters:
    ///   - knownCommune: whether an INSEE code names a commune (an empty commune is allowed).
    ///   - members: the team's members, among whom the follower is chosen.
    public func validate(knownCommune: (String) -> Bool, members: Set<UUID>) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let company = clean(self.company)
        if !(1...160).contains(company.count) { problems.append(.init(field: Field.company, message: "Nommez l’entreprise (160 caractères au plus).")) }
        if let oneLine = OneLineText.problem(in: company) { problems.append(.init(field: Field.company, message: oneLine)) }
        let siret = clean(self.siret).filter { !$0.isWhitespace }
        if !siret.isEmpty, !Siret.isValid(siret) { problems.append(.init(field: Field.siret, message: "SIRET invalide : 14 chiffres dont la clé est juste.")) }
        let commune = clean(communeCode)
        if !commune.isEmpty, !knownCommune(commune) { problems.append(.init(field: Field.commune, message: "Choisissez la commune dans la liste.")) }
        let contact = clean(self.contact)
        if contact.count > 120 { problems.append(.init(field: Field.contact, message: "L’interlocuteur tient en 120 caractères.")) }
        let stage = ProspectStage(rawValue: self.stage)
        if stage == nil { problems.append(.init(field: Field.stage, message: "Choisissez où en est la relation.")) }
        let step = clean(nextStep)
        if step.count > 300 { problems.append(.init(field: Field.nextStep, message: "La prochaine étape tient en 300 caractères.")) }
        let day = clean(nextStepOn)
        if !day.isEmpty, CivilDay(day) == nil { problems.append(.init(field: Field.nextStepOn, message: "Date invalide (AAAA-MM-JJ).")) }
        if stage.map({ !$0.isOutcome }) == true, step.isEmpty {
            problems.append(.init(field: Field.nextStep, message: "Dites la prochaine étape : tant que la relation n’a pas abouti, quelqu’un la fait avancer."))
        }
        let owner = UUID(uuidString: self.owner)
        if owner.map(members.contains) != true { problems.append(.init(field: Field.owner, message: "Choisissez qui suit, parmi l’équipe.")) }
        let notes = clean(self.notes)
        if notes.count > 2_000 { problems.append(.init(field: Field.notes, message: "Les notes tiennent en 2 000 caractères.")) }
        guard problems.isEmpty, let stage, let owner else { return .failure(FieldProblems(problems)) }
        return .success(Checked(company: company, siret: siret.isEmpty ? nil : siret, communeCode: commune.isEmpty ? nil : commune, contact: contact.isEmpty ? nil : contact,
                                stage: stage, nextStep: step.isEmpty ? nil : step, nextStepOn: day.isEmpty ? nil : CivilDay(day)?.text, owner: owner, notes: notes))
    }
}
