/// Long, repetitive pieces of forms (154 sector boxes, 101 départements) written in Swift rather
/// than in Leaf loops, which cost several milliseconds per page. Every value is escaped here; the
/// templates insert the result with `#unsafeHTML`.
package enum HTMLFragments {
    package struct Choice {
        package var value: String
        package var label: String
        package var chosen: Bool

        package init(value: String, label: String, chosen: Bool) {
            self.value = value
            self.label = label
            self.chosen = chosen
        }
    }

    package static func escape(_ text: String) -> String {
        // Most labels hold nothing to escape: return them untouched, without walking characters.
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0x22 || $0 == 0x27 }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 16)
        for byte in text.utf8 {
            switch byte {
            case 0x26: bytes += Array("&amp;".utf8)
            case 0x3C: bytes += Array("&lt;".utf8)
            case 0x3E: bytes += Array("&gt;".utf8)
            case 0x22: bytes += Array("&quot;".utf8)
            case 0x27: bytes += Array("&#39;".utf8)
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `<option>`s of a select.
    package static func options(_ choices: [Choice]) -> String {
        var html = ""
        for choice in choices {
            html += "<option value=\"\(escape(choice.value))\"\(choice.chosen ? " selected" : "")>\(escape(choice.label))</option>"
        }
        return html
    }

    /// A labelled checkbox; `id` must be unique in the page.
    package static func checkbox(id: String, name: String, _ choice: Choice) -> String {
        "<div class=\"check\"><input type=\"checkbox\" id=\"\(escape(id))\" name=\"\(escape(name))\" value=\"\(escape(choice.value))\"\(choice.chosen ? " checked" : "")><label for=\"\(escape(id))\">\(escape(choice.label))</label></div>"
    }
}
