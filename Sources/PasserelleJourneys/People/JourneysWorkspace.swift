import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// What journeys put in « Mon espace » for a structure's members: the transfers to answer, the
/// journeys shared with them and the follow-ups in employment that are due.
enum JourneysWorkspace {
    @Sendable
    static func organisationItems(_ scope: WorkspaceScope, request: Request) async throws -> [WorkspaceItem] {
        guard let structure = scope.structure else { return [] }
        let query = [("structure", structure.uuidString.lowercased())]
        let received = try await PersonShareStore.shares(of: structure, received: true, on: request.db)
        let proposed = received.filter { $0.state == .proposed }.count, shared = received.filter { $0.state == .active }.count
        var shares: [WorkspaceItem] = []
        if proposed > 0 {
            shares.append(.init(label: French.count(proposed, "transfert de dossier à accepter ou refuser", "transferts de dossier à accepter ou refuser"),
                                action: "Répondre", href: JourneysPaths.shares.link(query: query)))
        }
        if shared > 0 {
            shares.append(.init(label: French.count(shared, "parcours partagé par une autre structure", "parcours partagés par d’autres structures"),
                                action: "Voir", href: JourneysPaths.shares.link(query: query)))
        }
        var items: [WorkspaceItem] = []
        let due = try await FollowUpReminders.due(structure: structure, today: DateText.parisDay(Date()), on: request.db)
        if !due.isEmpty {
            items.append(.init(label: French.count(due.count, "suivi dans l’emploi à faire", "suivis dans l’emploi à faire"), action: "Suivre",
                               href: JourneysPaths.people.link(query: query + [("etape", PersonStage.exited.rawValue)])))
        }
        return shares + items
    }
}
