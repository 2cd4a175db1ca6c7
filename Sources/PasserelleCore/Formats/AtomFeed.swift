import Foundation

/// An Atom feed (RFC 4287), for the readers people use to watch opportunities.
public struct AtomFeed: Sendable {
    public struct Entry: Sendable {
        public var id: String
        public var title: String
        public var link: String
        public var updated: Date
        public var author: String
        public var summary: String

        public init(id: String, title: String, link: String, updated: Date, author: String, summary: String) {
            self.id = id
            self.title = title
            self.link = link
            self.updated = updated
            self.author = author
            self.summary = summary
        }
    }

    public var id: String
    public var title: String
    public var selfLink: String
    public var pageLink: String
    public var entries: [Entry]
    /// When nothing is in it, the feed is as recent as this.
    public var emptyUpdated: Date

    public init(id: String, title: String, selfLink: String, pageLink: String, entries: [Entry], emptyUpdated: Date) {
        self.id = id
        self.title = title
        self.selfLink = selfLink
        self.pageLink = pageLink
        self.entries = entries
        self.emptyUpdated = emptyUpdated
    }

    public var xml: String {
        let updated = entries.map(\.updated).max() ?? emptyUpdated
        var text = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">
            <id>\(Self.escape(id))</id>
            <title>\(Self.escape(title))</title>
            <updated>\(Self.timestamp(updated))</updated>
            <author><name>Passerelle</name></author>
            <link rel="self" type="application/atom+xml" href="\(Self.escape(selfLink))"/>
            <link rel="alternate" type="text/html" href="\(Self.escape(pageLink))"/>

            """
        for entry in entries {
            text += """
                <entry>
                <id>\(Self.escape(entry.id))</id>
                <title>\(Self.escape(entry.title))</title>
                <link rel="alternate" type="text/html" href="\(Self.escape(entry.link))"/>
                <updated>\(Self.timestamp(entry.updated))</updated>
                <author><name>\(Self.escape(entry.author))</name></author>
                <summary>\(Self.escape(entry.summary))</summary>
                </entry>

                """
        }
        return text + "</feed>\n"
    }

    /// XML text: the five special characters, and the control characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default: if scalar.value >= 0x20 && scalar.value != 0xFFFE && scalar.value != 0xFFFF { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    /// RFC 3339, in UTC.
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", p.year!, p.month!, p.day!, p.hour!, p.minute!, p.second!)
    }
}
