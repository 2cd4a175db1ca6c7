import Foundation

/// Finds e-mail addresses and telephone numbers in text meant to hold neither (a speaker's name,
/// role and organisation), however they are written: `06-12-34-56-78`, `+33 (0)6 12 34 56 78`,
/// `nom [at] domaine.fr`, `nom arobase domaine point fr`, a full-width `＠` or digits.
public enum ContactDetector {
    /// Whether `text` holds an e-mail address or a telephone number.
    public static func holdsContact(_ text: String) -> Bool {
        let plain = normalised(text)
        return holdsEmail(plain) || holdsPhone(plain)
    }

    /// Compatibility forms folded (full-width letters, digits and `＠` become ASCII), lowercased.
    static func normalised(_ text: String) -> String {
        text.precomposedStringWithCompatibilityMapping.lowercased()
            .replacingOccurrences(of: "﹫", with: "@")
    }

    private static let separator = #"[\s.\-_/()\[\]]{0,3}"#

    static func holdsEmail(_ text: String) -> Bool {
        if text.contains("@") { return true }
        // The « at » written out, in brackets or between spaces, and « dot » or « point » between
        // the domain's parts: once folded back, an address must appear (« Coach at Work » stays).
        var folded = text.replacingOccurrences(of: #"\s*[\[\(\{<]\s*(at|arobase|chez)\s*[\]\)\}>]\s*"#, with: "@", options: .regularExpression)
        folded = folded.replacingOccurrences(of: #"\s+(at|arobase)\s+"#, with: "@", options: .regularExpression)
        folded = folded.replacingOccurrences(of: #"\s*[\[\(\{<]?\s*\b(dot|point)\b\s*[\]\)\}>]?\s*"#, with: ".", options: .regularExpression)
        return folded.range(of: #"[a-z0-9._%+\-]+@[a-z0-9\-]+(\.[a-z0-9\-]+)+"#, options: .regularExpression) != nil
    }

    static func holdsPhone(_ text: String) -> Bool {
        // French numbers (0 then nine digits, or +33 / 0033 then nine digits, an optional (0)
        // after the country code), and other international ones (+ then eight digits or more),
        // whatever separates the digits.
        let digit = "[0-9]"
        let french = "(?<![0-9])0" + separator + "[1-9]" + "(" + separator + digit + "){8}(?![0-9])"
        let international = #"(\+|(?<![0-9])00)\s*33"# + separator + #"(\(0\))?"# + separator + "[1-9]" + "(" + separator + digit + "){8}(?![0-9])"
        let elsewhere = #"\+\s*[1-9]"# + "(" + separator + digit + "){7,13}(?![0-9])"
        return [french, international, elsewhere].contains { text.range(of: $0, options: .regularExpression) != nil }
    }
}
