import Foundation

/// An event as an organiser types it: days and hours in Paris time, as text.
public struct EventDraft: Sendable, Equatable {
    public var kind = ""
    public var title = ""
    public var summary = ""
    public var day = ""
    public var startTime = ""
    public var endDay = ""
    public var endTime = ""
    public var communeCode = ""
    public var address = ""
    public var onlineURL = ""
    public var audience = ""
    public var capacity = ""
    public var waitingList = false
    public var closesDay = ""
    public var closesTime = ""
    public var themes: [String] = []

    public init() {}

    public enum Field {
        public static let kind = "Type"
        public static let title = "Titre"
        public static let summary = "Présentation"
        public static let start = "Début"
        public static let end = "Fin"
        public static let place = "Lieu"
        public static let onlineURL = "Lien de connexion"
        public static let capacity = "Places"
        public static let closes = "Clôture des inscriptions"
        public static let themes = "Thèmes"
    }

    public struct Checked: Sendable, Equatable {
        public var kind: EventKind
        public var title: String
        public var summary: String
        public var start: Date
        public var end: Date
        public var communeCode: String?
        public var address: String?
        public var onlineURL: String?
        public var audience: String?
        public var capacity: Int?
        public var waitingList: Bool
        public var registrationCloses: Date?
        public var themes: [String]

        public init(kind: EventKind, title: String, summary: String, start: Date, end: Date, communeCode: String?, address: String?, onlineURL: String?,
                    audience: String?, capacity: Int?, waitingList: Bool, registrationCloses: Date?, themes: [String]) {
            self.kind = kind
            self.title = title
            self.summary = summary
            self.start = start
            self.end = end
            self.communeCode = communeCode
            self.address = address
            self.onlineURL = onlineURL
            self.audience = audience
            self.capacity = capacity
            self.waitingList = waitingList
            self.registrationCloses = registrationCloses
            self.themes = themes
        }
    }

    public func validate(themes known: Set<String>, communeExists: (String) -> Bool, now: Date) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let kind = EventKind(rawValue: kind)
        if kind == nil { problems.append(.init(field: Field.kind, message: "Choisissez le type d’événement.")) }
        let title = clean(self.title)
        if !(5...160).contains(title.count) { problems.append(.init(field: Field.title, message: "Donnez un titre de 5 à 160 caractères.")) }
        if let oneLine = OneLineText.problem(in: title) { problems.append(.init(field: Field.title, message: oneLine)) }
        let summary = clean(self.summary)
        if !(20...6_000).contains(summary.count) { problems.append(.init(field: Field.summary, message: "Présentez l’événement en quelques phrases (20 à 6 000 caractères).")) }
        let start = ParisTime.date(day: clean(day), time: clean(startTime))
        if start == nil { problems.append(.init(field: Field.start, message: "Donnez le jour et l’heure de début.")) }
        let end = ParisTime.date(day: clean(endDay).isEmpty ? clean(day) : clean(endDay), time: clean(endTime))
        if end == nil { problems.append(.init(field: Field.end, message: "Donnez l’heure de fin (et le jour, s’il n’est pas celui du début).")) }
        if let start, let end {
            if end <= start { problems.append(.init(field: Field.end, message: "La fin doit venir après le début.")) }
            else if end.timeIntervalSince(start) > 14 * 86_400 { problems.append(.init(field: Field.end, message: "Un événement dure quatorze jours au plus.")) }
            if start < now { problems.append(.init(field: Field.start, message: "Le début est passé : on annonce un événement à venir.")) }
        }
        let commune = clean(communeCode), online = clean(onlineURL), address = clean(self.address)
        if !commune.isEmpty, !communeExists(commune) { problems.append(.init(field: Field.place, message: "Commune inconnue : choisissez-la dans la liste.")) }
        if commune.isEmpty && online.isEmpty { problems.append(.init(field: Field.place, message: "Donnez la commune où il a lieu, ou son lien de connexion s’il est en ligne.")) }
        if !online.isEmpty {
            if let url = URL(string: online), url.scheme?.lowercased() == "https", url.host != nil, online.count <= 500 {} else {
                problems.append(.init(field: Field.onlineURL, message: "Une adresse complète en https://."))
            }
        }
        var capacity: Int?
        if !clean(self.capacity).isEmpty {
            if let value = Int(clean(self.capacity)), (1...100_000).contains(value) { capacity = value } else {
                problems.append(.init(field: Field.capacity, message: "Un nombre de places de 1 à 100 000, ou rien si la place ne manque pas."))
            }
        }
        var closes: Date?
        if !clean(closesDay).isEmpty {
            closes = ParisTime.date(day: clean(closesDay), time: clean(closesTime).isEmpty ? "23:59" : clean(closesTime))
            if closes == nil { problems.append(.init(field: Field.closes, message: "Un jour (et une heure, si besoin) valides.")) }
            else if let start, let closes, closes > start { problems.append(.init(field: Field.closes, message: "Les inscriptions ferment au plus tard au début.")) }
        }
        let themes = self.themes.filter(known.contains)
        if themes.count != self.themes.count { problems.append(.init(field: Field.themes, message: "Un des thèmes n’existe pas.")) }
        guard problems.isEmpty, let kind, let start, let end else { return .failure(FieldProblems(problems)) }
        return .success(Checked(kind: kind, title: title, summary: summary, start: start, end: end, communeCode: commune.isEmpty ? nil : commune,
                                address: address.isEmpty ? nil : String(address.prefix(300)), onlineURL: online.isEmpty ? nil : online,
                                audience: clean(audience).isEmpty ? nil : String(clean(audience).prefix(300)), capacity: capacity,
                                waitingList: waitingList, registrationCloses: closes, themes: themes))
    }
}

