/// Who may do what: the one place where rights are decided. Pages, API and commands ask it; it
/// answers from the actor's memberships only, so that it is tested without a server.
public enum Policy {
    /// Someone acting: a visitor (no account) or a user with their memberships.
    public struct Actor: Sendable, Equatable {
        public struct Membership: Sendable, Equatable {
            public var kind: OrganisationKind
            public var role: MembershipRole
            /// Where a facilitator or a steward acts.
            public var territory: [Perimeter]

            public init(kind: OrganisationKind, role: MembershipRole, territory: [Perimeter] = []) {
                self.kind = kind
                self.role = role
                self.territory = territory
            }
        }

        public var isSignedIn: Bool
        public var memberships: [Membership]

        public init(isSignedIn: Bool, memberships: [Membership]) {
            self.isSignedIn = isSignedIn
            self.memberships = memberships
        }

        public static let visitor = Actor(isSignedIn: false, memberships: [])

        /// A member of the team that runs the platform.
        public var isPlatformTeam: Bool { memberships.contains { $0.kind == .platform } }
        public var isSteward: Bool { memberships.contains { $0.kind == .steward } }
    }

    public enum Action: String, CaseIterable, Sendable {
        /// The back-office home.
        case openBackOffice
        /// The audit log, with its filters and export.
        case readAuditLog
        /// The list of users, with their addresses.
        case listUsers
        /// The list of claims waiting for a decision (each one is then decided by `mayDecideClaim`).
        case listClaims
    }

    public enum Decision: Equatable, Sendable {
        case allowed
        /// Not signed in: logging in may help.
        case needsSignIn
        case forbidden
    }

    public static func decide(_ action: Action, for actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        let allowed: Bool
        switch action {
        case .openBackOffice:
            allowed = actor.isPlatformTeam || actor.isSteward
        case .readAuditLog, .listUsers:
            // Personal data of every account: the platform team only.
            allowed = actor.isPlatformTeam
        case .listClaims:
            allowed = actor.isPlatformTeam || actor.isSteward
        }
        return allowed ? .allowed : .forbidden
    }

    /// Who decides a claim on a structure of `commune`: the platform team anywhere, a steward in
    /// its territory.
    public static func mayDecideClaim(on commune: Commune?, by actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        if actor.isPlatformTeam { return .allowed }
        guard let commune else { return .forbidden }
        let inTerritory = actor.memberships.contains { membership in
            membership.kind == .steward && membership.territory.contains { ReachRule.contains($0, commune) }
        }
        return inTerritory ? .allowed : .forbidden
    }
}
