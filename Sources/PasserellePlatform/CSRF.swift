import Foundation
import Vapor

/// Protection of forms against cross-site request forgery: every form carries a token in a
/// hidden `_csrf` field, and every submission must bring it back. A session's forms use the
/// session's token; a visitor's forms use a token kept in a cookie of its own (compared with the
/// field, "double submit"), so that reading a form costs no session row. Cookies are also
/// `SameSite=Lax`; the token covers browsers that ignore it.
package enum CSRF {
    package static let field = "_csrf"
    /// In production (HTTPS) the cookie is `Secure` and named `__Host-`: only this host, over
    /// TLS, can set it, so a sibling subdomain or a network attacker cannot plant a token.
    package static func isSecure(_ request: Request) -> Bool { request.platform.config.environment == .production }
    package static func cookieName(_ request: Request) -> String { isSecure(request) ? "__Host-passerelle_csrf" : "passerelle_csrf" }

    /// The visitor's cookie token, when it has the shape of one.
    private static func cookieToken(_ request: Request) -> String? {
        guard let value = request.cookies[cookieName(request)]?.string, SecretToken.isWellFormed(value) else { return nil }
        return value
    }
    private static let sessionKey = "csrf"

    private struct FreshCookie: StorageKey {
        typealias Value = String
    }

    /// The token of the form being rendered, created on first use.
    package static func token(for request: Request) -> String {
        if hasStoredSession(request) {
            if let token = request.session.data[sessionKey] { return token }
            let token = SecretToken.generate()
            request.session.data[sessionKey] = token
            return token
        }
        if let fresh = request.storage[FreshCookie.self] { return fresh }
        if let cookie = cookieToken(request) { return cookie }
        let token = SecretToken.generate()
        request.storage[FreshCookie.self] = token
        return token
    }

    /// Refuses a submission whose token is missing or is neither the session's nor, for a
    /// visitor, the cookie's.
    package static func verify(_ request: Request) throws {
        let submitted = (try? request.content.get(String.self, at: field)) ?? ""
        var expected: [String] = []
        if hasStoredSession(request), let token = request.session.data[sessionKey] { expected.append(token) }
        if request.signedInUser == nil, let cookie = cookieToken(request) { expected.append(cookie) }
        guard !submitted.isEmpty, expected.contains(where: { SecretToken.equal(submitted, $0) }) else {
            throw Abort(.forbidden, reason: "Ce formulaire a expiré ou ne vient pas de Passerelle. Rechargez la page et recommencez.")
        }
    }

    /// Whether the request came with a session the database holds (not one it would create).
    private static func hasStoredSession(_ request: Request) -> Bool {
        request.hasSession && request.session.id != nil
    }

    /// The visitor's cookie, when this request made its token.
    package static func cookie(for request: Request) -> HTTPCookies.Value? {
        request.storage[FreshCookie.self].map {
            HTTPCookies.Value(string: $0, path: "/", isSecure: isSecure(request), isHTTPOnly: true, sameSite: .lax)
        }
    }
}

/// Checks the CSRF token of every state-changing request to the pages, before the route reads
/// anything else: a forged or stale form is refused the same way, whatever it names. Sets the
/// visitor's token cookie when a page made one.
package struct CSRFMiddleware: AsyncMiddleware {

    package init() {

    }
    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.method != .GET && request.method != .HEAD {
            if request.body.data == nil {
                _ = try await request.body.collect(max: FileForm.limit(request)).get()
            }
            try CSRF.verify(request)
        }
        let response = try await next.respond(to: request)
        if let cookie = CSRF.cookie(for: request) {
            response.cookies[CSRF.cookieName(request)] = cookie
        }
        return response
    }
}
