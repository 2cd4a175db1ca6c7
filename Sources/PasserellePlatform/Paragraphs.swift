/// A long text as its author typed it, cut into the paragraphs a page shows: a blank line ends one.
package enum Paragraphs {
    package static func of(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.filter { !$0.isEmpty }
    }
}
