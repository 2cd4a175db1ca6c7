import Crypto
import Fluent
import Foundation
import Vapor

/// A link mailed to someone who answers without an account: the object, the moment the link stops
/// working, an HMAC-SHA256 of both with the platform's key (the link is genuine), and another that
/// adds the address it was mailed to (the link still belongs to whoever holds that address now:
/// once it changes, the old link no longer shows the object). Each purpose has its key, made at
/// first use and kept in `platform_state`, shared by every instance.
package struct MailedLink: Sendable {
    /// Names the messages signed: a link for one purpose never opens another's page.
    package let purpose: String
    package let keyName: String

    package init(purpose: String, keyName: String) {
        self.purpose = purpose
        self.keyName = keyName
    }

    package enum Verdict: Equatable {
        case valid(UUID)
        case expired
        case tampered
    }

    package func key(on database: any Database) async throws -> SymmetricKey {
        if let stored = try await PlatformState.value(keyName, on: database), let data = Data(base64Encoded: stored) {
            return SymmetricKey(data: data)
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        // Two instances may make one at once: the first stored wins, both use it.
        try await PlatformState.setIfAbsent(keyName, to: fresh, on: database)
        // A key that cannot be read would sign with nothing: better no link than a forgeable one.
        guard let stored = try await PlatformState.value(keyName, on: database), let data = Data(base64Encoded: stored), data.count >= 32 else {
            throw Abort(.internalServerError, reason: "La clé des liens envoyés par courriel est illisible.")
        }
        return SymmetricKey(data: data)
    }

    package func signature(of object: UUID, expires: Int, key: SymmetricKey) -> String {
        let message = Data("\(purpose)-answer|\(object.uuidString.lowercased())|\(expires)".utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).base64URLEncoded()
    }

    package func recipientSignature(of object: UUID, expires: Int, recipient: String, key: SymmetricKey) -> String {
        let message = Data("\(purpose)-recipient|\(object.uuidString.lowercased())|\(expires)|\(recipient.lowercased())".utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).base64URLEncoded()
    }

    /// The query of the page `path` for `object`, valid until `expires`, mailed to `recipient`.
    package func link(_ path: PagePath, for object: UUID, expires: Date, recipient: String, key: SymmetricKey) -> String {
        let seconds = Int(expires.timeIntervalSince1970)
        return path.link(query: [("o", object.uuidString.lowercased()), ("e", String(seconds)),
                                 ("s", signature(of: object, expires: seconds, key: key)),
                                 ("a", recipientSignature(of: object, expires: seconds, recipient: recipient, key: key))])
    }

    /// Whether a genuine link was mailed to `current`, the address now. A link without its
    /// recipient's signature proves nothing of it: the team answers from its space.
    package func wasSent(to current: String?, object: UUID, expires: String, recipientSignature given: String, key: SymmetricKey) -> Bool {
        guard !given.isEmpty, let current, let seconds = Int(expires) else { return false }
        return SecretToken.equal(recipientSignature(of: object, expires: seconds, recipient: current, key: key), given)
    }

    /// Checks a link's three parts. A link altered in any part is `tampered`; a genuine one past
    /// its time is `expired`.
    package func verify(object: String, expires: String, signature given: String, key: SymmetricKey, now: Date = Date()) -> Verdict {
        guard let id = UUID(uuidString: object), let seconds = Int(expires) else { return .tampered }
        // Compared in constant time: the comparison must not tell how much of a guess was right.
        guard SecretToken.equal(signature(of: id, expires: seconds, key: key), given) else { return .tampered }
        return now.timeIntervalSince1970 < Double(seconds) ? .valid(id) : .expired
    }
}

extension Response {
    /// A page a mailed link opens: kept by no cache, and the link, a secret, not sent on in a
    /// Referer header.
    @discardableResult
    package func keepingMailedLinkSecret() -> Response {
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "no-referrer")
        return self
    }
}
