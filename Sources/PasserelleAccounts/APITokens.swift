import Fluent
import Foundation
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// API tokens: a user creates them (named, shown once), uses them as `Authorization: Bearer …`,
/// and revokes them.
package enum APITokens {
    package struct Listed: Decodable, Sendable {
        package var id: UUID
        package var name: String
        package var createdAt: Date
        package var lastUsedAt: Date?
        package var revokedAt: Date?
    }

    /// Tokens start with this, so that secret scanners and people recognise them.
    package static let prefix = "pas_"

    /// A new token for `user`; the clear value is returned once and never stored.
    package static func create(for user: UUID, email: String, name: String, address: String?, on database: any Database, now: Date = Date()) async throws -> (id: UUID, token: String) {
        let id = UUID()
        let token = prefix + SecretToken.generate()
        try await database.retryingTransaction { database in
            try await database.sql.insert(into: "api_tokens")
                .columns("id", "user_id", "name", "token_hash", "created_at")
                .values(SQLBind(id), SQLBind(user), SQLBind(name), SQLBind(SecretToken.hash(token)), SQLBind(now))
                .run()
            try await Audit.record(.tokenCreated, actorID: user, actor: email, object: "jeton:\(id.uuidString.lowercased())", detail: name, address: address, on: database)
        }
        return (id, token)
    }

    package static func list(of user: UUID, on database: any Database) async throws -> [Listed] {
        try await database.sql.select().columns("id", "name", "created_at", "last_used_at", "revoked_at").from("api_tokens")
            .where("user_id", .equal, SQLBind(user)).orderBy("created_at", .descending).all(decoding: Listed.self, table: "api_tokens", keys: .snakeCaseColumns)
    }

    /// Revokes a token of `user` (another user's token is left alone); false when there was none.
    package static func revoke(_ id: UUID, of user: UUID, email: String, address: String?, on database: any Database, now: Date = Date()) async throws -> Bool {
        try await database.retryingTransaction { database in
            let revoked = try await database.sql.update("api_tokens").set("revoked_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).where("user_id", .equal, SQLBind(user)).where("revoked_at", .is, SQLLiteral.null)
                .returning("id").all().count
            guard revoked == 1 else { return false }
            try await Audit.record(.tokenRevoked, actorID: user, actor: email, object: "jeton:\(id.uuidString.lowercased())", address: address, on: database)
            return true
        }
    }

    /// Revokes every token of `user` still in force, inside the caller's transaction (a new
    /// password); returns their names, for the mail that tells the owner.
    package static func revokeAll(of user: UUID, email: String, reason: String, address: String?, on database: any Database, now: Date = Date()) async throws -> [String] {
        struct Row: Decodable { var id: UUID; var name: String }
        let revoked = try await database.sql.update("api_tokens").set("revoked_at", to: SQLBind(now))
            .where("user_id", .equal, SQLBind(user)).where("revoked_at", .is, SQLLiteral.null)
            .returning("id", "name").all(decoding: Row.self, table: "api_tokens", keys: .snakeCaseColumns)
        for token in revoked {
            try await Audit.record(.tokenRevoked, actorID: user, actor: email, object: "jeton:\(token.id.uuidString.lowercased())", detail: reason, address: address, on: database, at: now)
        }
        return revoked.map(\.name).sorted()
    }

    /// The user a valid token belongs to. Use is recorded on the token (at most once a minute)
    /// and in the audit log (at most once an hour per token), not on every request.
    package static func user(for token: String, address: String?, on database: any Database, now: Date = Date()) async throws -> SignedInUser? {
        struct Row: Decodable { var id: UUID; var lastUsedAt: Date?; var userID: UUID; var email: String; var name: String }
        guard token.hasPrefix(prefix), token.count < 200 else { return nil }
        let sql = database.sql
        guard let row = try await sql.raw("""
            SELECT t.id, t.last_used_at, t.user_id, u.email, u.name FROM api_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = \(bind: SecretToken.hash(token)) AND t.revoked_at IS NULL AND u.deleted_at IS NULL
            """).first(decoding: Row.self, table: "api_tokens", keys: .snakeCaseColumns) else { return nil }
        let sinceUse = row.lastUsedAt.map { now.timeIntervalSince($0) } ?? .infinity
        if sinceUse > 60 {
            try await sql.update("api_tokens").set("last_used_at", to: SQLBind(now)).where("id", .equal, SQLBind(row.id)).run()
        }
        if sinceUse > 3600 {
            try await Audit.record(.tokenUsed, actorID: row.userID, actor: row.email, object: "jeton:\(row.id.uuidString.lowercased())", address: address, on: database, at: now)
        }
        return SignedInUser(id: row.userID, name: row.name, email: row.email)
    }
}

/// Puts the request in `APIRequest.current` around every API route, and refuses (401) a write the
/// contract puts behind a token when none valid comes, before the generated code reads the body:
/// who may write is decided before what is written.
package struct APIRequestMiddleware: AsyncMiddleware {
    /// `METHOD /pattern` of the operations with `security` in the contract.
    package let tokenOperations: Set<String>

    package init(tokenOperations: Set<String>) {
        self.tokenOperations = tokenOperations
    }

    package func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        try await APIRequest.$current.withValue(request) {
            let isWrite = [HTTPMethod.POST, .PUT, .PATCH, .DELETE].contains(request.method)
            if isWrite, tokenOperations.contains(request.method.rawValue + " " + request.routePattern), try await APIRequest.bearerUser() == nil {
                let response = Response(status: .unauthorized, headers: ["WWW-Authenticate": "Bearer"])
                try response.content.encode(PasserelleErrorMiddleware.ErrorBody(error: true, reason: APIHandler.missingToken), as: .json)
                return response
            }
            return try await next.respond(to: request)
        }
    }
}
