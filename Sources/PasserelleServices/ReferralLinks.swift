import Crypto
import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The link mailed to a service's contact to answer a referral without an account: the referral,
/// the moment the link stops working, an HMAC-SHA256 of both with the platform's key (the link is
/// genuine), and another that adds the address it was mailed to (the link still belongs to the
/// service's contact: once the service changes its address, the old link no longer shows the
/// person). The key is made at first use and kept in `platform_state`, shared by every instance.
package enum ReferralLinks {
    package static let keyName = "referrals.link-key"

    package enum Verdict: Equatable {
        case valid(UUID)
        case expired
        case tampered
    }

    package static func key(on database: any Database) async throws -> SymmetricKey {
        if let stored = try await PlatformState.value(keyName, on: database), let data = Data(base64Encoded: stored) {
            return SymmetricKey(data: data)
        }
        let fresh = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0).base64EncodedString() }
        // Two instances may make one at once: the first stored wins, both use it.
        try await PlatformState.setIfAbsent(keyName, to: fresh, on: database)
        let stored = try await PlatformState.value(keyName, on: database) ?? fresh
        return SymmetricKey(data: Data(base64Encoded: stored) ?? Data())
    }

    package static func signature(of referral: UUID, expires: Int, key: SymmetricKey) -> String {
        let message = Data("referral-answer|\(referral.uuidString.lowercased())|\(expires)".utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).base64URLEncoded()
    }

    package static func recipientSignature(of referral: UUID, expires: Int, recipient: String, key: SymmetricKey) -> String {
        let message = Data("referral-recipient|\(referral.uuidString.lowercased())|\(expires)|\(recipient.lowercased())".utf8)
        return Data(HMAC<SHA256>.authenticationCode(for: message, using: key)).base64URLEncoded()
    }

    /// The path and query of the answer page for `referral`, valid until `expires`, mailed to `recipient`.
    package static func path(for referral: UUID, expires: Date, recipient: String, key: SymmetricKey) -> String {
        let seconds = Int(expires.timeIntervalSince1970)
        return ServicesPaths.answerByLink.link(query: [("o", referral.uuidString.lowercased()), ("e", String(seconds)),
                                                      ("s", signature(of: referral, expires: seconds, key: key)),
                                                      ("a", recipientSignature(of: referral, expires: seconds, recipient: recipient, key: key))])
    }

    /// Whether a genuine link was mailed to `current`, the service's address now. A link without
    /// its recipient's signature proves nothing of it: the team answers from its space.
    package static func wasSent(to current: String?, referral: UUID, expires: String, recipientSignature given: String, key: SymmetricKey) -> Bool {
        guard !given.isEmpty, let current, let seconds = Int(expires) else { return false }
        return SecretToken.equal(recipientSignature(of: referral, expires: seconds, recipient: current, key: key), given)
    }

    /// Checks a link's three parts. A link altered in any part is `tampered`; a genuine one past
    /// its time is `expired`.
    package static func verify(referral: String, expires: String, signature given: String, key: SymmetricKey, now: Date = Date()) -> Verdict {
        guard let id = UUID(uuidString: referral), let seconds = Int(expires) else { return .tampered }
        let expected = Data(signature(of: id, expires: seconds, key: key).utf8)
        // Compared in constant time: the comparison must not tell how much of a guess was right.
        guard expected.count == given.utf8.count, zip(expected, Data(given.utf8)).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { return .tampered }
        return now.timeIntervalSince1970 < Double(seconds) ? .valid(id) : .expired
    }
}
