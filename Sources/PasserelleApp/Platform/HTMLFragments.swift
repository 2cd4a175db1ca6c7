/// Long, repetitive pieces of forms (154 sector boxes, 101 départements) written in Swift rather
/// than in Leaf loops, which cost several milliseconds per page. Every value is escaped here; the
/// templates insert the result with `#unsafeHTML`.
enum HTMLFragments {
    struct Choice {
        var value: String
        var label: String
        var chosen: Bool
    }

    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// `<option>`s of a select.
    static func options(_ choices: [Choice]) -> String {
        var html = ""
        for choice in choices {
            html += "<option value=\"\(escape(choice.value))\"\(choice.chosen ? " selected" : "")>\(escape(choice.label))</option>"
        }
        return html
    }

    /// A labelled checkbox; `id` must be unique in the page.
    static func checkbox(id: String, name: String, _ choice: Choice) -> String {
        "<div class=\"check\"><input type=\"checkbox\" id=\"\(escape(id))\" name=\"\(escape(name))\" value=\"\(escape(choice.value))\"\(choice.chosen ? " checked" : "")><label for=\"\(escape(id))\">\(escape(choice.label))</label></div>"
    }
}
