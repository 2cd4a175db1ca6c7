import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The organisations newcomers created that wait for the platform team or the territory's
/// steward to verify them, and the decisions on them.
package enum Verifications {
    package struct Waiting: Decodable, Sendable {
        package var id: UUID
        package var kind: OrganisationKind
        package var name: String
        package var siret: String?
        package var communeCode: String?
        package var domain: String?
        package var requestedTerritory: String?
        package var createdAt: Date
        /// The person who created it (its first admin), when the account still exists.
        package var creatorName: String?
        package var creatorEmail: String?

        package func candidate(in gazetteer: Gazetteer) -> VerificationPolicy.Candidate {
            .init(kind: kind, commune: communeCode.flatMap(gazetteer.commune))
        }

        package func requestedPerimeters() throws -> [Perimeter] {
            try Perimeter.storedList(requestedTerritory ?? "", table: "organisations", column: "requested_territory", id: id)
        }
    }

    private static let select = """
        SELECT o.id, o.kind, o.name, o.siret, o.commune_code, o.domain, o.requested_territory, o.created_at,
          (SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = o.id AND m.role = 'admin' ORDER BY m.created_at LIMIT 1) AS creator_name,
          (SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = o.id AND m.role = 'admin' ORDER BY m.created_at LIMIT 1) AS creator_email
        FROM organisations o
        """

    /// Every organisation waiting, oldest first.
    package static func waiting(on database: any Database) async throws -> [Waiting] {
        try await database.sql.raw("\(unsafeRaw: select) WHERE o.verification = \(bind: OrganisationVerification.pending.rawValue) ORDER BY o.created_at, o.name")
            .all(decoding: Waiting.self, table: "organisations", keys: .snakeCaseColumns)
    }

    /// Those `actor` may decide: one reading for the queue and the workspace.
    package static func decidable(by actor: Policy.Actor, request: Request) async throws -> [Waiting] {
        let gazetteer = try request.platform.reference.gazetteer
        return try await waiting(on: request.db).filter { VerificationPolicy.mayDecide($0.candidate(in: gazetteer), actor: actor) == .allowed }
    }

    /// Verifies the organisation (granting the perimeter a facilitator or a steward asked for) or
    /// refuses it; false when it was decided meanwhile. Its members are told by mail.
    package static func decide(_ waiting: Waiting, accept: Bool, reason: String?, by reviewer: SignedInUser, request: Request, now: Date = Date()) async throws -> Bool {
        let territory = accept && waiting.kind.hasTerritory ? try waiting.requestedPerimeters().map(\.token).joined(separator: " ") : nil
        let url = request.platform.config.publicURL + AccountsPaths.workspace.link()
        return try await request.db.retryingTransaction { database in
            var update = database.sql.update("organisations")
                .set("verification", to: SQLBind((accept ? OrganisationVerification.verified : .refused).rawValue))
                .set("verified_at", to: SQLBind(now)).set("verified_by", to: SQLBind(reviewer.email)).set("updated_at", to: SQLBind(now))
            if let territory { update = update.set("territory", to: SQLBind(territory)) }
            let updated = try await update.where("id", .equal, SQLBind(waiting.id))
                .where("verification", .equal, SQLBind(OrganisationVerification.pending.rawValue)).returning("id").all().count
            guard updated == 1 else { return false }
            for member in try await Teams.members(of: waiting.id, on: database) {
                try await Outbox.enqueue(Mails.verificationDecided(to: member.email, name: member.name, organisation: waiting.name, accepted: accept, reason: reason, url: url),
                                         on: database, now: now)
            }
            try await Audit.record(accept ? .organisationVerified : .organisationVerificationRefused, actorID: reviewer.id, actor: reviewer.email,
                                   object: "organisation:\(waiting.id.uuidString.lowercased())",
                                   detail: waiting.name + (territory.map { " — périmètre accordé : \($0)" } ?? "") + (reason.map { " : \($0)" } ?? ""),
                                   address: request.clientAddress, on: database, at: now)
            return true
        }
    }
}

extension Mails {
    package static func verificationDecided(to email: String, name: String, organisation: String, accepted: Bool, reason: String?, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: accepted ? "« \(organisation) » est vérifiée sur Passerelle" : "La vérification de « \(organisation) »",
            greeting: "Bonjour \(name),",
            paragraphs: accepted
                ? ["« \(organisation) » est vérifiée : vous pouvez désormais publier en son nom (besoins d’achat, services qui reçoivent des orientations)."]
                : ["La vérification de « \(organisation) » n’a pas été acceptée."] + (reason.map { ["Motif : \($0)"] } ?? [])
                    + ["Votre compte et vos brouillons restent. Si c’est une erreur, répondez à ce message avec un document qui montre le lien entre vous et l’organisation."],
            link: (label: "Ouvrir mon espace", url: url)
        )
    }
}
