import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// What the services put in « Mon espace »: for each organisation, the referrals it received that
/// wait for its answer, those it sent that wait for the service's or were declined or expired
/// this week (the person needs another way), and its services to review.
enum ServicesWorkspace {
    @Sendable
    static func organisationItems(_ scope: WorkspaceScope, request: Request) async throws -> [WorkspaceItem] {
        let reach = ReferralStore.Reach(organisations: [scope.organisation], structures: scope.structure.map { [$0] } ?? [])
        var items: [WorkspaceItem] = []
        let sides: [(ReferralStore.Side, String, String)] = [
            (.received, "orientation reçue attend votre réponse", "orientations reçues attendent votre réponse"),
            (.sent, "orientation envoyée attend la réponse du service", "orientations envoyées attendent la réponse du service"),
        ]
        for (side, one, many) in sides {
            var filter = ReferralStore.Filter()
            filter.side = side
            filter.state = .open
            filter.size = 1
            let total = try await ReferralStore.list(filter, reach: reach, on: request.db).total
            if total > 0 {
                items.append(.init(label: French.count(total, one, many), action: side == .received ? "Répondre" : "Suivre",
                                   href: ServicesPaths.referrals.link(query: [("vue", side.rawValue), ("etat", ReferralState.open.rawValue)])))
            }
        }
        for (state, one, many) in [(ReferralState.refused, "orientation envoyée refusée cette semaine : la personne attend une autre solution",
                                    "orientations envoyées refusées cette semaine : les personnes attendent une autre solution"),
                                   (ReferralState.expired, "orientation envoyée restée sans réponse (expirée) cette semaine",
                                    "orientations envoyées restées sans réponse (expirées) cette semaine")] {
            var filter = ReferralStore.Filter()
            filter.side = .sent
            filter.state = state
            filter.closedSince = Date().addingTimeInterval(-7 * 86_400)
            filter.size = 1
            let total = try await ReferralStore.list(filter, reach: reach, on: request.db).total
            if total > 0 {
                items.append(.init(label: French.count(total, one, many), action: "Réorienter",
                                   href: ServicesPaths.referrals.link(query: [("vue", ReferralStore.Side.sent.rawValue), ("etat", state.rawValue)])))
            }
        }
        let stale = try await ServiceStore.published(by: reach, on: request.db).filter { ServiceRules.needsReview($0, now: Date()) }.count
        if stale > 0 {
            items.append(.init(label: French.count(stale, "service à vérifier : pas mis à jour depuis six mois", "services à vérifier : pas mis à jour depuis six mois"),
                               action: "Vérifier", href: ServicesPaths.mine.link()))
        }
        return items
    }
}
