import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// Reads and writes of claims.
package enum ClaimQueries {
    package struct Listed: Decodable, Sendable {
        package var id: UUID
        package var structureID: UUID
        /// The structure's name and commune, which the directory gives (`listed` fills them in).
        package var structureName = ""
        package var communeCode: String?
        package var userID: UUID
        package var userName: String
        package var userEmail: String
        package var status: ClaimRule.Status
        package var message: String
        package var createdAt: Date

        private enum CodingKeys: String, CodingKey {
            case id, structureID, userID, userName, userEmail, status, message, createdAt
        }
    }

    private static let select = """
        SELECT c.id, c.structure_id, c.user_id, u.name AS user_name, u.email AS user_email, c.status, c.message, c.created_at
        FROM claims c JOIN users u ON u.id = c.user_id
        """

    /// The claims of these rows, with their structures' names and communes.
    private static func listed(_ rows: [Listed], on database: any Database) async throws -> [Listed] {
        let structures = try await DirectoryQueries.summaries(of: rows.map(\.structureID), on: database)
        return rows.compactMap { row in
            structures[row.structureID].map {
                var listed = row
                listed.structureName = $0.name
                listed.communeCode = $0.communeCode
                return listed
            }
        }
    }

    package static func pending(on database: any Database) async throws -> [Listed] {
        try await listed(database.sql.raw("\(unsafeRaw: select) WHERE c.status = \(bind: ClaimRule.Status.pending.rawValue) ORDER BY c.created_at")
            .all(decoding: Listed.self, table: "claims", keys: .snakeCaseColumns), on: database)
    }

    package static func find(_ id: UUID, on database: any Database) async throws -> Listed? {
        guard let row = try await database.sql.raw("\(unsafeRaw: select) WHERE c.id = \(bind: id)").first(decoding: Listed.self, table: "claims", keys: .snakeCaseColumns) else { return nil }
        return try await listed([row], on: database).first
    }

    package static func hasPending(user: UUID, structure: UUID, on database: any Database) async throws -> Bool {
        try await database.sql.select().column("id").from("claims").where("user_id", .equal, SQLBind(user))
            .where("structure_id", .equal, SQLBind(structure)).where("status", .equal, SQLBind(ClaimRule.Status.pending.rawValue)).first() != nil
    }

    package static func create(structure: UUID, user: UUID, status: ClaimRule.Status, message: String, decidedBy: String?, on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await database.sql.insert(into: "claims")
            .columns("id", "structure_id", "user_id", "status", "message", "created_at", "decided_at", "decided_by")
            .values(SQLBind(id), SQLBind(structure), SQLBind(user), SQLBind(status.rawValue), SQLBind(message), SQLBind(now),
                    SQLBind(decidedBy == nil ? nil : now), SQLBind(decidedBy))
            .run()
        return id
    }

    /// Records the decision on a pending claim; false when it was decided meanwhile.
    package static func decide(_ id: UUID, status: ClaimRule.Status, by reviewer: String, reason: String?, on database: any Database, now: Date = Date()) async throws -> Bool {
        try await database.sql.update("claims").set("status", to: SQLBind(status.rawValue)).set("decided_at", to: SQLBind(now))
            .set("decided_by", to: SQLBind(reviewer)).set("decision_reason", to: SQLBind(reason))
            .where("id", .equal, SQLBind(id)).where("status", .equal, SQLBind(ClaimRule.Status.pending.rawValue))
            .returning("id").all().count == 1
    }
}

