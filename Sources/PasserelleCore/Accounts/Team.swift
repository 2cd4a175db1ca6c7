import Foundation

/// The rules of an organisation's team: invitations, join requests, roles.
public enum TeamRule {
    /// How long an invitation link works.
    public static let invitationLifetime: TimeInterval = 7 * 86400
    public static let maximumMessageLength = 1000

    public enum RequestStatus: String, Sendable, CaseIterable, Codable {
        case pending = "en-attente"
        case accepted = "acceptee"
        case refused = "refusee"
    }

    /// Whether a member with `role` may lose it (be removed or made a plain member): a team keeps
    /// at least one admin, so that someone can always manage it.
    public static func mayLoseAdmin(role: MembershipRole, admins: Int) -> Bool {
        role != .admin || admins > 1
    }

    /// The problem with an invitation to `email` with `role`, if any.
    public static func problem(invitingEmail email: String, role: String) -> String? {
        guard EmailAddress(email) != nil else { return "Cette adresse électronique n’est pas valide (exemple : prenom.nom@structure.fr)." }
        guard MembershipRole(rawValue: role) != nil else { return "Choisissez le rôle : administrateur ou membre." }
        return nil
    }

    /// Whether the signed-in address may accept an invitation sent to `invited`: the link is sent
    /// to one address, and forwarding it must not let someone else in.
    public static func mayAccept(invited: String, signedInAs address: String) -> Bool {
        guard let invited = EmailAddress(invited), let address = EmailAddress(address) else { return false }
        return invited == address
    }
}
