import Fluent
import Foundation
import PasserelleCore
import Vapor

/// How to know who acts and where a visitor signs in. The accounts module keeps the memberships,
/// the API tokens and the log-in page, so it sets this up (`AccountsModule.configure`); every
/// module asks the request below, or `APIRequest`, without calling the accounts.
package struct ActingRules: Sendable {
    /// Who `user` (nil for a visitor) is, as the policy sees them.
    package var actor: @Sendable (_ user: UUID?, _ database: any Database) async throws -> Policy.Actor
    /// The log-in page, coming back to `next` after.
    package var signIn: @Sendable (_ next: String) -> String
    /// The account an API token (`Authorization: Bearer …`) belongs to, if it is valid.
    package var bearerUser: @Sendable (_ token: String, _ request: Request) async throws -> SignedInUser?

    package init(actor: @escaping @Sendable (_ user: UUID?, _ database: any Database) async throws -> Policy.Actor,
                 signIn: @escaping @Sendable (_ next: String) -> String,
                 bearerUser: @escaping @Sendable (_ token: String, _ request: Request) async throws -> SignedInUser?) {
        self.actor = actor
        self.signIn = signIn
        self.bearerUser = bearerUser
    }
}

/// The Vapor request of an API operation: the generated handlers receive only the operation's
/// input, while the modules need the database session, the password hasher, the client address
/// and the caller's token.
package enum APIRequest {
    @TaskLocal package static var current: Request?

    /// The request being answered; set around every API route (the accounts' `APIRequestMiddleware`).
    package static func request() throws -> Request {
        guard let current else { throw Abort(.internalServerError, reason: "API request outside APIRequestMiddleware") }
        return current
    }

    private struct BearerKey: StorageKey {
        typealias Value = SignedInUser?
    }

    /// Who `user` (an API token's, or nil) is, as the policy sees them.
    package static func actor(of user: UUID?) async throws -> Policy.Actor {
        let request = try request()
        return try await request.application.moduleState(ActingRules.self).actor(user, request.db)
    }

    /// The token's user, or nil when the request carries no valid `Authorization: Bearer` token;
    /// looked up once per request.
    package static func bearerUser() async throws -> SignedInUser? {
        let request = try request()
        if let known = request.storage[BearerKey.self] { return known }
        var user: SignedInUser?
        if let token = request.headers.bearerAuthorization?.token {
            user = try await request.application.moduleState(ActingRules.self).bearerUser(token, request)
        }
        request.storage[BearerKey.self] = .some(user)
        return user
    }
}

extension Request {
    private struct ActorKey: StorageKey {
        typealias Value = Policy.Actor
    }

    /// Who is acting, as the policy sees them: read once per request.
    package func actor() async throws -> Policy.Actor {
        if let actor = storage[ActorKey.self] { return actor }
        let actor = try await application.moduleState(ActingRules.self).actor(signedInUser?.id, db)
        storage[ActorKey.self] = actor
        return actor
    }

    /// The actor once `actor()` has read it (the signed-in user's middleware does, for every
    /// page): what the layout's menu is made from, without waiting.
    package var actorIfRead: Policy.Actor? { storage[ActorKey.self] }

    /// The log-in page for a visitor, who comes back to this page after.
    package func redirectToSignIn() -> Response {
        redirect(to: application.moduleState(ActingRules.self).signIn(url.path + (url.query.map { "?" + $0 } ?? "")))
    }

    /// Nil when the policy allows `action`; otherwise the answer to give: the log-in page for a
    /// visitor, a 403 for a user without the right.
    package func refusal(of action: Policy.Action) async throws -> Response? {
        switch Policy.decide(action, for: try await actor()) {
        case .allowed:
            return nil
        case .needsSignIn:
            return redirectToSignIn()
        case .forbidden:
            throw Abort(.forbidden, reason: "Cette page est réservée à l’équipe de la plateforme et aux pilotes du territoire.")
        }
    }
}
