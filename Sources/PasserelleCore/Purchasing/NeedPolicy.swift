import Foundation

extension Policy {
    /// What may be done to a purchasing need.
    public enum NeedAction: String, CaseIterable, Sendable {
        /// Read it whole, contact included, in any state.
        case read
        /// Change a draft, submit, cancel, close.
        case manage
        /// Publish or refuse a submitted need; close or cancel a published one.
        case moderate
        /// Record the insertion hours done on it, month by month.
        case recordHours
        /// See the buyer's contact on a published need: the inclusive structures it is meant
        /// for (the form promises « visible des structures connectées seulement »), the buyer
        /// and the moderators.
        case readContact
    }

    /// A need as the policy knows it: its buyer's organisation and the territory it touches.
    public struct NeedRef: Sendable, Equatable {
        public var organisation: UUID
        public var departements: Set<String>
        public var regions: Set<String>
        /// The structures that won it (alone or in a group), once it is awarded.
        public var winners: Set<UUID>

        public init(organisation: UUID, departements: Set<String>, regions: Set<String>, winners: Set<UUID> = []) {
            self.organisation = organisation
            self.departements = departements
            self.regions = regions
            self.winners = winners
        }
    }

    /// The buyers' organisations the actor may post needs for (any member of a public or private buyer).
    public static func buyerOrganisations(of actor: Actor) -> [UUID] {
        actor.memberships.filter { $0.kind == .publicBuyer || $0.kind == .privateBuyer }.compactMap(\.organisation)
    }

    /// The buyer's members manage their needs; facilitators and stewards moderate those of their
    /// territory (a national need: those whose territory is the whole country); the platform team
    /// everywhere. Hours are recorded by the moderators and by the winners.
    public static func decide(_ action: NeedAction, on need: NeedRef, for actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        let isBuyer = actor.memberships.contains { $0.organisation == need.organisation && ($0.kind == .publicBuyer || $0.kind == .privateBuyer) }
        let isModerator = actor.isPlatformTeam || actor.memberships.contains { membership in
            (membership.kind == .facilitator || membership.kind == .steward) && membership.verified && membership.territory.contains { perimeter in
                switch perimeter {
                case .country: true
                case .region(let code): need.regions.contains(code)
                case .departement(let code): need.departements.contains(code)
                // Facilitators work on départements and régions; finer territories do not moderate.
                case .commune, .epci: false
                }
            }
        }
        let allowed: Bool
        switch action {
        case .read: allowed = isBuyer || isModerator
        case .manage: allowed = isBuyer
        case .moderate: allowed = isModerator
        // The facilitators who follow the clauses, and the structures that do the work.
        case .recordHours: allowed = isModerator || actor.memberships.contains { $0.kind == .structure && $0.structure.map(need.winners.contains) == true }
        case .readContact: allowed = isBuyer || isModerator || actor.speaksForStructures
        }
        return allowed ? .allowed : .forbidden
    }
}
