import Foundation
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// A client that keeps cookies from one request to the next and fills forms with the CSRF token
/// of the last page it read, as a browser would.
final class Browser {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var lastSetCookies: [String: HTTPCookies.Value] = [:]
    private(set) var csrf: String?

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> TestingHTTPResponse {
        try await send(.GET, path, body: nil)
    }

    /// Posts `fields` form-encoded, with the CSRF token of the last page unless `withToken` is false.
    @discardableResult
    func post(_ path: String, _ fields: [(String, String)], withToken: Bool = true) async throws -> TestingHTTPResponse {
        var all = fields
        if withToken, let csrf { all.append(("_csrf", csrf)) }
        return try await send(.POST, path, body: QueryItems.encode(all))
    }

    /// Posts `fields` and a file as `multipart/form-data`, as a form with a file input sends them.
    @discardableResult
    func postFile(_ path: String, _ fields: [(String, String)], file: (name: String, filename: String, content: String)) async throws -> TestingHTTPResponse {
        let boundary = "passerelle-test-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields + (csrf.map { [("_csrf", $0)] } ?? []) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.name)\"; filename=\"\(file.filename)\"\r\nContent-Type: text/csv\r\n\r\n"
        body += file.content + "\r\n--\(boundary)--\r\n"
        return try await send(.POST, path, body: body, contentType: HTTPMediaType(type: "multipart", subType: "form-data", parameters: ["boundary": boundary]))
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?, contentType: HTTPMediaType = .urlEncodedForm) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = contentType
            buffer = ByteBuffer(string: body)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
        lastSetCookies = [:]
        for (name, value) in response.headers.setCookie?.all ?? [:] {
            lastSetCookies[name] = value
            if value.expires.map({ $0 < Date() }) == true || value.maxAge == 0 { cookies[name] = nil } else { cookies[name] = value.string }
        }
        let html = response.body.text
        if let range = html.range(of: "name=\"_csrf\" value=\"") {
            csrf = String(html[range.upperBound...].prefix { $0 != "\"" })
        }
        return response
    }
}

extension ByteBuffer {
    /// The body as a reader sees it: the no-break spaces of French typography
    /// (`FrenchTypographyMiddleware`) read as spaces, so that expectations are written plainly.
    var text: String {
        string.replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
    }
}
