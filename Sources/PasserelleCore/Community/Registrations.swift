import Foundation

/// A session of an event (table ronde, atelier, plénière) as registration sees it.
public struct SessionSlot: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var title: String
    public var start: Date
    public var end: Date
    /// Seats; nil when the room takes everyone.
    public var capacity: Int?

    public init(id: UUID = UUID(), title: String, start: Date, end: Date, capacity: Int? = nil) {
        self.id = id
        self.title = title
        self.start = start
        self.end = end
        self.capacity = capacity
    }
}

/// Where a registration for a session lands.
public enum SeatOutcome: Sendable, Equatable {
    case confirmed
    /// On the waiting list, at this place (1 is the next to move up).
    case waitingList(position: Int)
    case refused(String)
}

/// Someone waiting for a seat, since when.
public struct WaitingEntry: Sendable, Equatable {
    public var id: UUID
    public var since: Date

    public init(id: UUID, since: Date) {
        self.id = id
        self.since = since
    }
}

/// The rules of registering to an event and its sessions: no two overlapping sessions, seats
/// within capacity, a waiting list that moves up in arrival order.
public enum RegistrationRules {
    /// What registration needs to know of the event itself.
    public struct EventFacts: Sendable {
        public var cancelled: Bool
        public var ends: Date
        /// After this moment nobody registers; nil: until the event ends.
        public var registrationCloses: Date?
        public var alreadyRegistered: Bool

        public init(cancelled: Bool = false, ends: Date, registrationCloses: Date? = nil, alreadyRegistered: Bool = false) {
            self.cancelled = cancelled
            self.ends = ends
            self.registrationCloses = registrationCloses
            self.alreadyRegistered = alreadyRegistered
        }
    }

    /// Why one may not register to the event now, in French; nil when one may.
    public static func eventProblem(_ event: EventFacts, now: Date) -> String? {
        if event.cancelled { return "Cet événement est annulé : les inscriptions sont fermées." }
        if event.alreadyRegistered { return "Vous êtes déjà inscrit à cet événement : modifiez votre inscription plutôt que d’en faire une autre." }
        if now >= event.ends { return "Cet événement est passé." }
        if let closes = event.registrationCloses, now >= closes {
            return "Les inscriptions sont closes depuis le \(DateText.frenchDay(closes))."
        }
        return nil
    }

    /// Why one may not register to this session now; nil when one may.
    public static func sessionProblem(_ session: SessionSlot, now: Date) -> String? {
        now >= session.start ? "La session « \(session.title) » a déjà commencé : on ne s’y inscrit plus." : nil
    }

    /// Two sessions overlap when each starts before the other ends; one ending when the next
    /// begins does not.
    public static func overlap(_ first: SessionSlot, _ second: SessionSlot) -> Bool {
        first.start < second.end && second.start < first.end
    }

    /// The first two chosen sessions that overlap, named in a French message; nil when none do.
    public static func overlapProblem(_ sessions: [SessionSlot]) -> String? {
        let ordered = sessions.sorted { ($0.start, $0.end, $0.title) < ($1.start, $1.end, $1.title) }
        for (index, session) in ordered.enumerated() {
            if let clash = ordered[(index + 1)...].first(where: { overlap(session, $0) }) {
                return "Les sessions « \(session.title) » et « \(clash.title) » ont lieu en même temps : choisissez-en une."
            }
        }
        return nil
    }

    /// Where a new registration to a session lands, given the seats already taken and the people
    /// already waiting.
    public static func seat(in session: SessionSlot, taken: Int, waiting: Int, waitingList: Bool) -> SeatOutcome {
        guard let capacity = session.capacity, taken >= capacity else { return .confirmed }
        guard waitingList else { return .refused("Il ne reste plus de place à « \(session.title) », et il n’y a pas de liste d’attente.") }
        return .waitingList(position: waiting + 1)
    }

    /// Where a choice of session lands for someone whose registration to the event itself is
    /// confirmed (`admitted`) or still on the event's waiting list: the latter hold no seat
    /// anywhere yet, so they queue for each session too, and move up there once admitted.
    public static func sessionSeat(in session: SessionSlot, taken: Int, waiting: Int, waitingList: Bool, admitted: Bool) -> SeatOutcome {
        admitted ? seat(in: session, taken: taken, waiting: waiting, waitingList: waitingList) : .waitingList(position: waiting + 1)
    }

    /// Who moves up when seats are free: as many as there are free seats, the earliest waiting
    /// first (two at the same instant: by identifier, so that every instance picks the same).
    public static func promotions(in session: SessionSlot, taken: Int, waiting: [WaitingEntry]) -> [UUID] {
        let queue = order(waiting)
        guard let capacity = session.capacity else { return queue }
        return Array(queue.prefix(max(0, capacity - taken)))
    }

    /// Where `id` stands on the waiting list (1 is the next to move up); nil when not on it.
    public static func position(of id: UUID, in waiting: [WaitingEntry]) -> Int? {
        order(waiting).firstIndex(of: id).map { $0 + 1 }
    }

    private static func order(_ waiting: [WaitingEntry]) -> [UUID] {
        waiting.sorted { ($0.since, $0.id.uuidString) < ($1.since, $1.id.uuidString) }.map(\.id)
    }
}

/// Where a registration to a session stands.
public enum RegistrationState: String, CaseIterable, Codable, Sendable {
    case confirmed = "inscrit"
    case waiting = "liste-d-attente"
    case cancelled = "annule"
    case attended = "present"
    case absent

    public var label: String {
        switch self {
        case .confirmed: "Inscrit"
        case .waiting: "Sur liste d’attente"
        case .cancelled: "Annulée"
        case .attended: "Présent"
        case .absent: "Absent"
        }
    }
}

/// What can happen to a registration.
public enum RegistrationChange: Sendable, Equatable {
    /// The person, or an organiser, withdraws it.
    case cancel
    /// A seat freed up for someone on the waiting list.
    case promote
    /// The organiser marks attendance, once the session has begun.
    case markAttended
    case markAbsent
}

/// The life of a registration: inscrit or liste d'attente at first, then cancelled, promoted,
/// or marked present or absent by the organiser once the session began.
public enum RegistrationLifecycle {
    public static func next(after state: RegistrationState, on event: RegistrationChange, sessionStarted: Bool) -> Result<RegistrationState, RegistrationRefusal> {
        switch (state, event) {
        case (.confirmed, .cancel), (.waiting, .cancel):
            return sessionStarted ? .failure(.init("La session a commencé : l’inscription ne s’annule plus.")) : .success(.cancelled)
        case (.waiting, .promote):
            return .success(.confirmed)
        case (.confirmed, .markAttended), (.absent, .markAttended):
            return sessionStarted ? .success(.attended) : .failure(.init("La présence se note une fois la session commencée."))
        case (.confirmed, .markAbsent), (.attended, .markAbsent):
            return sessionStarted ? .success(.absent) : .failure(.init("La présence se note une fois la session commencée."))
        case (.cancelled, _):
            return .failure(.init("Cette inscription est annulée."))
        case (.waiting, .markAttended), (.waiting, .markAbsent):
            return .failure(.init("Une personne sur liste d’attente n’a pas de place à cette session."))
        default:
            return .failure(.init("Cette inscription est déjà « \(state.label.lowercased()) »."))
        }
    }
}

/// Why a registration cannot change, in French.
public struct RegistrationRefusal: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }
}
