import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// What purchasing puts in « Mon espace »: a structure's unread opportunities and invitations to a
/// group; a buyer's drafts and needs waiting for validation; the needs a facilitator or a steward
/// may validate.
enum PurchasingWorkspace {
    @Sendable
    static func organisationItems(_ scope: WorkspaceScope, request: Request) async throws -> [WorkspaceItem] {
        var items: [WorkspaceItem] = []
        switch scope.kind {
        case .structure:
            guard let structure = scope.structure else { break }
            let unread = try await AnswerStore.unreadCount(of: structure, on: request.db)
            if unread > 0 {
                items.append(.init(label: French.count(unread, "opportunité d’achat non lue", "opportunités d’achat non lues"),
                                   action: "Voir les opportunités", href: Links.opportunities(structure)))
            }
            for invitation in try await GroupStore.pendingInvitations(of: structure, on: request.db) {
                items.append(.init(label: "\(invitation.leadName) vous invite dans son groupement pour « \(invitation.title) »",
                                   action: "Répondre à l’invitation", href: Links.need(invitation.needID)))
            }
        case .publicBuyer, .privateBuyer:
            let states: [(state: NeedState, one: String, many: String, action: String)] = [
                (.draft, "brouillon à terminer", "brouillons à terminer", "Terminer"),
                (.submitted, "besoin attend sa validation", "besoins attendent leur validation", "Suivre"),
            ]
            for (state, one, many, action) in states {
                var filter = NeedStore.Filter()
                filter.mine = true
                filter.organisations = [scope.organisation]
                filter.state = state
                filter.size = 1
                let total = try await NeedStore.list(filter, on: request.db).total
                if total > 0 {
                    items.append(.init(label: French.count(total, one, many), action: action,
                                       href: PurchasingPaths.mine.link(query: [("etat", state.rawValue)])))
                }
            }
        default: break
        }
        return items
    }

    @Sendable
    static func personalItems(_ user: SignedInUser, actor: Policy.Actor, request: Request) async throws -> [WorkspaceItem] {
        guard actor.moderatesNeeds else { return [] }
        let waiting = try await NeedPages.awaitingModeration(by: actor, on: request.db).count
        guard waiting > 0 else { return [] }
        return [.init(label: French.count(waiting, "besoin d’achat attend votre validation", "besoins d’achat attendent votre validation"),
                      action: "Valider", href: PurchasingPaths.moderation.link())]
    }
}
