import Foundation

/// Whether an organisation is known to be who it says. One created by a newcomer is usable at
/// once for what carries no risk (drafts, searches, sizing the offer) and verified before what
/// does: publishing a need, publishing a service that receives referrals, acting on a territory.
public enum OrganisationVerification: String, CaseIterable, Sendable, Codable {
    case verified = "verifiee"
    case pending = "a-verifier"
    case refused = "refusee"

    public var label: String {
        switch self {
        case .verified: "vérifiée"
        case .pending: "en attente de vérification"
        case .refused: "vérification refusée"
        }
    }
}

/// The domain of an e-mail address, as the verification rules read it.
public struct MailDomain: Sendable, Equatable, Hashable {
    public let value: String

    public init?(email: String) {
        guard let at = email.lastIndex(of: "@") else { return nil }
        let domain = email[email.index(after: at)...].lowercased().trimmingCharacters(in: .whitespaces)
        guard domain.contains("."), !domain.hasPrefix("."), !domain.hasSuffix(".") else { return nil }
        value = domain
    }

    /// Mailboxes anyone can open: they say nothing of an organisation.
    public static let personalMailboxes: Set<String> = [
        "gmail.com", "googlemail.com", "yahoo.fr", "yahoo.com", "hotmail.fr", "hotmail.com", "outlook.fr", "outlook.com", "live.fr", "live.com",
        "msn.com", "orange.fr", "wanadoo.fr", "free.fr", "sfr.fr", "neuf.fr", "laposte.net", "bbox.fr", "icloud.com", "me.com", "aol.com", "gmx.fr",
        "gmx.com", "protonmail.com", "proton.me", "numericable.fr", "club-internet.fr", "yandex.com", "mail.com",
    ]

    public var isPersonalMailbox: Bool { Self.personalMailboxes.contains(value) }

    /// The State's services write from `….gouv.fr`: an address there, once confirmed, is itself a proof.
    public var isStateDomain: Bool { value == "gouv.fr" || value.hasSuffix(".gouv.fr") }

    /// The domain an organisation is known by: the creator's, unless it is a personal mailbox.
    public var organisationDomain: String? { isPersonalMailbox ? nil : value }
}

/// Who verifies what, and when a newcomer is let in without anyone's decision.
public enum VerificationPolicy {
    /// The state of an organisation a newcomer creates, from their confirmed address: a public
    /// buyer or a partner writing from a State domain is verified by it; facilitators and
    /// stewards wait for the platform team to grant their perimeter; everyone else waits for the
    /// platform team or the territory's steward.
    public static func initialState(of kind: OrganisationKind, creatorDomain: MailDomain?) -> OrganisationVerification {
        if kind.hasTerritory { return .pending }
        if let creatorDomain, creatorDomain.isStateDomain, kind == .publicBuyer || kind == .partner { return .verified }
        return .pending
    }

    /// Whether a newcomer joins an existing organisation at once: their confirmed address is of
    /// its domain, and the organisation itself is verified. Otherwise their request goes to its admins.
    public static func joinsAtOnce(userDomain: MailDomain?, organisationDomain: String?, organisation state: OrganisationVerification) -> Bool {
        guard state == .verified, let userDomain, !userDomain.isPersonalMailbox, let organisationDomain else { return false }
        return userDomain.value == organisationDomain.lowercased()
    }

    /// Sites on which anyone opens a page: a structure whose site is there is not known by them.
    public static let sharedHosts: Set<String> = [
        "facebook.com", "linkedin.com", "instagram.com", "twitter.com", "x.com", "google.com", "sites.google.com", "wixsite.com",
        "wordpress.com", "over-blog.com", "jimdo.com", "jimdofree.com", "blogspot.com", "e-monsite.com", "helloasso.com", "youtube.com",
    ]

    /// The domain an organisation's people write from. The one stored at its creation first; for
    /// an organisation made before sign-up by role (a claimed structure), the domain of its public
    /// address, else its site's, unless either says nothing of it (a personal mailbox, a site on
    /// a shared host).
    public static func knownDomain(stored: String?, publicEmail: String?, website: String?) -> String? {
        if let stored, !stored.isEmpty { return stored.lowercased() }
        if let domain = publicEmail.flatMap(MailDomain.init(email:))?.organisationDomain { return domain }
        guard let website, let host = URL(string: website.contains("://") ? website : "https://" + website)?.host?.lowercased() else { return nil }
        let bare = host.hasPrefix("www.") ? String(host.dropFirst(4)) : host
        guard bare.contains("."), !MailDomain.personalMailboxes.contains(bare),
              !sharedHosts.contains(where: { bare == $0 || bare.hasSuffix("." + $0) }) else { return nil }
        return bare
    }

    /// An organisation as the policy needs to know it to decide its verification.
    public struct Candidate: Sendable, Equatable {
        public var kind: OrganisationKind
        public var commune: Commune?

        public init(kind: OrganisationKind, commune: Commune?) {
            self.kind = kind
            self.commune = commune
        }
    }

    /// The platform team decides every verification; a steward those of its territory, except
    /// facilitators' and stewards' (a perimeter is granted by the platform team only).
    public static func mayDecide(_ candidate: Candidate, actor: Policy.Actor) -> Policy.Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        if actor.isPlatformTeam { return .allowed }
        guard !candidate.kind.hasTerritory, let commune = candidate.commune else { return .forbidden }
        let isStewardHere = actor.memberships.contains { membership in
            membership.kind == .steward && membership.verified && membership.territory.contains { ReachRule.contains($0, commune) }
        }
        return isStewardHere ? .allowed : .forbidden
    }

    /// Whether the actor may publish in the name of `organisation` (a need, a service that
    /// receives referrals): a member of it, once it is verified.
    public static func mayPublish(for organisation: UUID, actor: Policy.Actor) -> Bool {
        actor.memberships.contains { $0.organisation == organisation && $0.verified }
    }

    /// What a member of an organisation waiting for its verification is told.
    public static func waitingMessage(for name: String) -> String {
        "« \(name) » attend sa vérification par l’équipe de la plateforme ou le pilote de son territoire : "
            + "vous pourrez publier en son nom dès qu’elle sera vérifiée. En attendant, vos brouillons sont gardés."
    }
}
