import Foundation
import Vapor

/// Protection of forms against cross-site request forgery: every form of a session carries the
/// session's token in a hidden `_csrf` field, and every form submission must bring it back.
/// Session cookies are also `SameSite=Lax`; the token covers browsers that ignore it.
enum CSRF {
    static let field = "_csrf"
    private static let sessionKey = "csrf"

    /// The session's token, created on first use.
    static func token(for request: Request) -> String {
        if let token = request.session.data[sessionKey] { return token }
        let token = SecretToken.generate()
        request.session.data[sessionKey] = token
        // The session's birth, so that retention can delete the sessions of visitors who left.
        if request.session.data[SessionKeys.since] == nil {
            request.session.data[SessionKeys.since] = String(Date().timeIntervalSince1970)
        }
        return token
    }

    /// Refuses a form whose token is missing or is not the session's.
    static func verify(_ request: Request) throws {
        let submitted = try? request.content.get(String.self, at: field)
        guard let expected = request.hasSession ? request.session.data[sessionKey] : nil, let submitted,
              SecretToken.equal(submitted, expected) else {
            throw Abort(.forbidden, reason: "Ce formulaire a expiré ou ne vient pas de Passerelle. Rechargez la page et recommencez.")
        }
    }
}
