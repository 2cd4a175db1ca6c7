import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// A person edits a structure's profile: the edit page and `PATCH /api/v1/structures/{id}` both
/// come here, after the policy allowed them. The structure, its history line, the audit entry and
/// the directory's revision are written in one transaction; this instance's search index is
/// rebuilt before answering, so that the change shows in the next search.
package enum ProfileEditing {
    package enum Outcome {
        case saved(Structure)
        /// Nothing differed from what was stored.
        case unchanged(Structure)
        case invalid(FieldProblems, Structure)
        /// The profile changed since the editor was opened; the current one is returned.
        case conflict(Structure)
        case notFound
    }

    /// The structure's version as a form carries it: its last update, in milliseconds.
    package static func version(of structure: Structure) -> String {
        String(Int64((structure.updatedAt.timeIntervalSince1970 * 1000).rounded()))
    }

    package static func edit(
        _ id: UUID, change: ProfileChange, expectedVersion: String?, by user: SignedInUser, actor: Policy.Actor, request: Request, now: Date = Date()
    ) async throws -> Outcome {
        let reference = try request.platform.reference
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        let outcome: Outcome = try await request.db.retryingTransaction { database in
            guard let before = try await DirectoryQueries.structure(id: id, on: database) else { return .notFound }
            if let expectedVersion, expectedVersion != version(of: before) { return .conflict(before) }
            let after: Structure
            switch change.apply(to: before, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, currentYear: year, now: now) {
            case .failure(let problems): return .invalid(problems, before)
            case .success(let structure): after = structure
            }
            guard !after.hasSameContent(as: before) else { return .unchanged(before) }
            let sql = database.sql
            let summary = ImportPlan.summary(from: before, to: after)
            try await DirectoryQueries.replace(after, on: sql)
            try await DirectoryQueries.recordChange(of: id, actor: editorRole(of: actor, on: id), user: user.id, action: "updated", summary: summary, on: sql, at: now)
            try await Audit.record(.profileEdited, actorID: user.id, actor: user.email, object: "structure:\(id.uuidString.lowercased())", detail: "\(after.name) — \(summary)", address: request.clientAddress, on: database, at: now)
            _ = try await PlatformState.increment(DirectoryQueries.revisionKey, on: database)
            return .saved(after)
        }
        if case .saved = outcome {
            try await request.directoryIndexCache.rebuild(on: request.db, reference: reference, logger: request.logger)
        }
        return outcome
    }

    /// How the public history names the editor: by role, never by name.
    package static func editorRole(of actor: Policy.Actor, on structure: UUID) -> String {
        actor.memberships.contains { $0.structure == structure } ? "Membre de la structure" : "Équipe de la plateforme"
    }
}
