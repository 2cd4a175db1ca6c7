import Foundation

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

/// What an action of the plan is: a step, a training, or an appointment.
public enum ActionKind: String, CaseIterable, Sendable, Codable {
    case step = "action"
    case afest = "formation-afest"
    case workSite = "formation-chantier-ecole"
    case qualification = "formation-qualifiante"
    case appointment = "rendez-vous"

    public var label: String {
        switch self {
        case .step: "Action"
        case .afest: "Formation en situation de travail (AFEST)"
        case .workSite: "Chantier école"
        case .qualification: "Formation qualifiante"
        case .appointment: "Rendez-vous"
        }
    }
}

/// A barrier or an action as the referent types it; `check` says what is wrong in French.
public struct PlanEntryDraft: Sendable, Equatable {
    public enum Field {
        public static let category = "Frein"
        public static let title = "Intitulé"
        public static let kind = "Nature"
        public static let due = "Échéance"
        public static let actor = "Qui agit"
        public static let barrier = "Frein concerné"
    }

    public var category = ""
    public var title = ""
    public var kind = ""
    public var due = ""
    public var actor = ""
    public var barrier = ""

    public init() {}

    /// A barrier: one of the data·inclusion categories, with an optional note in `title`.
    public func checkBarrier(open: Set<String>) -> Result<(category: String, note: String?), FieldProblems> {
        guard ServiceVocabulary.category(category) != nil else {
            return .failure(FieldProblems([FieldProblem(field: Field.category, message: "Choisissez le frein parmi les catégories proposées.")]))
        }
        guard !open.contains(category) else {
            return .failure(FieldProblems([FieldProblem(field: Field.category, message: "Ce frein est déjà suivi dans le plan : faites-le avancer plutôt que de l’ajouter.")]))
        }
        let note = title.trimmingCharacters(in: .whitespacesAndNewlines)
        guard note.count <= 500 else { return .failure(FieldProblems([FieldProblem(field: Field.title, message: "Précisions : 500 caractères au plus.")])) }
        return .success((category, note.isEmpty ? nil : note))
    }

    public struct CheckedAction: Sendable, Equatable {
        public var kind: ActionKind
        public var title: String
        public var due: String?
        public var actor: String?
        public var barrier: UUID?
    }

    /// An action: a title, a kind, an optional due day and who acts, tied to one of `barriers`.
    public func checkAction(barriers: Set<UUID>) -> Result<CheckedAction, FieldProblems> {
        var problems: [FieldProblem] = []
        let title = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if !(3...200).contains(title.count) { problems.append(FieldProblem(field: Field.title, message: "Intitulé : de 3 à 200 caractères.")) }
        let kind = ActionKind(rawValue: kind)
        if kind == nil { problems.append(FieldProblem(field: Field.kind, message: "Choisissez la nature de l’action.")) }
        let due = due.trimmingCharacters(in: .whitespaces)
        if !due.isEmpty && CivilDay(due) == nil { problems.append(FieldProblem(field: Field.due, message: "Échéance : une date (AAAA-MM-JJ), ou rien.")) }
        let actor = actor.trimmingCharacters(in: .whitespacesAndNewlines)
        if actor.count > 160 { problems.append(FieldProblem(field: Field.actor, message: "Qui agit : 160 caractères au plus.")) }
        var barrierID: UUID?
        if !barrier.isEmpty {
            barrierID = UUID(uuidString: barrier)
            if barrierID.map(barriers.contains) != true { problems.append(FieldProblem(field: Field.barrier, message: "Choisissez un frein du plan, ou aucun.")) }
        }
        guard problems.isEmpty, let kind else { return .failure(FieldProblems(problems)) }
        return .success(CheckedAction(kind: kind, title: title, due: due.isEmpty ? nil : due, actor: actor.isEmpty ? nil : actor, barrier: barrierID))
    }
}

/// How a referral started from a barrier moves it: a service that takes the person on puts the
/// barrier in progress; a refusal or an expiry leaves it where it was, said in the timeline.
public enum BarrierReferral {
    public static func move(_ barrier: BarrierState, after answer: ReferralState) -> BarrierState? {
        switch answer {
        case .accepted: barrier == .identified ? .inProgress : nil
        case .open, .refused, .expired: nil
        }
    }

    public static func summary(_ answer: ReferralState, service: String, barrier: String) -> String? {
        switch answer {
        case .open: nil
        case .accepted: "Orientation vers « \(service) » validée : le frein « \(barrier) » est en cours de levée."
        case .refused: "Orientation vers « \(service) » refusée : le frein « \(barrier) » reste à lever."
        case .expired: "Orientation vers « \(service) » expirée sans réponse : le frein « \(barrier) » reste à lever."
        }
    }
}
