import Foundation

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
            /// The directory structure the organisation runs, for an inclusive structure.
            public var structure: UUID?
            public var organisation: UUID?
            /// Whether the organisation is verified (`OrganisationVerification`): one waiting acts
            /// only where nothing is at risk.
            public var verified: Bool

            public init(kind: OrganisationKind, role: MembershipRole, territory: [Perimeter] = [], structure: UUID? = nil, organisation: UUID? = nil,
                        verified: Bool = true) {
                self.kind = kind
                self.role = role
                self.territory = territory
                self.structure = structure
                self.organisation = organisation
                self.verified = verified
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
        /// A steward whose perimeter the platform team granted: one that signed up and waits is
        /// nobody's reviewer yet, and opens no back-office list.
        public var isSteward: Bool { memberships.contains { $0.kind == .steward && $0.verified } }
        /// Whether some need could be theirs to moderate: the platform team, or a facilitator or a
        /// steward once granted their perimeter (which needs, `decide(.moderate…)` says).
        public var moderatesNeeds: Bool { isPlatformTeam || memberships.contains { ($0.kind == .facilitator || $0.kind == .steward) && $0.verified } }
        /// The structures whose word the actor gives (answers to needs, outcomes, groups): which
        /// one a form names is then checked with `decide(.answerNeeds, on:)`.
        public var speaksForStructures: Bool { memberships.contains { $0.kind == .structure && $0.structure != nil } }
    }

    public enum Action: String, CaseIterable, Sendable {
        /// The back-office home.
        case openBackOffice
        /// The audit log, with its filters and export.
        case readAuditLog
        /// The list of users, with their addresses.
        case listUsers
        /// The list of claims waiting for a decision (each one is then decided on its structure).
        case listClaims
        /// The list of hidden profiles (each one is then restored on its structure).
        case listHiddenProfiles
        /// The list of organisations and their member counts.
        case listOrganisations
        /// Rename the community's themes and add new ones.
        case editThemes
        /// The organisations waiting for their verification (each one is then decided with
        /// `VerificationPolicy.mayDecide`).
        case listVerifications
        /// Add a version of the IAE eligibility rules (criteria and thresholds).
        case editEligibilityRules
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
        case .readAuditLog, .listUsers, .editThemes, .editEligibilityRules:
            // Personal data of every account: the platform team only.
            allowed = actor.isPlatformTeam
        case .listClaims, .listHiddenProfiles, .listOrganisations, .listVerifications:
            allowed = actor.isPlatformTeam || actor.isSteward
        }
        return allowed ? .allowed : .forbidden
    }

    /// The people a structure accompanies and their journeys: its members only. Neither the platform
    /// team nor a steward reads them; figures that leave the structure are counted, never listed.
    public static func mayAccompany(structure: UUID, actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        return actor.memberships.contains { $0.kind == .structure && $0.structure == structure } ? .allowed : .forbidden
    }

    /// The structures whose people the actor accompanies.
    public static func accompaniedStructures(of actor: Actor) -> [UUID] {
        var seen = Set<UUID>()
        return actor.memberships.compactMap { $0.kind == .structure ? $0.structure : nil }.filter { seen.insert($0).inserted }
    }

    /// What may be done to one structure of the directory.
    public enum StructureAction: String, CaseIterable, Sendable {
        /// Edit its profile and activities (through pages or `PATCH /api/v1/structures/{id}`).
        case edit
        /// See who, by name, changed the profile (the public sees what changed and when).
        case readHistoryNames
        /// Accept or refuse a claim on it.
        case decideClaim
        /// Hide it from the directory, or restore it.
        case moderate
        /// Read the purchasing needs sent to it and answer them in its name.
        case answerNeeds
    }

    /// A structure as the policy needs to know it: which one, and where.
    public struct StructureRef: Sendable, Equatable {
        public var id: UUID
        public var commune: Commune?

        public init(id: UUID, commune: Commune?) {
            self.id = id
            self.commune = commune
        }

        /// The structure `id` of the commune whose code INSEE is `communeCode`.
        public init(id: UUID, communeCode: String?, in gazetteer: Gazetteer) {
            self.init(id: id, commune: communeCode.flatMap(gazetteer.commune))
        }
    }

    /// Rights on a structure: its members edit it; the platform team may do everything anywhere;
    /// a steward reviews (claims, moderation) within its territory but does not write a
    /// structure's profile in its place.
    public static func decide(_ action: StructureAction, on structure: StructureRef, for actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        let isMember = actor.memberships.contains { $0.kind == .structure && $0.structure == structure.id }
        // A structure's word to a buyer is its own: nobody, the platform team included, answers for it.
        if action == .answerNeeds { return isMember ? .allowed : .forbidden }
        if actor.isPlatformTeam { return .allowed }
        let isStewardHere = structure.commune.map { commune in
            actor.memberships.contains { membership in
                membership.kind == .steward && membership.verified && membership.territory.contains { ReachRule.contains($0, commune) }
            }
        } ?? false
        let allowed: Bool
        switch action {
        case .edit: allowed = isMember
        case .readHistoryNames: allowed = isMember || isStewardHere
        case .decideClaim, .moderate: allowed = isStewardHere
        case .answerNeeds: allowed = isMember
        }
        return allowed ? .allowed : .forbidden
    }

    /// What may be done to the team of one organisation.
    public enum TeamAction: String, CaseIterable, Sendable {
        /// See its members and their addresses.
        case seeMembers
        /// Invite, change roles, remove members, decide join requests.
        case manageMembers
    }

    /// Members see their team; its admins (and the platform team, to unblock a team without
    /// admin) manage it.
    public static func decide(_ action: TeamAction, onOrganisation organisation: UUID, for actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        if actor.isPlatformTeam { return .allowed }
        let membership = actor.memberships.first { $0.organisation == organisation }
        let allowed: Bool
        switch action {
        case .seeMembers: allowed = membership != nil
        case .manageMembers: allowed = membership?.role == .admin
        }
        return allowed ? .allowed : .forbidden
    }
}
