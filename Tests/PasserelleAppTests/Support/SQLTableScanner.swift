import Foundation

/// Finds the tables that a Swift source file names in SQL: after `FROM`, `JOIN`, `INTO`,
/// `UPDATE` or `TABLE` inside a string literal, and as the table argument of SQLKit's and
/// Fluent's builders (`.from("…")`, `insert(into: "…")`, `.update("…")`, `delete(from: "…")`,
/// `.join("…"`, `.schema("…")`, `SQLIdentifier("…")`, `table: "…"`). A foreign key
/// (`.references("users", …)`) is a declared link, not a use, and is not counted.
struct SQLTableScanner {
    struct Reference: Equatable, CustomStringConvertible {
        var table: String
        var line: Int
        var description: String { "ligne \(line) : \(table)" }
    }

    // Regexes are not Sendable: built per call (a few hundred files, once per test run).
    private static var builder: Regex<AnyRegexOutput> { try! Regex(#"(?:\.from|\.join|into:|\.update|from:|\.schema|SQLIdentifier|table:)\s*\(?\s*"(\w+)""#) }
    private static var literal: Regex<AnyRegexOutput> { try! Regex(#""""([\s\S]*?)"""|"((?:[^"\\\n]|\\.)*)""#) }
    private static var clause: Regex<AnyRegexOutput> { try! Regex(#"(?i)\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+"?(\w+)"#) }

    static func references(in source: String) -> [Reference] {
        var found: [Reference] = []
        func line(of index: String.Index) -> Int {
            source[..<index].reduce(1) { $1 == "\n" ? $0 + 1 : $0 }
        }
        for match in source.matches(of: builder) {
            if let name = match.output[1].substring {
                found.append(Reference(table: String(name), line: line(of: match.range.lowerBound)))
            }
        }
        for match in source.matches(of: literal) {
            guard let text = match.output[1].substring ?? match.output[2].substring else { continue }
            for inner in text.matches(of: clause) {
                if let name = inner.output[1].substring {
                    found.append(Reference(table: String(name), line: line(of: match.range.lowerBound)))
                }
            }
        }
        return found
    }
}
