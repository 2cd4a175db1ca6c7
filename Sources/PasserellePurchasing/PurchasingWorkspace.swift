import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// What purchasing puts in « Mon espace »: a structure's unread opportunities, those that close
/// soon without its answer, and invitations to a group; a buyer's drafts, needs waiting for
/// validation, answers not read yet and hours to check; for a facilitator or a steward, the
/// needs to validate, the hours to record and the territory's figures.
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
            let now = Date()
            let open = try await AnswerStore.inbox(of: structure, open: true, page: 1, size: 100, on: request.db).lines
            let closing = open.filter { PurchasingAttention.isClosingSoon(deadline: $0.deadline, answered: $0.stance != nil, now: now) }.count
            if closing > 0 {
                items.append(.init(label: French.count(closing, "besoin ferme dans moins d’une semaine sans votre réponse", "besoins ferment dans moins d’une semaine sans votre réponse"),
                                   action: "Répondre", href: Links.opportunities(structure)))
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
            let unread = try await AnswerStore.unread(toNeedsOf: scope.organisation, on: request.db)
            if unread.count > 0 {
                items.append(.init(label: French.count(unread.count, "réponse de structure à lire", "réponses de structures à lire"),
                                   action: "Lire", href: unread.need.map { Links.need($0) + "#answers" } ?? PurchasingPaths.mine.link()))
            }
            let lines = try await HoursStore.followUp(of: scope.organisation, on: request.db)
            let due = try await HoursStore.due(lines, on: request.db).count
            if due > 0 {
                items.append(.init(label: French.count(due, "marché : heures d’insertion du mois dernier à vérifier", "marchés : heures d’insertion du mois dernier à vérifier"),
                                   action: "Vérifier les heures", href: PurchasingPaths.hours.link()))
            }
        default: break
        }
        return items
    }

    @Sendable
    static func personalItems(_ user: SignedInUser, actor: Policy.Actor, request: Request) async throws -> [WorkspaceItem] {
        guard actor.moderatesNeeds else { return [] }
        var items: [WorkspaceItem] = []
        let waiting = try await NeedPages.awaitingModeration(by: actor, on: request.db).count
        if waiting > 0 {
            items.append(.init(label: French.count(waiting, "besoin d’achat attend votre validation", "besoins d’achat attendent votre validation"),
                               action: "Valider", href: PurchasingPaths.moderation.link()))
        }
        let followed = try await HoursStore.followUp(on: request.db).filter { line in
            let ref = Policy.NeedRef(organisation: line.organisationID, departements: Set(BarList.split(line.departements)), regions: Set(BarList.split(line.regions)))
            return Policy.decide(.recordHours, on: ref, for: actor) == .allowed
        }
        let due = try await HoursStore.due(followed, on: request.db).count
        if due > 0 {
            items.append(.init(label: French.count(due, "marché : heures d’insertion du mois dernier à saisir", "marchés : heures d’insertion du mois dernier à saisir"),
                               action: "Saisir les heures", href: PurchasingPaths.hours.link()))
        }
        // The territory's figures, read as the dashboard reads them.
        let total = TerritoryDashboard(try await DashboardStore.visible(to: actor, departement: nil, on: request.db).rows.map(DashboardStore.figures)).total
        items.append(.init(label: PurchasingAttention.territorySummary(total), action: "Tableau de bord", href: PurchasingPaths.dashboard.link()))
        return items
    }
}
