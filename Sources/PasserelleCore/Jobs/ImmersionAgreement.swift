import Foundation

/// An immersion agreement's life: written by the accompanying structure (the prescriber), sent
/// for signature, signed by each party through its own link, validated by the prescriber, then
/// closed by its assessment. A change of its terms before validation asks for every signature
/// again; after validation it is only cancelled.
public enum ImmersionState: String, CaseIterable, Sendable, Codable {
    case draft = "brouillon"
    case toSign = "a-signer"
    case signed = "signee"
    case validated = "validee"
    case assessed = "terminee"
    case refused = "refusee"
    case cancelled = "annulee"

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .toSign: "À signer"
        case .signed: "Signée, à valider"
        case .validated: "Validée"
        case .assessed: "Terminée, bilan fait"
        case .refused: "Refusée"
        case .cancelled: "Annulée"
        }
    }

    public var isClosed: Bool { [.assessed, .refused, .cancelled].contains(self) }
}

/// Who signs an agreement: the person, the host company's representative, and the accompanying
/// structure that prescribes it. The tutor is named, and does not sign.
public enum ImmersionParty: String, CaseIterable, Sendable, Codable {
    case beneficiary = "beneficiaire"
    case host = "entreprise"
    case prescriber = "prescripteur"

    public var label: String {
        switch self {
        case .beneficiary: "la personne"
        case .host: "l’entreprise d’accueil"
        case .prescriber: "la structure d’accompagnement"
        }
    }
}

public enum ImmersionLifecycle {
    public enum Change: Equatable, Sendable {
        case send
        case sign(ImmersionParty)
        /// The terms changed: the signatures given are void.
        case edit
        case validate
        case refuse(reason: String)
        case cancel(reason: String)
        case assess
    }

    public enum Refusal: Error, Equatable, Sendable {
        case notNow(ImmersionState)
        case alreadySigned(ImmersionParty)
        case reasonMissing
        case notSigned([ImmersionParty])
        case notEnded(lastDay: String)

        public var message: String {
            switch self {
            case .notNow(let state): "L’immersion est « \(state.label.lowercased()) » : cette action n’est plus possible."
            case .alreadySigned(let party): "La convention est déjà signée pour \(party.label) : un lien de signature ne sert qu’une fois."
            case .reasonMissing: "Dites pourquoi, en une phrase au moins."
            case .notSigned(let missing):
                (missing.count == 1 ? "Il manque la signature " : "Il manque les signatures ") + French.list(missing.map { French.de($0.label) }) + "."
            case .notEnded(let lastDay): "Le bilan se fait une fois l’immersion finie (le \(DateText.frenchDay(iso: lastDay)))."
            }
        }
    }

    public struct Agreement: Equatable, Sendable {
        public var state: ImmersionState
        public var signed: Set<ImmersionParty>
        public var lastDay: String

        public init(state: ImmersionState, signed: Set<ImmersionParty> = [], lastDay: String) {
            self.state = state
            self.signed = signed
            self.lastDay = lastDay
        }
    }

    /// The agreement after `change` on `today`, or why it may not happen.
    public static func apply(_ change: Change, to agreement: Agreement, today: String) -> Result<Agreement, Refusal> {
        var next = agreement
        switch (change, agreement.state) {
        case (.send, .draft):
            next.state = .toSign
            next.signed = []
        case (.sign(let party), .toSign):
            guard !agreement.signed.contains(party) else { return .failure(.alreadySigned(party)) }
            next.signed.insert(party)
            if next.signed == Set(ImmersionParty.allCases) { next.state = .signed }
        case (.sign(let party), .signed):
            return .failure(.alreadySigned(party))
        case (.edit, .draft):
            break
        case (.edit, .toSign), (.edit, .signed):
            next.state = .toSign
            next.signed = []
        case (.validate, .signed):
            next.state = .validated
        case (.validate, .toSign):
            return .failure(.notSigned(ImmersionParty.allCases.filter { !agreement.signed.contains($0) }))
        case (.refuse(let reason), .toSign), (.refuse(let reason), .signed):
            guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else { return .failure(.reasonMissing) }
            next.state = .refused
        case (.cancel(let reason), .draft), (.cancel(let reason), .toSign), (.cancel(let reason), .signed), (.cancel(let reason), .validated):
            guard reason.trimmingCharacters(in: .whitespacesAndNewlines).count >= 3 else { return .failure(.reasonMissing) }
            next.state = .cancelled
        case (.assess, .validated):
            guard today >= agreement.lastDay else { return .failure(.notEnded(lastDay: agreement.lastDay)) }
            next.state = .assessed
        default:
            return .failure(.notNow(agreement.state))
        }
        return .success(next)
    }
}

/// The end-of-immersion assessment, recorded in the person's journey.
public struct ImmersionAssessment: Sendable, Equatable {
    public enum Attendance: String, CaseIterable, Sendable, Codable {
        case complete = "complete"
        case partial = "partielle"
        case absent = "absence"

        public var label: String {
            switch self {
            case .complete: "Présence sur toute la période"
            case .partial: "Présence sur une partie de la période"
            case .absent: "La personne ne s’est pas présentée"
            }
        }
    }

    public var attendance: Attendance
    public var skillsObserved: [String]
    public var endedInHiring: Bool
    /// The contract of the hiring, when it ended in one.
    public var hiringContract: String?
    public var comment: String

    public init(attendance: Attendance, skillsObserved: [String], endedInHiring: Bool, hiringContract: String?, comment: String) {
        self.attendance = attendance
        self.skillsObserved = skillsObserved
        self.endedInHiring = endedInHiring
        self.hiringContract = hiringContract
        self.comment = comment
    }

    public func problems() -> [FieldProblem] {
        var problems: [FieldProblem] = []
        if skillsObserved.count > 20 { problems.append(.init(field: "Compétences observées", message: "Vingt compétences au plus.")) }
        if skillsObserved.contains(where: { $0.count > 80 }) { problems.append(.init(field: "Compétences observées", message: "Chaque compétence tient en 80 caractères.")) }
        if endedInHiring, (hiringContract ?? "").isEmpty {
            problems.append(.init(field: "Contrat de l’embauche", message: "Dites par quel contrat l’immersion a mené à l’embauche."))
        }
        if attendance == .absent, endedInHiring {
            problems.append(.init(field: "Présence", message: "Une personne qui ne s’est pas présentée n’a pas été embauchée à l’issue de l’immersion."))
        }
        if comment.count > 2_000 { problems.append(.init(field: "Commentaire", message: "Le commentaire tient en 2 000 caractères.")) }
        return problems
    }
}

/// Who writes and follows immersion agreements: the verified teams of the accompanying
/// structures and prescribers, each its own; the person and the host sign from their links.
public enum ImmersionPolicy {
    public static func prescribers(_ actor: Policy.Actor) -> [UUID] { ApplicationPolicy.applicants(actor) }

    /// Whether `actor` follows the agreements of `prescriber`: its team only (others are told
    /// the agreement does not exist).
    public static func follows(_ prescriber: UUID, actor: Policy.Actor) -> Bool {
        actor.isSignedIn && actor.memberships.contains { $0.organisation == prescriber }
    }
}
