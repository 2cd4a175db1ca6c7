import Foundation

/// A calendar (RFC 5545): the answer deadlines buyers set (whole days) and the community's events
/// and sessions (hours, in UTC so that every client places them right).
public struct ICalendar: Sendable {
    public enum Timing: Sendable, Equatable {
        /// `AAAA-MM-JJ`, the whole day.
        case day(String)
        case span(start: Date, end: Date)
    }

    public struct Entry: Sendable {
        public var uid: String
        public var timing: Timing
        public var summary: String
        public var description: String
        public var url: String
        public var location: String?
        public var cancelled: Bool

        public init(uid: String, timing: Timing, summary: String, description: String, url: String, location: String? = nil, cancelled: Bool = false) {
            self.uid = uid
            self.timing = timing
            self.summary = summary
            self.description = description
            self.url = url
            self.location = location
            self.cancelled = cancelled
        }
    }

    public var name: String
    public var entries: [Entry]

    public init(name: String, entries: [Entry]) {
        self.name = name
        self.entries = entries
    }

    /// The file, with CRLF line ends and lines folded at 75 octets.
    public func text(stamp: Date) -> String {
        let stampText = Self.utcStamp(stamp)
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Passerelle//Agenda//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + Self.escape(name), "X-WR-TIMEZONE:Europe/Paris"]
        for entry in entries {
            lines += ["BEGIN:VEVENT", "UID:" + Self.escape(entry.uid), "DTSTAMP:" + stampText]
            switch entry.timing {
            case .day(let day):
                lines += ["DTSTART;VALUE=DATE:" + day.replacingOccurrences(of: "-", with: ""),
                          "DTEND;VALUE=DATE:" + Self.nextDay(day).replacingOccurrences(of: "-", with: ""), "TRANSP:TRANSPARENT"]
            case .span(let start, let end):
                lines += ["DTSTART:" + Self.utcStamp(start), "DTEND:" + Self.utcStamp(end)]
            }
            lines += ["SUMMARY:" + Self.escape(entry.summary), "DESCRIPTION:" + Self.escape(entry.description), "URL:" + entry.url]
            if let location = entry.location, !location.isEmpty { lines.append("LOCATION:" + Self.escape(location)) }
            // Calendars that imported the event learn of its cancellation from the same UID.
            lines.append("STATUS:" + (entry.cancelled ? "CANCELLED" : "CONFIRMED"))
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(Self.fold).joined(separator: "\r\n") + "\r\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: ";", with: "\\;").replacingOccurrences(of: ",", with: "\\,")
            .replacingOccurrences(of: "\r\n", with: "\\n").replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\n")
    }

    /// Lines longer than 75 octets continue on the next line after a space, never inside a
    /// UTF-8 character.
    static func fold(_ line: String) -> String {
        var parts: [String] = []
        var current = ""
        var octets = 0
        for character in line {
            let size = String(character).utf8.count
            if octets + size > (parts.isEmpty ? 75 : 74) {
                parts.append(current)
                current = ""
                octets = 0
            }
            current.append(character)
            octets += size
        }
        parts.append(current)
        return parts.joined(separator: "\r\n ")
    }

    static func nextDay(_ day: String) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = day.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, let date = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2])),
              let next = calendar.date(byAdding: .day, value: 1, to: date) else { return day }
        return DateText.isoDay(next)
    }

    static func utcStamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
    }
}
