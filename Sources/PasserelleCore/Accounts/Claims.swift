import Foundation

/// Claiming a structure of the directory: a user asks to manage its profile. The claim is
/// accepted at once when the user's address belongs to the structure's own domain (its website's,
/// or its e-mail's); otherwise a territory steward or the platform team decides.
public enum ClaimRule {
    public enum Status: String, Sendable, CaseIterable, Codable {
        case pending = "en-attente"
        case accepted = "acceptee"
        case refused = "refusee"

        public var label: String {
            switch self {
            case .pending: "en attente"
            case .accepted: "acceptée"
            case .refused: "refusée"
            }
        }
    }

    /// Domains of mailbox providers: sharing one proves nothing about who works where.
    public static let sharedMailDomains: Set<String> = [
        "gmail.com", "googlemail.com", "hotmail.com", "hotmail.fr", "outlook.com", "outlook.fr", "live.com", "live.fr",
        "msn.com", "yahoo.com", "yahoo.fr", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net",
        "gmx.fr", "gmx.com", "icloud.com", "me.com", "aol.com", "protonmail.com", "proton.me", "numericable.fr", "bbox.fr",
    ]

    /// The domain of a website address, without `www.`: "https://www.aci-arras.org/contact" →
    /// "aci-arras.org".
    public static func domain(ofWebsite website: String) -> String? {
        var text = website.trimmingCharacters(in: .whitespaces).lowercased()
        if !text.contains("://") { text = "https://" + text }
        guard var host = URL(string: text)?.host, host.contains(".") else { return nil }
        if host.hasPrefix("www.") { host.removeFirst(4) }
        return host
    }

    /// Whether the claim of `claimant` on a structure with this website and e-mail is accepted
    /// without review.
    public static func isAutomatic(claimant: EmailAddress, website: String?, structureEmail: String?) -> Bool {
        let domain = claimant.domain
        guard !sharedMailDomains.contains(domain) else { return false }
        if let website, let siteDomain = Self.domain(ofWebsite: website), siteDomain == domain || siteDomain.hasSuffix("." + domain) {
            return true
        }
        if let structureEmail, let address = EmailAddress(structureEmail), address.domain == domain {
            return true
        }
        return false
    }

    public static let maximumMessageLength = 1000

    /// The problem with the message a claimant writes to the reviewer, if any.
    public static func problem(withMessage message: String) -> String? {
        message.count > maximumMessageLength ? "Le message ne peut pas dépasser 1 000 caractères." : nil
    }
}
