import Foundation
import Testing
@testable import PasserelleCore

@Suite("Formats: Atom and iCal")
struct FeedFormatTests {
    @Test func atomEscapesTextAndDropsWhatXMLForbids() {
        let feed = AtomFeed(id: "urn:x", title: "Besoins <Nord> & \"Pas-de-Calais\"", selfLink: "https://p.test/a?x=1&y=2", pageLink: "https://p.test/b",
                            entries: [.init(id: "urn:uuid:1", title: "L’été \u{1}", link: "https://p.test/c", updated: Date(timeIntervalSince1970: 0),
                                            author: "Ville d’Arras", summary: "a < b")],
                            emptyUpdated: Date(timeIntervalSince1970: 10))
        let xml = feed.xml
        #expect(xml.contains("<title>Besoins &lt;Nord&gt; &amp; &quot;Pas-de-Calais&quot;</title>"))
        #expect(xml.contains("href=\"https://p.test/a?x=1&amp;y=2\""))
        #expect(xml.contains("<title>L’été </title>"))
        #expect(xml.contains("<updated>1970-01-01T00:00:00Z</updated>"))
        #expect(xml.contains("<summary>a &lt; b</summary>"))
        let empty = AtomFeed(id: "urn:x", title: "t", selfLink: "s", pageLink: "p", entries: [], emptyUpdated: Date(timeIntervalSince1970: 10)).xml
        #expect(empty.contains("<updated>1970-01-01T00:00:10Z</updated>") && !empty.contains("<entry>"))
    }

    @Test func iCalEscapesFoldsAndEndsLinesWithCRLF() {
        let title = "Date limite : nettoyage, vitrerie; et « espaces verts » de la métropole européenne de Lille — lot n°2\\bis"
        let text = ICalendar(name: "Échéances", entries: [.init(uid: "u1@p.test", timing: .day("2026-12-31"), summary: title, description: "ligne 1\nligne 2", url: "https://p.test/x")])
            .text(stamp: Date(timeIntervalSince1970: 0))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
        let lines = text.components(separatedBy: "\r\n").dropLast()
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        // Unfolded, the summary is the escaped text.
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:Date limite : nettoyage\\, vitrerie\\; et « espaces verts » de la métropole européenne de Lille — lot n°2\\\\bis\r\n"))
        #expect(unfolded.contains("DESCRIPTION:ligne 1\\nligne 2"))
        // A whole day: it ends the next day, across the year.
        #expect(unfolded.contains("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101"))
        #expect(unfolded.contains("DTSTAMP:19700101T000000Z"))
    }

    @Test(arguments: [("2026-02-28", "2026-03-01"), ("2028-02-28", "2028-02-29"), ("2026-11-30", "2026-12-01")])
    func nextDay(_ day: String, _ expected: String) {
        #expect(ICalendar.nextDay(day) == expected)
    }
}
