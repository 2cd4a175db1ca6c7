import Foundation

extension Policy {
    /// What may be done to an event beyond reading it and registering.
    public enum EventAction: String, CaseIterable, Sendable {
        /// See who registered, mark attendance, export the lists, write to the registrants.
        case manage
    }

    /// An event as the policy knows it: the organisations that organise it.
    public struct EventRef: Sendable, Equatable {
        public var organisers: Set<UUID>

        public init(organisers: Set<UUID>) {
            self.organisers = organisers
        }
    }

    /// The members of the organising organisations manage an event, and the platform team.
    public static func decide(_ action: EventAction, on event: EventRef, for actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        switch action {
        case .manage:
            let organises = actor.memberships.contains { $0.organisation.map(event.organisers.contains) == true }
            return organises || actor.isPlatformTeam ? .allowed : .forbidden
        }
    }
}

extension Policy {
    /// What may be done with the knowledge base beyond reading what is published.
    public enum KnowledgeAction: String, CaseIterable, Sendable {
        /// Propose an experience report of one's structure.
        case propose
        /// Publish proposals, or send them back.
        case review
    }

    /// Inclusive structures' members propose (for their structure); stewards and the platform team
    /// review.
    public static func decide(_ action: KnowledgeAction, for actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        switch action {
        case .propose:
            return actor.isPlatformTeam || actor.memberships.contains { $0.kind == .structure && $0.structure != nil } ? .allowed : .forbidden
        case .review:
            return actor.isPlatformTeam || actor.isSteward ? .allowed : .forbidden
        }
    }
}
