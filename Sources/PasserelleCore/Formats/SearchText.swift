/// The form in which every searched text is compared: lower case, without accents or ligatures,
/// words separated by single spaces. "Saint-Pol-sur-Ternoise", "SAINT POL SUR TERNOISE" and
/// "saint pol sur ternoise" all become the same key, so that users never have to type accents.
public enum SearchText {
    /// Folds `text` into its search key. Works on bytes: it runs over every word of the
    /// directory when the search index is built.
    public static func fold(_ text: String) -> String {
        var bytes: [UInt8] = []
        fold(text, into: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Folds `text` into `bytes` (emptied first), so that a caller folding many texts reuses one
    /// buffer.
    public static func fold(_ text: String, into bytes: inout [UInt8]) {
        bytes.removeAll(keepingCapacity: true)
        bytes.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        func emit(_ byte: UInt8) {
            if pendingSpace {
                if !bytes.isEmpty { bytes.append(0x20) }
                pendingSpace = false
            }
            bytes.append(byte)
        }
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                switch value {
                case 0x30...0x39, 0x61...0x7A: emit(UInt8(value))
                case 0x41...0x5A: emit(UInt8(value + 32))
                default: pendingSpace = true
                }
            } else if let base = latinBase[scalar] {
                emit(base)
            } else if let expansion = ligatures[scalar] {
                for byte in expansion.utf8 { emit(byte) }
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                for byte in scalar.properties.lowercaseMapping.utf8 { emit(byte) }
            } else {
                pendingSpace = true
            }
        }
    }

    /// Words of the folded text.
    public static func words(_ text: String) -> [String] {
        // The folded text is single-space separated: split its bytes, not its characters.
        fold(text).utf8.split(separator: 0x20).map { String(Substring($0)) }
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

    private static let ligatures: [Unicode.Scalar: String] = ["œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"]

    /// Accented Latin letters (French, and the neighbouring languages of place names) to their
    /// base letter in lower case.
    private static let latinBase: [Unicode.Scalar: UInt8] = {
        let groups: [(Unicode.Scalar, String)] = [
            ("a", "àáâãäåāăąǎÀÁÂÃÄÅĀĂĄǍ"), ("c", "çćĉċčÇĆĈĊČ"), ("d", "ďđĎĐ"),
            ("e", "èéêëēĕėęěÈÉÊËĒĔĖĘĚ"), ("g", "ĝğġģĜĞĠĢ"), ("h", "ĥĤ"),
            ("i", "ìíîïĩīĭįıÌÍÎÏĨĪĬĮİ"), ("j", "ĵĴ"), ("k", "ķĶ"), ("l", "ĺļľłĹĻĽŁ"),
            ("n", "ñńņňÑŃŅŇ"), ("o", "òóôõöōŏőøÒÓÔÕÖŌŎŐØ"), ("r", "ŕŗřŔŖŘ"),
            ("s", "śŝşšșŚŜŞŠȘ"), ("t", "ţťțŢŤȚ"), ("u", "ùúûüũūŭůűųÙÚÛÜŨŪŬŮŰŲ"),
            ("w", "ŵŴ"), ("y", "ýÿŷÝŸŶ"), ("z", "źżžŹŻŽ"),
        ]
        var table: [Unicode.Scalar: UInt8] = [:]
        for (base, variants) in groups {
            for variant in variants.unicodeScalars { table[variant] = UInt8(base.value) }
        }
        return table
    }()
}
