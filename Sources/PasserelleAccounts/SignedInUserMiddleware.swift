import Foundation
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Session keys of the accounts module.
package enum BrowserSessionKeys {
    package static let user = "user"
    /// When the session began, or when its user logged in (seconds since 1970): a session ends
    /// 14 days after, whatever its cookie says.
    package static let since = "since"
    package static let lifetime: TimeInterval = 14 * 24 * 3600
}

/// Finds the session's user once per page request; a session whose account no longer exists, or
/// older than its lifetime, is logged out.
package struct SignedInUserMiddleware: AsyncMiddleware {
    package init() {}

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.hasSession, let id = request.session.data[BrowserSessionKeys.user].flatMap(UUID.init(uuidString:)) {
            let since = request.session.data[BrowserSessionKeys.since].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? .distantPast
            if Date().timeIntervalSince(since) < BrowserSessionKeys.lifetime, let account = try await AccountQueries.account(id: id, on: request.db) {
                request.signedInUser = SignedInUser(id: account.id, name: account.name, email: account.email)
                // The header's menu depends on the user's organisations: read them once, here.
                _ = try await request.actor()
            } else {
                request.session.destroy()
            }
        }
        return try await next.respond(to: request)
    }
}
