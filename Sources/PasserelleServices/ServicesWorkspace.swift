import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// What the services put in « Mon espace »: for each organisation, the referrals it received that
/// wait for its answer, and those it sent that wait for the service's.
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
        return items
    }
}
