import Foundation
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// Calls to the API as a client makes them: JSON bodies, an optional bearer token.
enum API {
    static func postJSON(_ app: Application, _ path: String, _ body: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        var headers = headers
        headers.contentType = .json
        return try await app.testing().sendRequest(.POST, path, headers: headers, body: ByteBuffer(string: body))
    }

    static func send(_ app: Application, _ method: HTTPMethod, _ path: String, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.testing().sendRequest(method, path, headers: headers, body: ByteBuffer(string: body))
    }

    static func post(_ app: Application, _ path: String, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        try await send(app, .POST, path, body, token: token)
    }

    static func get(_ app: Application, _ path: String, token: String? = nil) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.get(path, headers: headers)
    }

    /// `POST /api/v1/needs`.
    static func postNeed(_ app: Application, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        try await post(app, "/api/v1/needs", body, token: token)
    }

    /// `POST /api/v1/needs/{id}/answers`.
    static func answer(_ app: Application, need: UUID, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        try await post(app, "/api/v1/needs/\(need.uuidString.lowercased())/answers", body, token: token)
    }
}