/// A session added to an event by its organisers.
public struct SessionDraft: Sendable, Equatable {
    public var kind = ""
    public var title = ""
    public var summary = ""
    public var day = ""
    public var startTime = ""
    public var endTime = ""
    public var room = ""
    public var capacity = ""
    public var theme = ""
    /// One speaker per line: « Nom | rôle | organisation ».
    public var speakers = ""

    public init() {}

    public enum Field {
        public static let kind = "Type de session"
        public static let title = "Titre de la session"
        public static let hours = "Horaires"
        public static let capacity = "Places de la session"
        public static let theme = "Thème de la session"
        public static let speakers = "Intervenants"
    }

    public struct Checked: Sendable, Equatable {
        public var kind: SessionKind
        public var title: String
        public var summary: String
        public var start: Date
        public var end: Date
        public var room: String?
        public var capacity: Int?
        public var theme: String?
        public var speakers: [Speaker]
    }

    public struct Speaker: Sendable, Equatable {
        public var name: String
        public var role: String
        public var organisation: String

        public init(name: String, role: String, organisation: String) {
            self.name = name
            self.role = role
            self.organisation = organisation
        }
    }

    /// - Parameters: eventStart, eventEnd: the session must lie inside the event.
    public func validate(themes known: Set<String>, eventStart: Date, eventEnd: Date) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let kind = SessionKind(rawValue: kind)
        if kind == nil { problems.append(.init(field: Field.kind, message: "Choisissez le type de session.")) }
        let title = clean(self.title)
        if !(3...160).contains(title.count) { problems.append(.init(field: Field.title, message: "Donnez un titre de 3 à 160 caractères.")) }
        if let oneLine = OneLineText.problem(in: title) { problems.append(.init(field: Field.title, message: oneLine)) }
        let start = ParisTime.date(day: clean(day), time: clean(startTime)), end = ParisTime.date(day: clean(day), time: clean(endTime))
        if let start, let end {
            if end <= start { problems.append(.init(field: Field.hours, message: "La fin doit venir après le début.")) }
            else if start < eventStart || end > eventEnd {
                problems.append(.init(field: Field.hours, message: "La session doit avoir lieu pendant l’événement."))
            }
        } else {
            problems.append(.init(field: Field.hours, message: "Donnez le jour, l’heure de début et l’heure de fin."))
        }
        var capacity: Int?
        if !clean(self.capacity).isEmpty {
            if let value = Int(clean(self.capacity)), (1...100_000).contains(value) { capacity = value } else {
                problems.append(.init(field: Field.capacity, message: "Un nombre de places de 1 à 100 000, ou rien."))
            }
        }
        if !clean(theme).isEmpty, !known.contains(clean(theme)) { problems.append(.init(field: Field.theme, message: "Ce thème n’existe pas.")) }
        var speakers: [Speaker] = []
        for line in Self.lines(self.speakers) {
            let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { clean(String($0)) }
            guard parts.count == 3, !parts[0].isEmpty, !parts[2].isEmpty, parts.allSatisfy({ $0.count <= 150 }) else {
                problems.append(.init(field: Field.speakers, message: "« \(line) » : écrivez « Nom | rôle | organisation », une personne par ligne."))
                continue
            }
            // Speakers are shown by name, role and organisation: an address or a number has no place here.
            if ContactDetector.holdsContact(line) {
                problems.append(.init(field: Field.speakers, message: "« \(line) » : pas d’adresse électronique ni de téléphone ; le nom, le rôle et l’organisation suffisent."))
                continue
            }
            speakers.append(Speaker(name: parts[0], role: parts[1], organisation: parts[2]))
        }
        guard problems.isEmpty, let kind, let start, let end else { return .failure(FieldProblems(problems)) }
        return .success(Checked(kind: kind, title: title, summary: String(clean(summary).prefix(4_000)), start: start, end: end,
                                room: clean(room).isEmpty ? nil : String(clean(room).prefix(100)), capacity: capacity,
                                theme: clean(theme).isEmpty ? nil : clean(theme), speakers: speakers))
    }

    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
