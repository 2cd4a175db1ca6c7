import Foundation

/// A value that holds on one line: a name, a title, a subject. Such values end up in mail
/// headers, CSV cells and page titles, where a line break or a NUL would cut or forge them.
public enum OneLineText {
    /// Why `text` cannot be a one-line value (it holds a line break, a tab or another control
    /// character), or nil when it can.
    public static func problem(in text: String) -> String? {
        guard let found = text.unicodeScalars.first(where: isControl) else { return nil }
        switch found {
        case "\n", "\r", "\u{2028}", "\u{2029}", "\u{0085}":
            return "Ce champ tient sur une ligne : retirez les retours à la ligne."
        case "\t":
            return "Ce champ ne peut pas contenir de tabulation."
        default:
            return "Ce champ contient un caractère invisible non permis (caractère de contrôle) : retapez-le."
        }
    }

    /// `text` with every control character turned into a space: for text that must go on one
    /// line whatever it holds (a mail's subject made of a need's title).
    public static func flattened(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { isControl($0) ? " " : $0 }))
    }

    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.generalCategory == .control || scalar == "\u{2028}" || scalar == "\u{2029}"
    }
}

/// A value of several lines: a description, a message.
public enum MultiLineText {
    /// Line ends made `\n`: browsers send a textarea's as `\r\n`, old systems `\r`.
    public static func unifyingLineEnds(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    }
}
