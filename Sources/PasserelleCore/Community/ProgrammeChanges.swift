import Foundation

/// What organisers may still change in a session of their programme, and what the people
/// registered to it are told when they do.
public enum SessionChanges {
    /// What the rules need to know of a session as it stands.
    public struct Current: Sendable, Equatable {
        public var title: String
        public var start: Date
        public var end: Date
        public var room: String?
        /// Seats held (confirmed, present or absent), not counting those waiting.
        public var taken: Int
        public var eventCancelled: Bool

        public init(title: String, start: Date, end: Date, room: String? = nil, taken: Int = 0, eventCancelled: Bool = false) {
            self.title = title
            self.start = start
            self.end = end
            self.room = room
            self.taken = taken
            self.eventCancelled = eventCancelled
        }
    }

    /// Why the session may not be touched at all now; nil when it may. A session that began
    /// belongs to what happened (attendance, reports): it stays as it was.
    public static func lockedProblem(_ session: Current, now: Date) -> String? {
        if session.eventCancelled { return "L’événement est annulé : son programme ne change plus." }
        if now >= session.start { return "La session « \(session.title) » a commencé : elle ne se modifie ni ne se retire plus." }
        return nil
    }

    /// Why the session may not become `edited` (its new title, hours, room); nil when it may.
    /// Seats already given are never taken back: the capacity may grow, or shrink down to them.
    public static func editProblem(_ session: Current, to edited: Current, newCapacity: Int?, now: Date) -> String? {
        if let locked = lockedProblem(session, now: now) { return locked }
        if edited.start <= now { return "Le nouvel horaire est déjà passé : choisissez un début à venir." }
        if let capacity = newCapacity, capacity < session.taken {
            return "\(French.count(session.taken, "personne est déjà inscrite", "personnes sont déjà inscrites")) à cette session : "
                + "gardez au moins \(French.number(session.taken)) places, ou laissez le nombre vide."
        }
        return nil
    }

    /// What changed for those who come, one French sentence each; empty when nothing they must
    /// know changed (a summary, a speaker, seats).
    public static func notice(from old: Current, to new: Current) -> [String] {
        var lines: [String] = []
        if old.title != new.title { lines.append("La session s’appelle désormais « \(new.title) ».") }
        if old.start != new.start || old.end != new.end {
            lines.append("Nouvel horaire : \(ParisTime.span(new.start, new.end)) (au lieu de \(ParisTime.span(old.start, old.end))).")
        }
        if (old.room ?? "") != (new.room ?? "") {
            lines.append(new.room.map { "Nouvelle salle : \($0)." } ?? "La salle n’est plus indiquée ; les organisateurs vous la préciseront.")
        }
        return lines
    }

    /// The warning for someone who also holds `others` once the session moved to `moved`: the
    /// sessions it now overlaps, named; nil when none. Registration refuses overlaps, an edit
    /// cannot take a seat back, so the person is asked to choose.
    public static func clashNotice(_ moved: SessionSlot, others: [SessionSlot]) -> String? {
        let clashes = others.filter { $0.id != moved.id && RegistrationRules.overlap($0, moved) }.sorted { $0.start < $1.start }
        guard !clashes.isEmpty else { return nil }
        let names = French.list(clashes.map { "« \($0.title) »" })
        return "Attention : elle a désormais lieu en même temps que \(names), où vous avez aussi une place ou êtes en attente. "
            + "Annulez celle que vous ne suivrez pas, pour laisser la place à quelqu’un d’autre."
    }
}

extension SessionDraft {
    /// The form of a session as it stands, to edit it.
    public init(kind: SessionKind, title: String, summary: String, start: Date, end: Date, room: String?, capacity: Int?, theme: String?,
                speakers: [Speaker]) {
        self.init()
        self.kind = kind.rawValue
        self.title = title
        self.summary = summary
        day = DateText.parisDay(start)
        startTime = ParisTime.clock(start)
        endTime = ParisTime.clock(end)
        self.room = room ?? ""
        self.capacity = capacity.map(String.init) ?? ""
        self.theme = theme ?? ""
        self.speakers = speakers.map { "\($0.name) | \($0.role) | \($0.organisation)" }.joined(separator: "\n")
    }
}

