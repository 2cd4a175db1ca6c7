import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// Hiding a profile from the directory and restoring it, by the platform team or a steward of the
/// structure's territory (the policy decides before). The hidden profile leaves searches, the API
/// and exports; its members still see it, with the reason, and are told by mail.
package enum ProfileModeration {
    /// False when the structure was already in the state asked for.
    package static func setHidden(_ hidden: Bool, structure: Structure, reason: String?, by user: SignedInUser, request: Request, now: Date = Date()) async throws -> Bool {
        let changed: Bool = try await request.db.retryingTransaction { database in
            let sql = database.sql
            let updated = try await sql.update("structures")
                .set("hidden_at", to: hidden ? SQLBind(now) : SQLBind(Date?.none))
                .set("hidden_reason", to: SQLBind(hidden ? reason : nil))
                .where("id", .equal, SQLBind(structure.id))
                .where("hidden_at", hidden ? .is : .isNot, SQLLiteral.null)
                .returning("id").all().count
            guard updated == 1 else { return false }
            let summary = hidden ? "fiche masquée : \(reason ?? "")" : "fiche rétablie"
            try await DirectoryQueries.recordChange(of: structure.id, actor: "Modération", user: user.id, action: hidden ? "hidden" : "restored", summary: summary, on: sql, at: now)
            try await Audit.record(hidden ? .profileHidden : .profileRestored, actorID: user.id, actor: user.email, object: "structure:\(structure.id.uuidString.lowercased())",
                                   detail: "\(structure.name)" + (reason.map { " : \($0)" } ?? ""), address: request.clientAddress, on: database, at: now)
            let url = request.platform.config.publicURL + Links.structure(structure.id)
            for member in try await request.application.directoryParticipants.members(structure.id, database) {
                try await Outbox.enqueue(DirectoryMails.profileModerated(to: member.email, name: member.name, structure: structure.name, hidden: hidden, reason: reason, url: url),
                    on: database, now: now)
            }
            _ = try await PlatformState.increment(DirectoryQueries.revisionKey, on: database)
            return true
        }
        if changed {
            try await request.directoryIndexCache.rebuild(on: request.db, reference: try request.platform.reference, logger: request.logger)
        }
        return changed
    }
}

/// The directory's mails.
package enum DirectoryMails {
    package static func profileModerated(to email: String, name: String, structure: String, hidden: Bool, reason: String?, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: hidden ? "La fiche « \(structure) » est masquée de l’annuaire" : "La fiche « \(structure) » est de nouveau visible",
            greeting: "Bonjour \(name),",
            paragraphs: hidden
                ? ["La modération de Passerelle a masqué la fiche « \(structure) » : elle n’apparaît plus dans l’annuaire ni dans les recherches.",
                   "Motif : \(reason ?? "")",
                   "Vous la voyez toujours en étant connecté·e. Si la fiche peut être corrigée, corrigez-la puis répondez à ce message pour demander son rétablissement."]
                : ["La fiche « \(structure) » est de nouveau visible dans l’annuaire et dans les recherches."],
            link: (label: "Ouvrir la fiche", url: url)
        )
    }
}