/// Asking to manage a structure's profile, and deciding on it.
package enum ClaimFlows {
    package enum Outcome: Equatable {
        /// The user now administers the structure's organisation.
        case accepted
        case pending
        case alreadyManaged
        case alreadyPending
    }

    package static func claim(_ structure: Structure, by user: SignedInUser, message: String, request: Request) async throws -> Outcome {
        if try await OrganisationQueries.manages(user.id, structure: structure.id, on: request.db) { return .alreadyManaged }
        if try await ClaimQueries.hasPending(user: user.id, structure: structure.id, on: request.db) { return .alreadyPending }
        let automatic = EmailAddress(user.email).map { ClaimRule.isAutomatic(claimant: $0, website: structure.website, structureEmail: structure.email) } ?? false
        let object = "structure:\(structure.id.uuidString.lowercased())"
        try await request.db.retryingTransaction { database in
            if automatic {
                _ = try await ClaimQueries.create(structure: structure.id, user: user.id, status: .accepted, message: message, decidedBy: "automatique (domaine de l’adresse)", on: database)
                try await grant(structure: structure.id, name: structure.name, to: user.id, on: database)
                try await Audit.record(.claimAccepted, actorID: user.id, actor: user.email, object: object, detail: "automatiquement : l’adresse est du domaine de la structure", address: request.clientAddress, on: database)
            } else {
                _ = try await ClaimQueries.create(structure: structure.id, user: user.id, status: .pending, message: message, decidedBy: nil, on: database)
                try await Audit.record(.claimRequested, actorID: user.id, actor: user.email, object: object, detail: structure.name, address: request.clientAddress, on: database)
            }
        }
        return automatic ? .accepted : .pending
    }

    /// Accepts or refuses a pending claim; false when it is no longer pending. The claimant is told
    /// by mail.
    package static func decide(_ claim: ClaimQueries.Listed, accept: Bool, reason: String?, reviewer: SignedInUser, request: Request) async throws -> Bool {
        let object = "structure:\(claim.structureID.uuidString.lowercased())"
        let loginURL = request.platform.config.publicURL + Links.login(next: Links.structure(claim.structureID))
        return try await request.db.retryingTransaction { database in
            guard try await ClaimQueries.decide(claim.id, status: accept ? .accepted : .refused, by: reviewer.email, reason: reason, on: database) else { return false }
            if accept {
                try await grant(structure: claim.structureID, name: claim.structureName, to: claim.userID, on: database)
            }
            try await Outbox.enqueue(Mails.claimDecided(to: claim.userEmail, name: claim.userName, structure: claim.structureName, accepted: accept, reason: reason, url: loginURL), on: database)
            try await Audit.record(accept ? .claimAccepted : .claimRefused, actorID: reviewer.id, actor: reviewer.email, object: object,
                                   detail: "\(claim.userEmail) pour \(claim.structureName)" + (reason.map { " : \($0)" } ?? ""), address: request.clientAddress, on: database)
            return true
        }
    }

    /// Makes `user` an administrator of the structure's organisation.
    private static func grant(structure: UUID, name: String, to user: UUID, on database: any Database) async throws {
        let organisation = try await OrganisationQueries.organisation(ofStructure: structure, name: name, on: database)
        if try await !OrganisationQueries.isMember(user, of: organisation, on: database) {
            try await OrganisationQueries.addMember(user, to: organisation, role: .admin, on: database)
        }
    }
}

extension Mails {
    package static func claimDecided(to email: String, name: String, structure: String, accepted: Bool, reason: String?, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: accepted ? "Vous gérez la fiche « \(structure) » sur Passerelle" : "Votre demande pour la fiche « \(structure) »",
            greeting: "Bonjour \(name),",
            paragraphs: accepted
                ? ["Votre demande est acceptée : vous administrez désormais la fiche « \(structure) » de l’annuaire."]
                : ["Votre demande de gestion de la fiche « \(structure) » n’a pas été acceptée."] + (reason.map { ["Motif : \($0)"] } ?? [])
                    + ["Si vous travaillez bien dans cette structure, demandez à une personne qui la gère déjà de vous inviter, ou écrivez depuis une adresse du domaine de la structure."],
            link: (label: "Ouvrir la fiche", url: url)
        )
    }
}

extension ReviewDecision {
    /// The decision of a back-office form, or the page's refusal: 400 for a forged value, 422 for
    /// a missing or too long reason.
    package static func read(_ form: SubmittedForm, accept: String, toldTo: String) throws -> ReviewDecision {
        switch read(decision: form["decision"], reason: form["reason"], accept: accept, toldTo: toldTo) {
        case .success(let decision): return decision
        case .failure(let problem):
            if case .unknown = problem { throw Abort(.badRequest, reason: problem.message) }
            throw Abort(.unprocessableEntity, reason: problem.message)
        }
    }
}
