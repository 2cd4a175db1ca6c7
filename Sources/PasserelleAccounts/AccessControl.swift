import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The accounts' part of access control: who an account is, from its memberships (the rules that
/// read `request.actor()` set this up, in `AccountsModule.configure`).
extension Policy.Actor {
    /// The actor of an account (from a session or an API token), or a visitor.
    package static func of(_ user: UUID?, on database: any Database) async throws -> Policy.Actor {
        guard let user else { return .visitor }
        let memberships = try await OrganisationQueries.memberships(of: user, on: database).map { membership in
            Membership(kind: membership.kind, role: membership.role, territory: try membership.perimeters(), structure: membership.structureID,
                       organisation: membership.organisationID, verified: membership.verification == .verified)
        }
        return Policy.Actor(isSignedIn: true, memberships: memberships)
    }
}
