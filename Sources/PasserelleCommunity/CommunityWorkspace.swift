import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// What the community puts in « Mon espace »: the person's registrations to events to come, and
/// for the pilots and the platform team, the proposals of the knowledge base to review.
enum CommunityWorkspace {
    @Sendable
    static func personalItems(_ user: SignedInUser, actor: Policy.Actor, request: Request) async throws -> [WorkspaceItem] {
        var items: [WorkspaceItem] = []
        let now = Date()
        let coming = try await EventStore.registrations(of: user.id, on: request.db).filter {
            $0.event.startsAt > now && $0.event.cancelledAt == nil && [RegistrationState.confirmed, .waiting].contains($0.registration.state)
        }
        if let next = coming.first {
            items.append(.init(label: French.count(coming.count, "inscription à venir", "inscriptions à venir") + ", la prochaine : « \(next.event.title) »",
                               action: "Mes inscriptions", href: CommunityPaths.myRegistrations.link()))
        }
        if Policy.decide(.review, for: actor) == .allowed {
            let proposals = try await KnowledgeStore.items(state: .proposed, on: request.db).count
            if proposals > 0 {
                items.append(.init(label: French.count(proposals, "proposition à relire", "propositions à relire"), action: "Relire",
                                   href: CommunityPaths.review.link()))
            }
        }
        return items
    }
}
