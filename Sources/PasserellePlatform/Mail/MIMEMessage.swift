import Foundation

/// An `OutgoingMail` written as an Internet message (RFC 5322 + MIME): the text and HTML bodies
/// as `multipart/alternative`, both base64-encoded UTF-8 so that accents travel through any relay,
/// and a subject in an encoded word.
package struct MIMEMessage: Sendable {
    /// A header value carrying a line break would let a value add headers of its own.
    package struct UnsafeHeader: Error, CustomStringConvertible {
        package var field: String
        package var description: String { "Le champ « \(field) » d’un message contient un saut de ligne : message refusé." }
    }

    package var sender: String
    package var senderName: String
    package var mail: OutgoingMail
    package var date: Date
    package var messageID: String
    package var boundary: String

    package init(mail: OutgoingMail, sender: String, senderName: String = "Passerelle", date: Date = Date(), id: UUID = UUID()) {
        self.mail = mail
        self.sender = sender
        self.senderName = senderName
        self.date = date
        let domain = sender.split(separator: "@").last.map(String.init) ?? "passerelle.invalid"
        self.messageID = "<\(id.uuidString.lowercased())@\(domain)>"
        self.boundary = "=_passerelle_\(id.uuidString.lowercased())"
    }

    /// The message with CRLF line ends, ready for SMTP's DATA (before dot-stuffing).
    package func rendered() throws -> String {
        for (field, value) in [("To", mail.recipient), ("Subject", mail.subject), ("From", sender)] where value.contains(where: \.isNewline) {
            throw UnsafeHeader(field: field)
        }
        let headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.encodedWord(senderName)) <\(sender)>",
            "To: <\(mail.recipient)>",
            "Subject: \(Self.encodedWord(mail.subject))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
            "Auto-Submitted: auto-generated",
            "Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"",
        ]
        var lines = headers + [""]
        for (type, body) in [("text/plain", mail.text), ("text/html", mail.html)] {
            lines += ["--\(boundary)", "Content-Type: \(type); charset=utf-8", "Content-Transfer-Encoding: base64", ""]
            lines += Self.base64Lines(body)
        }
        lines.append("--\(boundary)--")
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// RFC 2047 encoded word when the text is not plain ASCII; a long text is split in several words
    /// so that no header line gets longer than the RFC allows.
    package static func encodedWord(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { !$0.isASCII || $0.value < 32 }) else { return text }
        var words: [String] = []
        var chunk = ""
        for character in text {
            // 39 bytes of UTF-8 give 52 characters of base64: with « Subject: », every line stays
            // within the 78 characters that RFC 5322 recommends.
            if chunk.utf8.count + String(character).utf8.count > 39 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?\(Data($0.utf8).base64EncodedString())?=" }.joined(separator: "\r\n ")
    }

    package static func base64Lines(_ text: String) -> [String] {
        let encoded = Data(text.utf8).base64EncodedString()
        return stride(from: 0, to: encoded.count, by: 76).map { start in
            let from = encoded.index(encoded.startIndex, offsetBy: start)
            let to = encoded.index(from, offsetBy: min(76, encoded.count - start))
            return String(encoded[from..<to])
        }
    }

    package static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }

    /// SMTP ends DATA with a line holding a single dot: a body line starting with a dot gets a
    /// second one (RFC 5321 §4.5.2).
    package static func dotStuffed(_ message: String) -> String {
        message.components(separatedBy: "\r\n").map { $0.hasPrefix(".") ? "." + $0 : $0 }.joined(separator: "\r\n")
    }
}
