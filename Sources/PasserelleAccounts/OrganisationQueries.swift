import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// Reads and writes of organisations and memberships.
package enum OrganisationQueries {
    /// A user's place in an organisation.
    package struct Membership: Decodable, Sendable {
        package var organisationID: UUID
        package var kind: OrganisationKind
        package var name: String
        package var structureID: UUID?
        /// The perimeters it covers, as `Perimeter` tokens separated by spaces.
        package var territory: String
        package var role: MembershipRole
        package var verification: OrganisationVerification

        /// The perimeters of `territory`; one that no longer reads is a fault, not a smaller territory.
        package func perimeters() throws -> [Perimeter] {
            try Perimeter.storedList(territory, table: "organisations", column: "territory", id: organisationID)
        }
    }

    /// What public pages say of an organisation: its name, SIRET, commune and verification.
    package struct Identity: Decodable, Sendable, Equatable {
        package var id: UUID
        package var kind: OrganisationKind
        package var name: String
        package var structureId: UUID?
        package var siret: String?
        package var communeCode: String?
        package var verification: OrganisationVerification
    }

    package static func identities(of organisations: [UUID], on database: any Database) async throws -> [UUID: Identity] {
        guard !organisations.isEmpty else { return [:] }
        let rows = try await database.sql.select().columns("id", "kind", "name", "structure_id", "siret", "commune_code", "verification").from("organisations")
            .where("id", .in, SQLBind.group(organisations)).all(decoding: Identity.self, table: "organisations", keys: .snakeCaseColumns)
        return Dictionary(rows.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    package static func create(kind: OrganisationKind, name: String, structure: UUID? = nil, territory: [Perimeter] = [], siret: String? = nil, communeCode: String? = nil,
                               on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await database.sql.insert(into: "organisations")
            .columns("id", "kind", "name", "structure_id", "territory", "siret", "commune_code", "created_at", "updated_at")
            .values(SQLBind(id), SQLBind(kind.rawValue), SQLBind(name), SQLBind(structure), SQLBind(territory.map(\.token).joined(separator: " ")),
                    SQLBind(siret), SQLBind(communeCode), SQLBind(now), SQLBind(now))
            .run()
        return id
    }

    /// A partner organisation imported from a data·inclusion file.
    package struct Imported: Decodable, Sendable {
        package var id: UUID
        package var name: String
        package var source: String
        package var sourceID: String

        /// Its key: its source and its id there (two sources may use the same ids).
        package var key: String { Self.key(source: source, id: sourceID) }
        package static func key(source: String, id: String) -> String { source + "|" + id }
    }

    /// The imported partner organisations, by `Imported.key`.
    package static func imported(on database: any Database) async throws -> [String: Imported] {
        let rows = try await database.sql.select().columns("id", "name", "source", "source_id").from("organisations")
            .where("source", .isNot, SQLLiteral.null).where("source_id", .isNot, SQLLiteral.null).all(decoding: Imported.self, table: "organisations", keys: .snakeCaseColumns)
        return Dictionary(rows.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Creates or updates the partner organisations of an import, in the caller's transaction;
    /// an organisation that the file describes as before is left alone.
    package static func savePartners(_ partners: [PartnerRecord], on database: any Database, now: Date = Date()) async throws -> (created: Int, updated: Int, unchanged: Int) {
        struct Row: Decodable { var id: UUID; var name: String; var siret: String?; var communeCode: String? }
        let sql = database.sql
        var counts = (created: 0, updated: 0, unchanged: 0)
        for partner in partners {
            if let row = try await sql.select().columns("id", "name", "siret", "commune_code").from("organisations")
                .where("source", .equal, SQLBind(partner.source)).where("source_id", .equal, SQLBind(partner.sourceId)).first(decoding: Row.self, table: "organisations", keys: .snakeCaseColumns) {
                guard row.name != partner.name || row.siret != partner.siret || row.communeCode != partner.communeCode else { counts.unchanged += 1; continue }
                try await sql.update("organisations").set("name", to: SQLBind(partner.name)).set("siret", to: SQLBind(partner.siret))
                    .set("commune_code", to: SQLBind(partner.communeCode)).set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(row.id)).run()
                counts.updated += 1
            } else {
                try await sql.insert(into: "organisations")
                    .columns("id", "kind", "name", "territory", "source", "source_id", "siret", "commune_code", "created_at", "updated_at")
                    .values(SQLBind(UUID()), SQLBind(OrganisationKind.partner.rawValue), SQLBind(partner.name), SQLBind(""), SQLBind(partner.source),
                            SQLBind(partner.sourceId), SQLBind(partner.siret), SQLBind(partner.communeCode), SQLBind(now), SQLBind(now))
                    .run()
                counts.created += 1
            }
        }
        return counts
    }

    package static func addMember(_ user: UUID, to organisation: UUID, role: MembershipRole, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.insert(into: "memberships")
            .columns("id", "user_id", "organisation_id", "role", "created_at")
            .values(SQLBind(UUID()), SQLBind(user), SQLBind(organisation), SQLBind(role.rawValue), SQLBind(now))
            .run()
    }

    /// The organisation of a directory structure, created on first need.
    package static func organisation(ofStructure structure: UUID, name: String, on database: any Database) async throws -> UUID {
        struct Row: Decodable { var id: UUID }
        if let row = try await database.sql.select().column("id").from("organisations")
            .where("structure_id", .equal, SQLBind(structure)).first(decoding: Row.self, table: "organisations", keys: .snakeCaseColumns) {
            return row.id
        }
        return try await create(kind: .structure, name: name, structure: structure, on: database)
    }

    package static func isMember(_ user: UUID, of organisation: UUID, on database: any Database) async throws -> Bool {
        try await database.sql.select().column("id").from("memberships")
            .where("user_id", .equal, SQLBind(user)).where("organisation_id", .equal, SQLBind(organisation)).first() != nil
    }

    /// Whether `user` belongs to the organisation of the directory structure `structure`.
    package static func manages(_ user: UUID, structure: UUID, on database: any Database) async throws -> Bool {
        try await database.sql.raw("""
            SELECT m.id FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.user_id = \(bind: user) AND o.structure_id = \(bind: structure)
            """).first() != nil
    }

    package static func verification(of organisation: UUID, on database: any Database) async throws -> OrganisationVerification? {
        try await OrganisationVerification.stored(
            database.sql.select().column("verification").from("organisations").where("id", .equal, SQLBind(organisation)).first(decodingColumn: "verification", as: String.self),
            table: "organisations", column: "verification", id: organisation)
    }

    package static func name(of organisation: UUID, on database: any Database) async throws -> String? {
        try await database.sql.select().column("name").from("organisations").where("id", .equal, SQLBind(organisation))
            .first(decodingColumn: "name", as: String.self)
    }

    /// The names of organisations, for the modules that show who did what (a list of needs, of
    /// referrals): one query for a whole page.
    package static func names(of organisations: [UUID], on database: any Database) async throws -> [UUID: String] {
        let ids = Array(Set(organisations))
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var id: UUID; var name: String }
        return try await database.sql.select().columns("id", "name").from("organisations").where("id", .in, SQLBind.group(ids))
            .all(decoding: Row.self, table: "organisations", keys: .snakeCaseColumns).reduce(into: [:]) { $0[$1.id] = $1.name }
    }

    /// The directory structures that a team runs on the platform.
    package static func structuresWithTeam(on database: any Database) async throws -> Set<UUID> {
        Set(try await database.sql.select().column("structure_id").from("organisations").where("structure_id", .isNot, SQLLiteral.null)
            .all(decodingColumn: "structure_id", as: UUID.self))
    }

    /// The organisation of this kind and name, if one exists.
    package static func find(kind: OrganisationKind, name: String, on database: any Database) async throws -> UUID? {
        try await database.sql.select().column("id").from("organisations").where("kind", .equal, SQLBind(kind.rawValue))
            .where("name", .equal, SQLBind(name)).first(decodingColumn: "id", as: UUID.self)
    }

    /// One team per structure, all of the same name and administered by the same account (the
    /// benchmarks'), in two statements.
    package static func createTeams(ofStructures structures: [UUID], named name: String, admin: UUID, on database: any Database, now: Date = Date()) async throws {
        guard !structures.isEmpty else { return }
        let sql = database.sql
        var organisations = sql.insert(into: "organisations").columns("id", "kind", "name", "structure_id", "territory", "created_at", "updated_at")
        var memberships = sql.insert(into: "memberships").columns("id", "user_id", "organisation_id", "role", "created_at")
        for structure in structures {
            let id = UUID()
            organisations = organisations.values(SQLBind(id), SQLBind(OrganisationKind.structure.rawValue), SQLBind(name), SQLBind(structure), SQLBind(""), SQLBind(now), SQLBind(now))
            memberships = memberships.values(SQLBind(UUID()), SQLBind(admin), SQLBind(id), SQLBind(MembershipRole.admin.rawValue), SQLBind(now))
        }
        try await organisations.run()
        try await memberships.run()
    }

    /// The first organisation of this kind whose name ends with `suffix`, by name (the demo's).
    package static func first(kind: OrganisationKind, nameEndingWith suffix: String, on database: any Database) async throws -> UUID? {
        try await database.sql.select().column("id").from("organisations")
            .where("kind", .equal, SQLBind(kind.rawValue)).where("name", .like, SQLBind("%" + suffix)).orderBy("name")
            .first(decodingColumn: "id", as: UUID.self)
    }

    /// The names of the organisations each of these people belongs to, by name.
    package static func organisationNames(ofMembers users: [UUID], on database: any Database) async throws -> [UUID: [String]] {
        let ids = Array(Set(users))
        guard !ids.isEmpty else { return [:] }
        struct Row: Decodable { var userID: UUID; var name: String }
        let rows = try await database.sql.raw("""
            SELECT m.user_id AS user_id, o.name AS name FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.user_id IN (\(binds: ids)) ORDER BY o.name
            """).all(decoding: Row.self, table: "memberships", keys: .snakeCaseColumns)
        return Dictionary(grouping: rows, by: \.userID).mapValues { $0.map(\.name) }
    }

    // MARK: Purchasing's settings of an organisation (stored with it since migration 0014)

    /// Whether the platform team trusts the buyer to publish without moderation.
    package static func isTrustedBuyer(_ organisation: UUID, on database: any Database) async throws -> Bool {
        try await database.sql.select().column("trusted_buyer").from("organisations")
            .where("id", .equal, SQLBind(organisation)).first(decodingColumn: "trusted_buyer", as: Bool.self) ?? false
    }

    package static func trustBuyer(_ organisation: UUID, on database: any Database) async throws {
        try await database.sql.update("organisations").set("trusted_buyer", to: SQLBind(true)).where("id", .equal, SQLBind(organisation)).run()
    }

    /// How the team of a directory structure wants its opportunities mailed (its token), if it has a team.
    package static func opportunityMail(ofStructure structure: UUID, on database: any Database) async throws -> String? {
        try await database.sql.select().column("opportunity_mail").from("organisations")
            .where("structure_id", .equal, SQLBind(structure)).first(decodingColumn: "opportunity_mail", as: String.self)
    }

    package static func setOpportunityMail(_ token: String, ofStructure structure: UUID, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("organisations").set("opportunity_mail", to: SQLBind(token))
            .set("updated_at", to: SQLBind(now)).where("structure_id", .equal, SQLBind(structure)).run()
    }

    /// The directory structures run by a team with at least one member that wants its
    /// opportunities mailed this way.
    package static func structures(withOpportunityMail token: String, on database: any Database) async throws -> [UUID] {
        try await database.sql.raw("""
            SELECT o.structure_id AS structure_id FROM organisations o
            WHERE o.structure_id IS NOT NULL AND o.opportunity_mail = \(bind: token)
              AND EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id)
            ORDER BY o.structure_id
            """).all(decodingColumn: "structure_id", as: UUID.self)
    }

    /// The organisations a user belongs to, by name.
    package static func memberships(of user: UUID, on database: any Database) async throws -> [Membership] {
        try await database.sql.raw("""
            SELECT m.organisation_id, o.kind, o.name, o.structure_id, o.territory, m.role, o.verification
            FROM memberships m JOIN organisations o ON o.id = m.organisation_id
            WHERE m.user_id = \(bind: user) ORDER BY o.name
            """).all(decoding: Membership.self, table: "memberships", keys: .snakeCaseColumns)
    }

    package struct Member: Decodable, Sendable {
        package var id: UUID
        package var email: String
        package var name: String
    }

    /// The people of the directory structure `structure`'s organisation (deleted accounts left out).
    package static func members(ofStructure structure: UUID, on database: any Database) async throws -> [Member] {
        try await database.sql.raw("""
            SELECT u.id, u.email, u.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id JOIN users u ON u.id = m.user_id
            WHERE o.structure_id = \(bind: structure) AND u.deleted_at IS NULL ORDER BY u.email
            """).all(decoding: Member.self)
    }
}