/// What organisers may still change in an announced event, and what the people registered are told.
public enum EventChanges {
    /// What the rules need to know of an event as it stands or as edited.
    public struct Current: Sendable, Equatable {
        public var title: String
        public var start: Date
        public var end: Date
        /// Where, in words (address, commune, « en ligne »).
        public var place: String
        public var onlineURL: String?
        /// Confirmed registrations to the event itself.
        public var taken: Int
        public var cancelled: Bool

        public init(title: String, start: Date, end: Date, place: String, onlineURL: String? = nil, taken: Int = 0, cancelled: Bool = false) {
            self.title = title
            self.start = start
            self.end = end
            self.place = place
            self.onlineURL = onlineURL
            self.taken = taken
            self.cancelled = cancelled
        }
    }

    /// Why the event may not be edited now; nil when it may. Once begun, it belongs to what happened.
    public static func lockedProblem(_ event: Current, now: Date) -> String? {
        if event.cancelled { return "L’événement est annulé : il ne se modifie plus." }
        if now >= event.start { return "L’événement a commencé : il ne se modifie plus." }
        return nil
    }

    /// Why the event may not become `edited`, named by the field to change; nil when it may. Its
    /// sessions must still fit inside it, and seats already given are never taken back.
    public static func editProblem(_ event: Current, to edited: Current, newCapacity: Int?, sessions: [SessionSlot], now: Date) -> FieldProblem? {
        if let locked = lockedProblem(event, now: now) { return FieldProblem(field: EventDraft.Field.start, message: locked) }
        if let outside = sessions.sorted(by: { $0.start < $1.start }).first(where: { $0.start < edited.start || $0.end > edited.end }) {
            return FieldProblem(field: EventDraft.Field.start, message:
                "La session « \(outside.title) » (\(ParisTime.span(outside.start, outside.end))) sortirait de l’événement : déplacez-la ou retirez-la d’abord.")
        }
        if let capacity = newCapacity, capacity < event.taken {
            return FieldProblem(field: EventDraft.Field.capacity, message: "\(French.count(event.taken, "personne est déjà inscrite", "personnes sont déjà inscrites")) : "
                + "gardez au moins \(French.number(event.taken)) places, ou laissez le nombre vide.")
        }
        return nil
    }

    /// What changed for those who come, one French sentence each; empty when nothing they must know changed.
    public static func notice(from old: Current, to new: Current) -> [String] {
        var lines: [String] = []
        if old.title != new.title { lines.append("L’événement s’appelle désormais « \(new.title) ».") }
        if old.start != new.start || old.end != new.end {
            lines.append("Nouvelles dates : \(ParisTime.span(new.start, new.end)) (au lieu de \(ParisTime.span(old.start, old.end))).")
        }
        if old.place != new.place { lines.append("Nouveau lieu : \(new.place).") }
        if old.onlineURL != new.onlineURL, let url = new.onlineURL { lines.append("Nouveau lien de connexion : \(url)") }
        return lines
    }
}

extension EventDraft {
    /// The form of an event as it stands, to edit it.
    public init(_ event: Checked) {
        self.init()
        kind = event.kind.rawValue
        title = event.title
        summary = event.summary
        day = DateText.parisDay(event.start)
        startTime = ParisTime.clock(event.start)
        endDay = DateText.parisDay(event.end) == day ? "" : DateText.parisDay(event.end)
        endTime = ParisTime.clock(event.end)
        communeCode = event.communeCode ?? ""
        address = event.address ?? ""
        onlineURL = event.onlineURL ?? ""
        audience = event.audience ?? ""
        capacity = event.capacity.map(String.init) ?? ""
        waitingList = event.waitingList
        closesDay = event.registrationCloses.map(DateText.parisDay) ?? ""
        closesTime = event.registrationCloses.map(ParisTime.clock) ?? ""
        themes = event.themes
    }
}
