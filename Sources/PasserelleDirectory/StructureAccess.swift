import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

extension Request {
    /// The directory structure of the route's `id` when the policy allows `action` on it, nil when
    /// the visitor must log in first; a 404 when there is no such structure, a 403 saying who may.
    package func structure(allowing action: Policy.StructureAction) async throws -> Structure? {
        let notFound = Abort(.notFound, reason: "Cette structure n’existe pas ou a été retirée de l’annuaire.")
        guard let id = parameters.get("id").flatMap(UUID.init(uuidString:)),
              let structure = try await DirectoryQueries.structure(id: id, on: db) else { throw notFound }
        let ref = Policy.StructureRef(id: id, communeCode: structure.communeCode, in: try platform.reference.gazetteer)
        let decision = Policy.decide(action, on: ref, for: try await actor())
        // A hidden profile is gone for the public: only those who may act on it learn otherwise.
        if decision != .allowed, try await DirectoryQueries.moderation(of: id, on: db)?.hiddenAt != nil { throw notFound }
        switch decision {
        case .allowed: return structure
        case .needsSignIn: return nil
        case .forbidden: throw Abort(.forbidden, reason: Policy.refusal(of: action, on: structure.name))
        }
    }
}

extension Policy {
    /// Why a user may not do `action` on the structure named `name`, and who may.
    package static func refusal(of action: StructureAction, on name: String) -> String {
        switch action {
        case .edit, .readHistoryNames:
            "Seuls les membres de « \(name) » et l’équipe de la plateforme peuvent modifier cette fiche. Vous y travaillez ? Demandez à la gérer depuis sa page."
        case .decideClaim, .moderate:
            "Cette décision sur « \(name) » revient à l’équipe de la plateforme et aux pilotes de son territoire."
        case .answerNeeds:
            "Seuls les membres de « \(name) » voient ses opportunités et répondent en son nom. Vous y travaillez ? Demandez à la gérer depuis sa page."
        }
    }
}
