/// A list stored in one text column as `|a|b|`: a single `LIKE '%|a|%'` finds a value on both
/// databases, without a join table.
enum BarList {
    static func join<S: Sequence>(_ values: S) -> String where S.Element == String {
        let list = Array(values)
        return list.isEmpty ? "" : "|" + list.joined(separator: "|") + "|"
    }

    static func split(_ text: String) -> [String] { text.split(separator: "|").map(String.init) }
}
