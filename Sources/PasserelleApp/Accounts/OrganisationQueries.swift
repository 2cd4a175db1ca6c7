import Fluent
import Foundation
import PasserelleCore
import SQLKit

/// Reads and writes of organisations and memberships.
enum OrganisationQueries {
    struct Membership: Decodable, Sendable {
        var organisation_id: UUID
        var kind: String
        var name: String
        var structure_id: UUID?
        var territory: String
        var role: String

        var organisationKind: OrganisationKind? { OrganisationKind(rawValue: kind) }
        var membershipRole: MembershipRole? { MembershipRole(rawValue: role) }
    }

    static func create(kind: OrganisationKind, name: String, structure: UUID? = nil, territory: [Perimeter] = [], on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await (database as! any SQLDatabase).insert(into: "organisations")
            .columns("id", "kind", "name", "structure_id", "territory", "created_at", "updated_at")
            .values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(name), SQLBind(structure), SQLBind(territory.map(\.token).joined(separator: " ")), SQLBind(now), SQLBind(now))
            .run()
        return id
    }

    static func addMember(_ user: UUID, to organisation: UUID, role: MembershipRole, on database: any Database, now: Date = Date()) async throws {
        try await (database as! any SQLDatabase).insert(into: "memberships")
            .columns("id", "user_id", "organisation_id", "role", "created_at")
            .values(SQLBind(UUID()), SQLBind(user), SQLBind(organisation), SQLBind(role.rawValue), SQLBind(now))
            .run()
    }

    /// The organisations a user belongs to, by name.
    static func memberships(of user: UUID, on database: any Database) async throws -> [Membership] {
        try await (database as! any SQLDatabase).raw("""
            SELECT m.organisation_id, o.kind, o.name, o.structure_id, o.territory, m.role
            FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.user_id = \(bind: user) ORDER BY o.name
            """).all(decoding: Membership.self)
    }
}
