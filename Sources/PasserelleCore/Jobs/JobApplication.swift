import Foundation

/// An application to an offer, from its sending to the employer's answer. An employer that does
/// not answer within `JobApplicationLifecycle.unansweredDays` leaves it « sans réponse »: the
/// person's referent is told, and looks elsewhere.
public enum JobApplicationState: String, CaseIterable, Sendable, Codable {
    case new = "nouvelle"
    case studied = "a-l-etude"
    case interview = "entretien"
    case accepted = "acceptee"
    case refused = "refusee"
    case cancelled = "annulee"
    case unanswered = "sans-reponse"

    public var label: String {
        switch self {
        case .new: "Nouvelle"
        case .studied: "À l’étude"
        case .interview: "Entretien prévu"
        case .accepted: "Acceptée"
        case .refused: "Refusée"
        case .cancelled: "Annulée"
        case .unanswered: "Sans réponse"
        }
    }

    public var isOpen: Bool { [.new, .studied, .interview].contains(self) }
}

/// Why an employer declines an application: a list, so that the figures can count them.
public enum JobApplicationRefusal: String, CaseIterable, Sendable, Codable {
    case filled = "poste-pourvu"
    case profile = "profil-different"
    case unreachable = "injoignable"
    case withdrew = "desistement"
    case notEligible = "non-eligible"
    case other = "autre"

    public var label: String {
        switch self {
        case .filled: "Le poste est pourvu"
        case .profile: "Le profil ne correspond pas au poste"
        case .unreachable: "La personne n’a pas pu être jointe"
        case .withdrew: "La personne s’est désistée"
        case .notEligible: "La personne n’est pas éligible au contrat proposé"
        case .other: "Autre motif"
        }
    }
}

public enum JobApplicationLifecycle {
    /// Days without an answer after which an open application is « sans réponse ».
    public static let unansweredDays = 30

    public enum Change: Equatable, Sendable {
        /// The employer reads it and studies it.
        case study
        /// The employer proposes an interview.
        case interview
        case accept
        case refuse(JobApplicationRefusal)
        /// The person, or whoever applied for them, withdraws it.
        case cancel
        /// The daily job: no answer within the delay.
        case expire
    }

    public enum Refusal: Error, Equatable, Sendable {
        case closed(JobApplicationState)
        case notDue

        public var message: String {
            switch self {
            case .closed(let state): "Cette candidature est déjà « \(state.label.lowercased()) » : elle ne change plus."
            case .notDue: "Cette candidature attend encore la réponse de l’employeur."
            }
        }
    }

    /// The state after `change`, from `state` last changed at `changedAt`.
    public static func apply(_ change: Change, to state: JobApplicationState, changedAt: Date, now: Date) -> Result<JobApplicationState, Refusal> {
        guard state.isOpen else { return .failure(.closed(state)) }
        switch change {
        case .study:
            return .success(state == .new ? .studied : state)
        case .interview: return .success(.interview)
        case .accept: return .success(.accepted)
        case .refuse: return .success(.refused)
        case .cancel: return .success(.cancelled)
        case .expire:
            guard state != .interview, now.timeIntervalSince(changedAt) >= Double(unansweredDays) * 86_400 else { return .failure(.notDue) }
            return .success(.unanswered)
        }
    }
}
