import Foundation
@testable import PasserelleAccounts
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserellePlatform

/// Every role walks the pages it can reach by following links, from the home page and its
/// workspace: no link leads to a page that refuses it (403) or does not exist (404). A link
/// shown to someone it would refuse is a dead end for them.
@Suite("Every role's links lead somewhere")
struct CrawlTests {
    /// Pages of one pattern (ids replaced, query dropped) visited at most this many times.
    static let perPattern = 3
    static let maximumPages = 260

    static func pattern(of path: String) -> String {
        let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        return bare.split(separator: "/").map { part in
            part.count >= 32 && part.contains("-") || part.allSatisfy(\.isNumber) ? ":id" : String(part)
        }.joined(separator: "/")
    }

    /// The links of a page worth following: this site's pages, not files, feeds, the API nor log-out.
    static func links(in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "href=\"") {
            rest = rest[start.upperBound...]
            guard let end = rest.firstIndex(of: "\"") else { break }
            let href = String(rest[..<end]).replacingOccurrences(of: "&amp;", with: "&")
            rest = rest[end...]
            guard href.hasPrefix("/"), !href.hasPrefix("//") else { continue }
            let path = href.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? href
            let bare = path.split(separator: "?").first.map(String.init) ?? path
            if bare.isEmpty || bare.hasPrefix("/api/") || bare.hasPrefix("/css/") || bare.hasPrefix("/js/") || bare.hasPrefix("/vendor/") { continue }
            if [".csv", ".ics", ".atom", ".json", ".xml", ".png", ".svg", ".ico", ".pdf", ".txt"].contains(where: bare.hasSuffix) { continue }
            found.append(path)
        }
        return found
    }

    /// The demo's roles, a visitor, and a newcomer whose organisation is not found yet.
    @Test(arguments: ["visitor", "newcomer"] + Persona.allCases.map(\.rawValue))
    func noLinkLeadsToARefusal(role: String) async throws {
        try await withPasserelle(.demo) { app in
            let browser: Browser
            switch role {
            case "visitor": browser = Browser(app)
            case "newcomer":
                _ = try await Factories.confirmedAccount(app, profile: .company)
                browser = try await Browser.loggedIn(app)
            default: browser = try await Browser.loggedIn(app, email: "\(role)@\(DemoAccounts.domain)", password: DemoAccounts.password)
            }
            var queue = ["/", "/mon-espace", "/compte"]
            var seen = Set<String>()
            var perPattern: [String: Int] = [:]
            var dead: [String] = []
            var visited = 0
            while !queue.isEmpty, visited < Self.maximumPages {
                let path = queue.removeFirst()
                guard seen.insert(path).inserted else { continue }
                let pattern = Self.pattern(of: path)
                guard perPattern[pattern, default: 0] < Self.perPattern else { continue }
                perPattern[pattern, default: 0] += 1
                visited += 1
                let response = try await browser.get(path)
                if response.status == .forbidden || response.status == .notFound {
                    dead.append("\(path) → \(response.status.code)")
                    continue
                }
                guard response.status == .ok, response.headers.contentType?.subType == "html" else { continue }
                queue += Self.links(in: response.body.text).filter { !seen.contains($0) }
            }
            #expect(dead.isEmpty, "\(role): \(dead)")
            #expect(visited > 20, "\(role) reached only \(visited) pages")
        }
    }
}
