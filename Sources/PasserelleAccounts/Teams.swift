import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The team of an organisation: its members, the invitations its admins send, the requests to
/// join it. Each change writes its rows, its mail and its audit entry in one transaction.
package enum Teams {
    package struct Organisation: Decodable, Sendable {
        package var id: UUID
        package var kind: OrganisationKind
        package var name: String
        package var structureID: UUID?
    }

    package struct Member: Decodable, Sendable {
        package var userID: UUID
        package var name: String
        package var email: String
        package var role: MembershipRole
        package var createdAt: Date
    }

    package struct Invitation: Decodable, Sendable {
        package var id: UUID
        package var organisationID: UUID
        package var email: String
        package var role: MembershipRole
        package var createdAt: Date
        package var expiresAt: Date
        package var acceptedAt: Date?
        package var revokedAt: Date?

        package func isUsable(at now: Date) -> Bool { acceptedAt == nil && revokedAt == nil && expiresAt > now }
    }

    package struct JoinRequest: Decodable, Sendable {
        package var id: UUID
        package var organisationID: UUID
        package var userID: UUID
        package var userName: String
        package var userEmail: String
        package var message: String
        package var status: TeamRule.RequestStatus
        package var createdAt: Date
    }

    // MARK: Reading

    package static func organisation(_ id: UUID, on database: any Database) async throws -> Organisation? {
        try await database.sql.select().columns("id", "kind", "name", "structure_id").from("organisations")
            .where("id", .equal, SQLBind(id)).first(decoding: Organisation.self, table: "organisations", keys: .snakeCaseColumns)
    }

    package static func organisation(ofStructure structure: UUID, on database: any Database) async throws -> Organisation? {
        try await database.sql.select().columns("id", "kind", "name", "structure_id").from("organisations")
            .where("structure_id", .equal, SQLBind(structure)).first(decoding: Organisation.self, table: "organisations", keys: .snakeCaseColumns)
    }

    package static func members(of organisation: UUID, on database: any Database) async throws -> [Member] {
        try await database.sql.raw("""
            SELECT m.user_id, u.name, u.email, m.role, m.created_at FROM memberships m JOIN users u ON u.id = m.user_id
            WHERE m.organisation_id = \(bind: organisation) ORDER BY m.role, u.name
            """).all(decoding: Member.self, table: "memberships", keys: .snakeCaseColumns)
    }

    /// Invitations neither accepted, revoked nor expired.
    package static func pendingInvitations(of organisation: UUID, on database: any Database, now: Date = Date()) async throws -> [Invitation] {
        try await database.sql.select().columns("id", "organisation_id", "email", "role", "created_at", "expires_at", "accepted_at", "revoked_at")
            .from("invitations").where("organisation_id", .equal, SQLBind(organisation))
            .where("accepted_at", .is, SQLLiteral.null).where("revoked_at", .is, SQLLiteral.null).where("expires_at", .greaterThan, SQLBind(now))
            .orderBy("created_at", .descending).all(decoding: Invitation.self, table: "invitations", keys: .snakeCaseColumns)
    }

    package static func invitation(token: String, on database: any Database) async throws -> Invitation? {
        try await database.sql.select().columns("id", "organisation_id", "email", "role", "created_at", "expires_at", "accepted_at", "revoked_at")
            .from("invitations").where("token_hash", .equal, SQLBind(SecretToken.hash(token)))
            .first(decoding: Invitation.self, table: "invitations", keys: .snakeCaseColumns)
    }

    package static func joinRequests(of organisation: UUID?, status: TeamRule.RequestStatus = .pending, on database: any Database) async throws -> [JoinRequest] {
        let condition: SQLQueryString = organisation.map { "AND r.organisation_id = \(bind: $0)" } ?? ""
        return try await database.sql.raw("""
            SELECT r.id, r.organisation_id, r.user_id, u.name AS user_name, u.email AS user_email, r.message, r.status, r.created_at
            FROM join_requests r JOIN users u ON u.id = r.user_id
            WHERE r.status = \(bind: status.rawValue) \(condition) ORDER BY r.created_at
            """).all(decoding: JoinRequest.self, table: "join_requests", keys: .snakeCaseColumns)
    }

    package struct WaitingRequest: Sendable {
        package var organisationName: String
        package var structureID: UUID?
        package var communeCode: String?
        package var userName: String
        package var createdAt: Date
    }

    /// Every pending request to join a team, oldest first, with where its structure lies: the
    /// back-office shows stewards which teams leave requests unanswered.
    package static func waitingRequests(on database: any Database) async throws -> [WaitingRequest] {
        struct Row: Decodable { var organisationName: String; var structureID: UUID?; var userName: String; var createdAt: Date }
        let rows = try await database.sql.raw("""
            SELECT o.name AS organisation_name, o.structure_id, u.name AS user_name, r.created_at
            FROM join_requests r JOIN organisations o ON o.id = r.organisation_id JOIN users u ON u.id = r.user_id
            WHERE r.status = \(bind: TeamRule.RequestStatus.pending.rawValue) ORDER BY r.created_at
            """).all(decoding: Row.self, table: "join_requests", keys: .snakeCaseColumns)
        let structures = try await DirectoryQueries.summaries(of: rows.compactMap(\.structureID), on: database)
        return rows.map {
            WaitingRequest(organisationName: $0.organisationName, structureID: $0.structureID,
                           communeCode: $0.structureID.flatMap { structures[$0]?.communeCode }, userName: $0.userName, createdAt: $0.createdAt)
        }
    }

    /// The organisations with requests to join waiting and no admin to answer them (partners
    /// known from an import): the platform team answers, oldest first.
    package static func requestsWithoutAdmin(on database: any Database) async throws -> [UUID] {
        try await database.sql.raw("""
            SELECT r.organisation_id FROM join_requests r
            WHERE r.status = \(bind: TeamRule.RequestStatus.pending.rawValue)
              AND NOT EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = r.organisation_id AND m.role = 'admin')
            ORDER BY r.created_at
            """).all(decodingColumn: "organisation_id", as: UUID.self)
    }

    package static func hasPendingRequest(user: UUID, organisation: UUID, on database: any Database) async throws -> Bool {
        try await database.sql.select().column("id").from("join_requests")
            .where("user_id", .equal, SQLBind(user)).where("organisation_id", .equal, SQLBind(organisation))
            .where("status", .equal, SQLBind(TeamRule.RequestStatus.pending.rawValue)).first() != nil
    }

    private static func role(of user: UUID, in organisation: UUID, on database: any Database) async throws -> MembershipRole? {
        struct Row: Decodable { var role: MembershipRole }
        return try await database.sql.select().column("role").from("memberships")
            .where("user_id", .equal, SQLBind(user)).where("organisation_id", .equal, SQLBind(organisation))
            .first(decoding: Row.self, table: "memberships", keys: .snakeCaseColumns)?.role
    }

    private static func adminCount(of organisation: UUID, on database: any Database) async throws -> Int {
        try await members(of: organisation, on: database).filter { $0.role == .admin }.count
    }

    /// The requests a user made, for the download of their data.
    package static func requests(of user: UUID, on database: any Database) async throws -> [JoinRequest] {
        try await database.sql.raw("""
            SELECT r.id, r.organisation_id, r.user_id, u.name AS user_name, u.email AS user_email, r.message, r.status, r.created_at
            FROM join_requests r JOIN users u ON u.id = r.user_id WHERE r.user_id = \(bind: user) ORDER BY r.created_at
            """).all(decoding: JoinRequest.self, table: "join_requests", keys: .snakeCaseColumns)
    }

    /// A deleted account's requests (their messages are the person's words) and the invitations
    /// sent to its address go with it.
    package static func forget(_ user: UUID, email: String, on database: any Database) async throws {
        let sql = database.sql
        try await sql.delete(from: "join_requests").where("user_id", .equal, SQLBind(user)).run()
        try await sql.delete(from: "invitations").where("email", .equal, SQLBind(email)).run()
    }

    // MARK: Invitations

    package enum InvitationOutcome {
        case sent
        case alreadyMember
    }

    package static func invite(_ email: EmailAddress, role: MembershipRole, to organisation: Organisation, by user: SignedInUser, request: Request,
            now: Date = Date()) async throws -> InvitationOutcome {
        let token = SecretToken.generate()
        return try await request.db.retryingTransaction { database in
            let sql = database.sql
            if try await sql.raw("""
                SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id
                WHERE m.organisation_id = \(bind: organisation.id) AND u.email = \(bind: email.value)
                """).first() != nil {
                return .alreadyMember
            }
            // A new invitation replaces an earlier one to the same address.
            try await sql.update("invitations").set("revoked_at", to: SQLBind(now))
                .where("organisation_id", .equal, SQLBind(organisation.id)).where("email", .equal, SQLBind(email.value))
                .where("accepted_at", .is, SQLLiteral.null).where("revoked_at", .is, SQLLiteral.null).run()
            let id = UUID()
            try await sql.insert(into: "invitations")
                .columns("id", "organisation_id", "email", "role", "token_hash", "invited_by", "created_at", "expires_at")
                .values(SQLBind(id), SQLBind(organisation.id), SQLBind(email.value), SQLBind(role.rawValue), SQLBind(SecretToken.hash(token)),
                        SQLBind(user.id), SQLBind(now), SQLBind(now.addingTimeInterval(TeamRule.invitationLifetime)))
                .run()
            let url = request.platform.config.publicURL + AccountsPaths.invitation.link(query: [("jeton", token)])
            try await Outbox.enqueue(Mails.invitation(to: email.value, from: user.name, organisation: organisation.name, role: role, url: url), on: database, now: now)
            try await Audit.record(.memberInvited, actorID: user.id, actor: user.email, object: "organisation:\(organisation.id.uuidString.lowercased())",
                                   detail: "\(email.value) (\(role.label)) dans \(organisation.name)", address: request.clientAddress, on: database, at: now)
            return .sent
        }
    }

    package static func revokeInvitation(_ id: UUID, of organisation: Organisation, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> Bool {
        try await request.db.retryingTransaction { database in
            let revoked = try await database.sql.update("invitations").set("revoked_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(id)).where("organisation_id", .equal, SQLBind(organisation.id))
                .where("accepted_at", .is, SQLLiteral.null).where("revoked_at", .is, SQLLiteral.null)
                .returning("email").all().first?.decode(column: "email", as: String.self)
            guard let email = revoked else { return false }
            try await Audit.record(.invitationRevoked, actorID: user.id, actor: user.email, object: "organisation:\(organisation.id.uuidString.lowercased())",
                                   detail: "\(email) dans \(organisation.name)", address: request.clientAddress, on: database, at: now)
            return true
        }
    }

    package enum AcceptOutcome {
        case joined(Organisation)
        case unusable
        case otherAddress(String)
    }

    /// The signed-in user joins the team the invitation is for, when it was sent to their address.
    package static func accept(token: String, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> AcceptOutcome {
        try await request.db.retryingTransaction { database in
            guard let invitation = try await invitation(token: token, on: database), invitation.isUsable(at: now),
                  let organisation = try await organisation(invitation.organisationID, on: database) else { return .unusable }
            guard TeamRule.mayAccept(invited: invitation.email, signedInAs: user.email) else { return .otherAddress(invitation.email) }
            let sql = database.sql
            let claimed = try await sql.update("invitations").set("accepted_at", to: SQLBind(now))
                .where("id", .equal, SQLBind(invitation.id)).where("accepted_at", .is, SQLLiteral.null).returning("id").all().count
            guard claimed == 1 else { return .unusable }
            if try await role(of: user.id, in: organisation.id, on: database) == nil {
                try await OrganisationQueries.addMember(user.id, to: organisation.id, role: invitation.role, on: database, now: now)
            }
            try await Audit.record(.invitationAccepted, actorID: user.id, actor: user.email, object: "organisation:\(organisation.id.uuidString.lowercased())",
                                   detail: "\(organisation.name) (\(invitation.role.rawValue))", address: request.clientAddress, on: database, at: now)
            return .joined(organisation)
        }
    }

    // MARK: Join requests

    package static func requestJoin(_ organisation: Organisation, by user: SignedInUser, message: String, request: Request, now: Date = Date()) async throws {
        try await request.db.retryingTransaction { database in
            try await database.sql.insert(into: "join_requests")
                .columns("id", "organisation_id", "user_id", "message", "status", "created_at")
                .values(SQLBind(UUID()), SQLBind(organisation.id), SQLBind(user.id), SQLBind(message), SQLBind(TeamRule.RequestStatus.pending.rawValue), SQLBind(now))
                .run()
            let url = request.platform.config.publicURL + AccountsPaths.team.link(organisation.id)
            for admin in try await members(of: organisation.id, on: database) where admin.role == .admin {
                try await Outbox.enqueue(Mails.joinRequested(to: admin.email, name: admin.name, requester: user.name, organisation: organisation.name, message: message, url: url), on: database, now: now)
            }
            try await Audit.record(.joinRequested, actorID: user.id, actor: user.email, object: "organisation:\(organisation.id.uuidString.lowercased())",
                                   detail: organisation.name, address: request.clientAddress, on: database, at: now)
        }
    }

    /// Accepts or refuses a pending request of `organisation`; false when it was decided already.
    package static func decide(_ id: UUID, of organisation: Organisation, accept: Bool, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> Bool {
        try await request.db.retryingTransaction { database in
            guard let pending = try await joinRequests(of: organisation.id, on: database).first(where: { $0.id == id }) else { return false }
            let status: TeamRule.RequestStatus = accept ? .accepted : .refused
            let updated = try await database.sql.update("join_requests")
                .set("status", to: SQLBind(status.rawValue)).set("decided_at", to: SQLBind(now)).set("decided_by", to: SQLBind(user.email))
                .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(TeamRule.RequestStatus.pending.rawValue))
                .returning("id").all().count
            guard updated == 1 else { return false }
            if accept, try await role(of: pending.userID, in: organisation.id, on: database) == nil {
                // The first person let into a team without admin (a partner known from an import) runs it.
                let role: MembershipRole = try await adminCount(of: organisation.id, on: database) == 0 ? .admin : .member
                try await OrganisationQueries.addMember(pending.userID, to: organisation.id, role: role, on: database, now: now)
            }
            try await Outbox.enqueue(Mails.joinDecided(to: pending.userEmail, name: pending.userName, organisation: organisation.name, accepted: accept,
                                                       url: request.platform.config.publicURL + AccountsPaths.account.link()), on: database, now: now)
            try await Audit.record(accept ? .joinAccepted : .joinRefused, actorID: user.id, actor: user.email, object: "organisation:\(organisation.id.uuidString.lowercased())",
                                   detail: "\(pending.userEmail) dans \(organisation.name)", address: request.clientAddress, on: database, at: now)
            return true
        }
    }

    // MARK: Roles

    package enum RoleOutcome: Equatable {
        case done
        case notMember
        /// The team would be left without an admin.
        case lastAdmin
    }

    /// Gives `member` the role `role`, or removes them from the team when `role` is nil.
    package static func setRole(_ role: MembershipRole?, of member: UUID, in organisation: Organisation, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> RoleOutcome {
        try await request.db.retryingTransaction { database in
            guard let current = try await Self.role(of: member, in: organisation.id, on: database) else { return .notMember }
            if role != .admin, !TeamRule.mayLoseAdmin(role: current, admins: try await adminCount(of: organisation.id, on: database)) { return .lastAdmin }
            let sql = database.sql
            let target = try await AccountQueries.account(id: member, on: database)
            if let role {
                try await sql.update("memberships").set("role", to: SQLBind(role.rawValue))
                    .where("user_id", .equal, SQLBind(member)).where("organisation_id", .equal, SQLBind(organisation.id)).run()
            } else {
                try await sql.delete(from: "memberships").where("user_id", .equal, SQLBind(member)).where("organisation_id", .equal, SQLBind(organisation.id)).run()
            }
            try await Audit.record(role == nil ? .memberRemoved : .roleChanged, actorID: user.id, actor: user.email, object: "organisation:\(organisation.id.uuidString.lowercased())",
                                   detail: "\(target?.email ?? member.uuidString) dans \(organisation.name)" + (role.map { " : \($0.label)" } ?? ""),
                                   address: request.clientAddress, on: database, at: now)
            return .done
        }
    }
}

extension Mails {
    package static func invitation(to email: String, from inviter: String, organisation: String, role: MembershipRole, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: "Invitation à rejoindre « \(organisation) » sur Passerelle", greeting: "Bonjour,",
            paragraphs: [
                "\(inviter) vous invite à rejoindre l’équipe de « \(organisation) » sur Passerelle, comme \(role.label).",
                "Le lien ci-dessous est valable 7 jours. Connectez-vous (ou créez votre compte) avec cette adresse, \(email), pour accepter.",
                "Si vous ne connaissez pas cette organisation, ignorez ce message.",
            ],
            link: (label: "Rejoindre l’équipe", url: url)
        )
    }

    package static func joinRequested(to email: String, name: String, requester: String, organisation: String, message: String, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: "\(requester) demande à rejoindre « \(organisation) »", greeting: "Bonjour \(name),",
            paragraphs: ["\(requester) demande à rejoindre l’équipe de « \(organisation) » sur Passerelle."]
                + (message.isEmpty ? [] : ["Son message : \(message)"])
                + ["Acceptez ou refusez la demande depuis la page de l’équipe."],
            link: (label: "Ouvrir la page de l’équipe", url: url)
        )
    }

    package static func joinDecided(to email: String, name: String, organisation: String, accepted: Bool, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: accepted ? "Vous avez rejoint « \(organisation) »" : "Votre demande pour « \(organisation) »", greeting: "Bonjour \(name),",
            paragraphs: [accepted
                ? "Votre demande est acceptée : vous faites désormais partie de l’équipe de « \(organisation) » sur Passerelle."
                : "Les administrateurs de « \(organisation) » n’ont pas accepté votre demande. Si c’est une erreur, contactez-les directement."],
            link: (label: "Ouvrir mon compte", url: url)
        )
    }
}
