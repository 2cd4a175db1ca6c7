import Foundation

/// What kind of gathering an event is.
public enum EventKind: String, CaseIterable, Codable, Sendable {
    case regionalMeeting = "rencontre-regionale"
    case webinar = "webinaire"
    case learningVisit = "visite-apprenante"
    case workshop = "atelier"
    case training = "formation"

    public var label: String {
        switch self {
        case .regionalMeeting: "Rencontre régionale"
        case .webinar: "Webinaire"
        case .learningVisit: "Visite apprenante"
        case .workshop: "Atelier"
        case .training: "Formation"
        }
    }
}

/// What kind of moment a session is, inside an event.
public enum SessionKind: String, CaseIterable, Codable, Sendable {
    case roundTable = "table-ronde"
    case solutionWorkshop = "atelier-solutions"
    case plenary = "pleniere"
    case visit = "visite"
    case webinar = "webinaire"

    public var label: String {
        switch self {
        case .roundTable: "Table ronde"
        case .solutionWorkshop: "Atelier solutions"
        case .plenary: "Plénière"
        case .visit: "Visite"
        case .webinar: "Webinaire"
        }
    }
}

/// Events happen in Paris time: organisers type local days and hours, pages show them, and the
/// database keeps the instant.
public enum ParisTime {
    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The instant of `AAAA-MM-JJ` at `HH:MM` in Paris; nil when either is not a real day or hour.
    public static func date(day: String, time: String) -> Date? {
        let dayParts = day.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
        let timeParts = time.split(separator: ":", omittingEmptySubsequences: false).map { Int($0) }
        guard dayParts.count == 3, timeParts.count == 2, let year = dayParts[0], let month = dayParts[1], let dayNumber = dayParts[2],
              let hour = timeParts[0], let minute = timeParts[1], (0...23).contains(hour), (0...59).contains(minute),
              (1...12).contains(month), (1...31).contains(dayNumber), (1900...9999).contains(year) else { return nil }
        let components = DateComponents(year: year, month: month, day: dayNumber, hour: hour, minute: minute)
        guard let date = calendar.date(from: components) else { return nil }
        // Refuse 31 February rather than roll it over to March.
        let back = calendar.dateComponents([.year, .month, .day], from: date)
        return back.year == year && back.month == month && back.day == dayNumber ? date : nil
    }

    /// `9 h 30`, `14 h`.
    public static func hour(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return parts.minute == 0 ? "\(parts.hour!) h" : String(format: "%d h %02d", parts.hour!, parts.minute!)
    }

    /// `14:00`, the value of a time field.
    public static func clock(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour!, parts.minute!)
    }

    private static let weekdays = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"]

    /// `jeudi 4 mai 2023`.
    public static func longDay(_ date: Date) -> String {
        weekdays[calendar.component(.weekday, from: date) - 1] + " " + DateText.frenchDay(date)
    }

    /// When an event or a session happens, in one phrase: `jeudi 4 mai 2023, de 9 h 30 à 17 h`,
    /// or both days when it spans several.
    public static func span(_ start: Date, _ end: Date) -> String {
        if DateText.parisDay(start) == DateText.parisDay(end) {
            return "\(longDay(start)), de \(hour(start)) à \(hour(end))"
        }
        return "du \(longDay(start)) à \(hour(start)) au \(longDay(end)) à \(hour(end))"
    }

    /// The instants between which the day after `now` lies in Paris, for the reminders.
    public static func tomorrow(after now: Date) -> (start: Date, end: Date) {
        let today = calendar.startOfDay(for: now)
        let start = calendar.date(byAdding: .day, value: 1, to: today)!
        return (start, calendar.date(byAdding: .day, value: 1, to: start)!)
    }
}
