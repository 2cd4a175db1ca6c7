import Foundation

/// A calendar of whole-day events (RFC 5545), for the answer deadlines buyers set.
public struct ICalendar: Sendable {
    public struct DayEvent: Sendable {
        public var uid: String
        /// `AAAA-MM-JJ`.
        public var day: String
        public var summary: String
        public var description: String
        public var url: String

        public init(uid: String, day: String, summary: String, description: String, url: String) {
            self.uid = uid
            self.day = day
            self.summary = summary
            self.description = description
            self.url = url
        }
    }

    public var name: String
    public var events: [DayEvent]

    public init(name: String, events: [DayEvent]) {
        self.name = name
        self.events = events
    }

    /// The file, with CRLF line ends and lines folded at 75 octets.
    public func text(stamp: Date) -> String {
        let stampText = Self.utcStamp(stamp)
        var lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Passerelle//Besoins d'achat//FR", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:" + Self.escape(name), "X-WR-TIMEZONE:Europe/Paris"]
        for event in events {
            let compact = event.day.replacingOccurrences(of: "-", with: "")
            lines += [
                "BEGIN:VEVENT", "UID:" + Self.escape(event.uid), "DTSTAMP:" + stampText,
                "DTSTART;VALUE=DATE:" + compact, "DTEND;VALUE=DATE:" + Self.nextDay(event.day).replacingOccurrences(of: "-", with: ""),
                "SUMMARY:" + Self.escape(event.summary), "DESCRIPTION:" + Self.escape(event.description), "URL:" + event.url,
                "TRANSP:TRANSPARENT", "END:VEVENT",
            ]
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
