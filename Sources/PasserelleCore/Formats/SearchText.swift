/// The form in which every searched text is compared: lower case, without accents or ligatures,
/// words separated by single spaces. "Saint-Pol-sur-Ternoise", "SAINT POL SUR TERNOISE" and
/// "saint pol sur ternoise" all become the same key, so that users never have to type accents.
public enum SearchText {
    /// Folds `text` into its search key.
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            for folded in foldScalar(scalar) {
                if folded == " " {
                    pendingSpace = !out.isEmpty
                } else {
                    if pendingSpace {
                        out.append(" ")
                        pendingSpace = false
                    }
                    out.append(folded)
                }
            }
        }
        return String(out)
    }

    /// Words of the folded text.
    public static func words(_ text: String) -> [String] {
        fold(text).split(separator: " ").map(String.init)
    }

    /// Words of a search query: folded, with the usual abbreviations of French place names expanded
    /// ("st" → "saint") and the small words that carry no meaning in a search removed.
    public static func queryWords(_ text: String) -> [String] {
        words(text).compactMap { word in
            if let expanded = abbreviations[word] { return expanded }
            return stopWords.contains(word) ? nil : word
        }
    }

    /// Folded text with abbreviations expanded but small words kept: used where the order of the
    /// words matters (commune names: "st pol" must reach "saint pol sur ternoise").
    public static func placeQuery(_ text: String) -> String {
        words(text).map { abbreviations[$0] ?? $0 }.joined(separator: " ")
    }

    /// Words too common to be worth indexing or matching on their own.
    public static func isStopWord(_ word: String) -> Bool { stopWords.contains(word) }

    static let abbreviations: [String: String] = [
        "st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes",
    ]

    static let stopWords: Set<String> = [
        "a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou", "pour", "sur", "un", "une",
    ]

    private static func foldScalar(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        let value = scalar.value
        switch value {
        case 0x30...0x39, 0x61...0x7A: return [scalar]
        case 0x41...0x5A: return [Unicode.Scalar(value + 32)!]
        case 0x00...0x7F: return [" "]
        default: break
        }
        if let base = latinBase[scalar] { return [base] }
        switch scalar {
        case "œ", "Œ": return ["o", "e"]
        case "æ", "Æ": return ["a", "e"]
        case "ß": return ["s", "s"]
        default: break
        }
        let properties = scalar.properties
        if properties.isAlphabetic || properties.numericType != nil {
            return Array(properties.lowercaseMapping.unicodeScalars)
        }
        return [" "]
    }

    /// Accented Latin letters (French, and the neighbouring languages of place names) to their
    /// base letter in lower case.
    private static let latinBase: [Unicode.Scalar: Unicode.Scalar] = {
        let groups: [(Unicode.Scalar, String)] = [
            ("a", "àáâãäåāăąǎÀÁÂÃÄÅĀĂĄǍ"), ("c", "çćĉċčÇĆĈĊČ"), ("d", "ďđĎĐ"),
            ("e", "èéêëēĕėęěÈÉÊËĒĔĖĘĚ"), ("g", "ĝğġģĜĞĠĢ"), ("h", "ĥĤ"),
            ("i", "ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ"), ("j", "ĵĴ"), ("k", "ķĶ"), ("l", "ĺļľłĹĻĽŁ"),
            ("n", "ñńņňÑŃŅŇ"), ("o", "òóôõöōŏőøÒÓÔÕÖŌŎŐØ"), ("r", "ŕŗřŔŖŘ"),
            ("s", "śŝşšșŚŜŞŠȘ"), ("t", "ţťțŢŤȚ"), ("u", "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ"),
            ("w", "ŵŴ"), ("y", "ýÿŷÝŸŶ"), ("z", "źżžŹŻŽ"),
        ]
        var table: [Unicode.Scalar: Unicode.Scalar] = [:]
        for (base, variants) in groups {
            for variant in variants.unicodeScalars { table[variant] = base }
        }
        return table
    }()
}
