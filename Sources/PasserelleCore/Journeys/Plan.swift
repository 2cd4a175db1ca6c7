/// A person's plan: the barriers to employment met on the way, each followed until it is lifted,
/// and the actions that lift them. Both move only along their life cycles.
public enum BarrierState: String, CaseIterable, Sendable, Codable {
    case identified = "identifie"
    case inProgress = "en-cours"
    case lifted = "leve"
    case abandoned = "abandonne"

    public var label: String {
        switch self {
        case .identified: "identifié"
        case .inProgress: "en cours"
        case .lifted: "levé"
        case .abandoned: "abandonné"
        }
    }

    /// Lifted and abandoned barriers are closed; one found again is identified anew.
    public var isClosed: Bool { self == .lifted || self == .abandoned }

    public func mayMove(to next: BarrierState) -> Bool {
        switch (self, next) {
        case (.identified, .inProgress), (.identified, .lifted), (.identified, .abandoned): true
        case (.inProgress, .lifted), (.inProgress, .abandoned), (.inProgress, .identified): true
        case (.lifted, .identified), (.abandoned, .identified): true
        default: false
        }
    }
}

/// An objective's or an action's state in the plan.
public enum ActionState: String, CaseIterable, Sendable, Codable {
    case planned = "en-projet"
    case inProgress = "en-cours"
    case done = "realisee"
    case abandoned = "abandonnee"
    case cancelled = "annulee"
    case onHold = "en-attente"

    public var label: String {
        switch self {
        case .planned: "en projet"
        case .inProgress: "en cours"
        case .done: "réalisée"
        case .abandoned: "abandonnée"
        case .cancelled: "annulée"
        case .onHold: "en attente"
        }
    }

    /// Done, abandoned or cancelled: nothing more happens to it.
    public var isFinished: Bool { self == .done || self == .abandoned || self == .cancelled }

    /// An action not finished may go anywhere; a finished one is reopened as planned only.
    public func mayMove(to next: ActionState) -> Bool {
        guard next != self else { return false }
        return isFinished ? next == .planned : true
    }
}
