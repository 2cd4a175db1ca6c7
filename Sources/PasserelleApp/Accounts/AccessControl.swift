import Foundation
import PasserelleCore
import Vapor

extension Request {
    private struct ActorKey: StorageKey {
        typealias Value = Policy.Actor
    }

    /// Who is acting, as the policy sees them: read once per request.
    func actor() async throws -> Policy.Actor {
        if let actor = storage[ActorKey.self] { return actor }
        var actor = Policy.Actor.visitor
        if let user = signedInUser {
            let memberships = try await OrganisationQueries.memberships(of: user.id, on: db).compactMap { membership -> Policy.Actor.Membership? in
                guard let kind = membership.organisationKind, let role = membership.membershipRole else { return nil }
                return .init(kind: kind, role: role, territory: membership.territory.split(separator: " ").compactMap { Perimeter(token: String($0)) }, structure: membership.structure_id)
            }
            actor = Policy.Actor(isSignedIn: true, memberships: memberships)
        }
        storage[ActorKey.self] = actor
        return actor
    }

    /// Nil when the policy allows `action`; otherwise the answer to give: the log-in page for a
    /// visitor (who comes back here after), a 403 for a user without the right.
    func refusal(of action: Policy.Action) async throws -> Response? {
        switch Policy.decide(action, for: try await actor()) {
        case .allowed:
            return nil
        case .needsSignIn:
            return redirect(to: Links.login(next: url.path + (url.query.map { "?" + $0 } ?? "")))
        case .forbidden:
            throw Abort(.forbidden, reason: "Cette page est réservée à l’équipe de la plateforme et aux pilotes du territoire.")
        }
    }
}
