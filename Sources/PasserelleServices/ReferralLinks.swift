import Crypto
import Foundation
import PasserellePlatform

/// The link mailed to a service's contact to answer a referral without an account; it stops
/// showing the person once the service's address changes.
package enum ReferralLinks {
    package static let mailed = MailedLink(purpose: "referral", keyName: "referrals.link-key")

    /// The path and query of the answer page for `referral`, valid until `expires`, mailed to `recipient`.
    package static func path(for referral: UUID, expires: Date, recipient: String, key: SymmetricKey) -> String {
        mailed.link(ServicesPaths.answerByLink, for: referral, expires: expires, recipient: recipient, key: key)
    }
}
