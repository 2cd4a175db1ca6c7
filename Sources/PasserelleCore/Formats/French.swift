import Foundation

/// French conventions for numbers and words.
public enum French {
    /// `12 500` with a narrow no-break space.
    public static func number(_ value: Int) -> String {
        let digits = String(abs(value))
        var groups: [String] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(String(digits[start..<end]), at: 0)
            end = start
        }
        return (value < 0 ? "-" : "") + groups.joined(separator: "\u{202F}")
    }

    /// "1 structure", "2 structures", "0 structure".
    public static func count(_ value: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(number(value)) \(value > 1 ? plural ?? singular + "s" : singular)"
    }

    /// "a", "a et b", "a, b et c".
    public static func list(_ items: [String]) -> String {
        guard let last = items.last else { return "" }
        return items.count == 1 ? last : items.dropLast().joined(separator: ", ") + " et " + last
    }
}

extension French {
    /// Words before which French does not elide although they begin with a vowel sound's letter:
    /// an h aspiré (« de Hautmont », « de handicap »), « onze », « oui », « ouate », « uhlan »…
    /// Folded, first word only.
    static let noElision: Set<String> = [
        "hall", "halte", "hameau", "hamac", "handicap", "hangar", "harcelement", "hardi", "haricot", "hasard", "hate", "haut", "haute", "hauts", "hauteur",
        "hautmont", "havre", "heros", "hetre", "hibou", "hierarchie", "hockey", "homard", "honte", "hors", "hotte", "houille", "houillere", "houilleres",
        "hublot", "huit", "huitieme", "hurlement", "hussard", "onze", "onzieme", "oui", "ouate", "uhlan", "yaourt", "yoga", "yacht",
    ]

    /// Whether « de », « le », « la », « que » lose their vowel before `word`: before a vowel, a
    /// mute h, and a y sounded as a vowel (« d’Yvelines »), but not before the words of
    /// `noElision` nor a y followed by a vowel (« de Yutz » is said with a consonant).
    public static func elides(before word: String) -> Bool {
        let folded = SearchText.fold(word)
        guard let first = folded.first else { return false }
        if let firstWord = folded.split(separator: " ").first, noElision.contains(String(firstWord)) { return false }
        switch first {
        case "a", "e", "i", "o", "u": return true
        case "h": return true
        case "y":
            let second = folded.dropFirst().first
            return second.map { !"aeiou".contains($0) } ?? false
        default: return false
        }
    }

    /// « de Lille », « d’Amiens », « d’Atelier Lille », « de Hautmont ».
    public static func de(_ word: String) -> String {
        elides(before: word) ? "d’" + word : "de " + word
    }

    /// « le marché », « l’atelier », « la structure », « l’entreprise ».
    public static func article(_ word: String, feminine: Bool) -> String {
        elides(before: word) ? "l’" + word : (feminine ? "la " : "le ") + word
    }
}

/// French typography for what the pages show: a narrow no-break space before « ; : ! ? »,
/// no-break spaces inside « », and curly apostrophes. Only text is touched, never markup.
public enum FrenchTypography {
    static let narrowNoBreak: Character = "\u{202F}"
    static let noBreak: Character = "\u{00A0}"

    /// Typesets a text (no markup in it).
    public static func typeset(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        let characters = Array(text)
        // A space (or none) before « ; : ! ? » becomes a narrow no-break space, after a letter,
        // a digit or a closing mark; « http://» and « 10:30 » have no space before and stay.
        var index = 0
        while index < characters.count {
            let character = characters[index]
            switch character {
            case ";", ":", "!", "?":
                if output.last == " " || output.last == noBreak {
                    output.removeLast()
                    output.append(narrowNoBreak)
                }
                output.append(character)
            case "«":
                output.append(character)
                if index + 1 < characters.count, [" ", narrowNoBreak, noBreak].contains(characters[index + 1]) {
                    index += 1
                }
                output.append(noBreak)
            case "»":
                if output.last == " " || output.last == narrowNoBreak { output.removeLast() }
                if output.last != noBreak { output.append(noBreak) }
                output.append(character)
            case "'":
                // Between letters it is an apostrophe; elsewhere (a quotation) it stays.
                let before = output.last, after = index + 1 < characters.count ? characters[index + 1] : nil
                output.append(before?.isLetter == true && after?.isLetter == true ? "’" : "'")
            default:
                output.append(character)
            }
            index += 1
        }
        return output
    }

    /// Typesets the text of an HTML page: text between tags, never tags, attribute values, nor
    /// what `textarea`, `pre`, `code`, `script` and `style` hold (user input and code stay as typed).
    public static func typesetHTML(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + 256)
        var text = ""
        var skipping: String?
        var rest = html[...]
        while !rest.isEmpty {
            guard let open = rest.firstIndex(of: "<") else {
                text += rest
                break
            }
            text += rest[..<open]
            guard let close = tagEnd(in: rest, from: open) else {
                text += rest[open...]
                break
            }
            let tag = rest[open...close]
            output += skipping == nil ? typeset(text) : text
            text = ""
            output += tag
            let name = tagName(tag)
            if let skip = skipping {
                if name == "/" + skip { skipping = nil }
            } else if ["textarea", "pre", "code", "script", "style"].contains(name) {
                skipping = name
            }
            rest = rest[rest.index(after: close)...]
        }
        output += skipping == nil ? typeset(text) : text
        return output
    }

    /// The `>` that ends the tag opened at `open`, quotes of attribute values respected.
    static func tagEnd(in text: Substring, from open: Substring.Index) -> Substring.Index? {
        var quote: Character?
        var index = text.index(after: open)
        while index < text.endIndex {
            let character = text[index]
            if let current = quote {
                if character == current { quote = nil }
            } else if character == "\"" || character == "'" {
                quote = character
            } else if character == ">" {
                return index
            }
            index = text.index(after: index)
        }
        return nil
    }

    /// `textarea` for `<textarea …>`, `/textarea` for its end, lowercased.
    static func tagName(_ tag: Substring) -> String {
        var body = tag.dropFirst()
        var prefix = ""
        if body.first == "/" {
            prefix = "/"
            body = body.dropFirst()
        }
        return prefix + String(body.prefix { $0.isLetter || $0.isNumber }).lowercased()
    }
}
