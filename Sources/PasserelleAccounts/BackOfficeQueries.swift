import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// The searches of the back-office: one function per list, serving its page and its CSV.
package enum BackOfficeQueries {
    /// An account as the back-office lists it.
    package struct UserEntry: Decodable, Sendable {
        package var id: UUID
        package var email: String
        package var name: String
        package var emailVerifiedAt: Date?
        package var lastLoginAt: Date?
        package var createdAt: Date
        package var deletedAt: Date?
        /// How many organisations it belongs to.
        package var organisations: Int
    }

    /// Users whose name or address contains `text`, newest first.
    package static func users(matching text: String?, offset: Int, limit: Int, on database: any Database) async throws -> (users: [UserEntry], total: Int) {
        let sql = database.sql
        var condition = SQLQueryString("1 = 1")
        if let pattern = ContainsPattern.of(text) {
            condition = "(LOWER(u.email) LIKE \(bind: pattern) OR LOWER(u.name) LIKE \(bind: pattern))"
        }
        struct Count: Decodable { var count: Int }
        let total = try await sql.raw("SELECT COUNT(*) AS count FROM users u WHERE \(condition)").first(decoding: Count.self)?.count ?? 0
        let users = try await sql.raw("""
            SELECT u.id, u.email, u.name, u.email_verified_at, u.last_login_at, u.created_at, u.deleted_at,
                   (SELECT COUNT(*) FROM memberships m WHERE m.user_id = u.id) AS organisations
            FROM users u WHERE \(condition) ORDER BY u.created_at DESC, u.email LIMIT \(literal: limit) OFFSET \(literal: offset)
            """).all(decoding: UserEntry.self, table: "users", keys: .snakeCaseColumns)
        return (users, total)
    }

    /// An organisation as the back-office lists it.
    package struct OrganisationEntry: Decodable, Sendable {
        package var id: UUID
        package var kind: OrganisationKind
        package var name: String
        package var structureID: UUID?
        package var territory: String
        package var createdAt: Date
        package var members: Int
        package var admins: Int
        package var verification: OrganisationVerification
    }

    /// Organisations whose name contains `text`, of `kind` when given, by name.
    package static func organisations(matching text: String?, kind: OrganisationKind?, offset: Int, limit: Int,
            on database: any Database) async throws -> (organisations: [OrganisationEntry], total: Int) {
        let sql = database.sql
        var condition = SQLQueryString("1 = 1")
        if let pattern = ContainsPattern.of(text) {
            condition = condition + " AND LOWER(o.name) LIKE \(bind: pattern)"
        }
        if let kind { condition = condition + " AND o.kind = \(bind: kind.rawValue)" }
        struct Count: Decodable { var count: Int }
        let total = try await sql.raw("SELECT COUNT(*) AS count FROM organisations o WHERE \(condition)").first(decoding: Count.self)?.count ?? 0
        let rows = try await sql.raw("""
            SELECT o.id, o.kind, o.name, o.structure_id, o.territory, o.created_at, o.verification,
                   (SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = o.id) AS members,
                   (SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = o.id AND m.role = 'admin') AS admins
            FROM organisations o WHERE \(condition) ORDER BY o.name, o.id LIMIT \(literal: limit) OFFSET \(literal: offset)
            """).all(decoding: OrganisationEntry.self, table: "organisations", keys: .snakeCaseColumns)
        return (rows, total)
    }

    package struct Counts: Sendable {
        package var users: Int
        package var verifiedUsers: Int
        package var organisations: Int
        package var auditEntriesThisWeek: Int
    }

    package static func counts(on database: any Database, now: Date = Date()) async throws -> Counts {
        struct Row: Decodable { var users: Int; var verified: Int; var organisations: Int }
        let row = try await database.sql.raw("""
            SELECT (SELECT COUNT(*) FROM users WHERE deleted_at IS NULL) AS users,
                   (SELECT COUNT(*) FROM users WHERE deleted_at IS NULL AND email_verified_at IS NOT NULL) AS verified,
                   (SELECT COUNT(*) FROM organisations) AS organisations
            """).first(decoding: Row.self, table: "users", keys: .snakeCaseColumns)
        let recent = try await Audit.count(since: now.addingTimeInterval(-7 * 86400), on: database)
        return Counts(users: row?.users ?? 0, verifiedUsers: row?.verified ?? 0, organisations: row?.organisations ?? 0, auditEntriesThisWeek: recent)
    }
}
