/// A list stored in one text column as `|a|b|`: a single `LIKE '%|a|%'` finds a value on both
/// databases, without a join table.
package enum BarList {
    package static func join<S: Sequence>(_ values: S) -> String where S.Element == String {
        let list = Array(values)
        return list.isEmpty ? "" : "|" + list.joined(separator: "|") + "|"
    }

    package static func split(_ text: String) -> [String] { text.split(separator: "|").map(String.init) }

    /// The `LIKE` pattern of a list that holds `value`. A `%` or `|` in it is dropped; `_` stays,
    /// as some values hold it (it matches itself, and any one character, which the bars bound).
    package static func pattern(containing value: String) -> String {
        "%|" + value.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "|", with: "") + "|%"
    }
}
