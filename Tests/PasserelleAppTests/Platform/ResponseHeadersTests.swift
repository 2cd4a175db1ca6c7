import Foundation
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Security headers on every answer; static files read only")
struct ResponseHeadersTests {
    static func expectSecurityHeaders(_ response: TestingHTTPResponse, _ what: String) {
        #expect(response.headers.first(name: "Content-Security-Policy")?.contains("frame-ancestors 'none'") == true, "\(what): CSP")
        #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff", "\(what): nosniff")
        #expect(response.headers.first(name: "Referrer-Policy") != nil, "\(what): Referrer-Policy")
    }

    @Test func errorsAndFilesCarryTheHeaders() async throws {
        try await withPasserelle(.reference) { app in
            let cases: [(HTTPMethod, String, HTTPResponseStatus)] = [
                (.GET, "/", .ok),
                (.GET, "/css/passerelle.css", .ok),
                (.GET, "/js/map.js", .ok),
                (.GET, "/page-qui-n-existe-pas", .notFound),
                (.GET, "/admin/themes", .seeOther),
                (.DELETE, "/structures", .methodNotAllowed),
                (.GET, "/api/v1/structures?page=0", .badRequest),
                (.GET, "/api/v1/nothing", .notFound),
            ]
            for (method, path, status) in cases {
                let response = try await app.testing().sendRequest(method, path)
                #expect(response.status == status, "\(method) \(path): \(response.status)")
                Self.expectSecurityHeaders(response, "\(method) \(path)")
            }
        }
    }

    @Test func aForbiddenPageAndAServerErrorCarryTheHeaders() async throws {
        try await withPasserelle(.demo) { app in
            let browser = try await Persona.structure.browser(app)
            let forbidden = try await browser.get("/admin/themes")
            #expect(forbidden.status == .forbidden)
            Self.expectSecurityHeaders(forbidden, "403")
        }
    }

    @Test func aNulInAPathIsRefusedAndFilesAreReadOnly() async throws {
        try await withPasserelle(.reference) { app in
            let nul = try await app.get("/js/map.js%00.html")
            #expect(nul.status == .badRequest)
            #expect(nul.headers.contentType?.subType != "javascript")
            Self.expectSecurityHeaders(nul, "NUL")
            #expect(try await app.get("/structures%0A").status == .badRequest)
            for method in [HTTPMethod.PUT, .DELETE, .POST, .init(rawValue: "TRACE")] {
                let response = try await app.testing().sendRequest(method, "/js/map.js")
                #expect(response.status == .methodNotAllowed, "\(method)")
                #expect(response.headers.first(name: .allow) == "GET, HEAD")
                #expect(!response.body.text.contains("L.map"), "\(method) must not send the file")
            }
            let head = try await app.testing().sendRequest(.HEAD, "/js/map.js")
            #expect(head.status == .ok)
        }
    }
}
