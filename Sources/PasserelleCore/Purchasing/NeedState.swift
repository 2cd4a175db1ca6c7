/// The life of a need (DESIGN.md: every state machine in one place): brouillon → soumis →
/// publié → clos (attribué, non attribué, sans suite), with refusé and annulé.
public enum NeedState: String, CaseIterable, Codable, Sendable {
    case draft = "brouillon"
    case submitted = "soumis"
    case published = "publie"
    case refused = "refuse"
    case cancelled = "annule"
    case awarded = "attribue"
    case notAwarded = "non-attribue"
    case withoutFollowUp = "sans-suite"

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .submitted: "Soumis à validation"
        case .published: "Publié"
        case .refused: "Refusé"
        case .cancelled: "Annulé"
        case .awarded: "Clos : attribué"
        case .notAwarded: "Clos : non attribué"
        case .withoutFollowUp: "Clos : sans suite"
        }
    }

    public var isClosed: Bool { [.awarded, .notAwarded, .withoutFollowUp].contains(self) }
}

/// Who asks for a transition: the buyer's organisation, or a facilitator or steward of the need's
/// territory (or the platform team).
public enum NeedActor: Sendable, Equatable {
    case owner(trusted: Bool)
    case moderator
}

/// What can happen to a need.
public enum NeedEvent: Sendable, Equatable {
    case submit
    case publish
    case refuse(message: String)
    case cancel
    case close(NeedOutcome)
    /// A refused need goes back to draft to be mended.
    case reopen
}

/// How a need ended.
public enum NeedOutcome: Sendable, Equatable {
    case awarded
    case notAwarded
    case withoutFollowUp

    var state: NeedState {
        switch self {
        case .awarded: .awarded
        case .notAwarded: .notAwarded
        case .withoutFollowUp: .withoutFollowUp
        }
    }
}

public struct NeedTransitionRefused: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

public enum NeedLifecycle {
    /// The state after `event`, or why it cannot happen. A trusted owner's submission publishes
    /// at once (organisations the facilitators trust).
    public static func next(after state: NeedState, on event: NeedEvent, by actor: NeedActor) -> Result<NeedState, NeedTransitionRefused> {
        func refused(_ message: String) -> Result<NeedState, NeedTransitionRefused> { .failure(NeedTransitionRefused(message: message)) }
        switch (state, event, actor) {
        case (.draft, .submit, .owner(let trusted)):
            return .success(trusted ? .published : .submitted)
        case (.submitted, .publish, .moderator):
            return .success(.published)
        case (.submitted, .refuse(let message), .moderator):
            guard !message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                return refused("Dites à l’acheteur pourquoi le besoin est refusé : le message est obligatoire.")
            }
            return .success(.refused)
        case (.refused, .reopen, .owner):
            return .success(.draft)
        case (.draft, .cancel, .owner), (.submitted, .cancel, .owner), (.published, .cancel, .owner), (.refused, .cancel, .owner),
             (.published, .cancel, .moderator):
            return .success(.cancelled)
        case (.published, .close(let outcome), .owner), (.published, .close(let outcome), .moderator):
            return .success(outcome.state)
        case (_, .publish, .owner), (_, .refuse, .owner):
            return refused("Seuls les facilitateurs et les animateurs du territoire valident les besoins.")
        case (_, .submit, .moderator), (_, .reopen, .moderator):
            return refused("Seul l’acheteur soumet son besoin.")
        default:
            return refused("Un besoin « \(state.label.lowercased()) » ne peut pas être \(Self.pastParticiple(event)).")
        }
    }

    static func pastParticiple(_ event: NeedEvent) -> String {
        switch event {
        case .submit: "soumis"
        case .publish: "publié"
        case .refuse: "refusé"
        case .cancel: "annulé"
        case .close: "clos"
        case .reopen: "rouvert"
        }
    }
}
