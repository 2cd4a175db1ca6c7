import Foundation

extension Policy {
    /// A service as the policy knows it: who publishes it.
    public struct ServiceRef: Sendable, Equatable {
        public var organisation: UUID?
        public var structure: UUID?

        public init(organisation: UUID?, structure: UUID?) {
            self.organisation = organisation
            self.structure = structure
        }

        public init(_ service: Service) {
            self.init(organisation: service.provider.organisationId, structure: service.provider.structureId)
        }
    }

    public enum ServiceAction: String, CaseIterable, Sendable {
        /// Edit, publish or archive it.
        case edit
        /// Read the referrals sent to it, with the people's data, and answer them.
        case answerReferrals
    }

    /// A service belongs to the organisation that publishes it, or to the team of the directory
    /// structure that runs it. Its members act for it; nobody else, the platform team included:
    /// a service's answer to a person is its own.
    public static func decide(_ action: ServiceAction, on service: ServiceRef, for actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        return actor.memberships.contains { belongs($0, to: service) } ? .allowed : .forbidden
    }

    static func belongs(_ membership: Actor.Membership, to service: ServiceRef) -> Bool {
        if let organisation = service.organisation, membership.organisation == organisation { return true }
        if let structure = service.structure, membership.kind == .structure, membership.structure == structure { return true }
        return false
    }

    /// The organisations whose members refer people: inclusive structures and prescribers.
    public static let referringKinds: Set<OrganisationKind> = [.structure, .partner]

    /// Whether the actor may refer a person in the name of `organisation`: a member of it, and it
    /// is a structure or a prescriber.
    public static func mayRefer(for organisation: UUID, actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        return actor.memberships.contains { $0.organisation == organisation && referringKinds.contains($0.kind) } ? .allowed : .forbidden
    }

    /// A referral as the policy knows it: who sent it, to which service.
    public struct ReferralRef: Sendable, Equatable {
        public var referrer: UUID
        public var service: ServiceRef

        public init(referrer: UUID, service: ServiceRef) {
            self.referrer = referrer
            self.service = service
        }
    }

    public enum ReferralAction: String, CaseIterable, Sendable {
        /// See the referral with the person's data.
        case read
        /// Accept or refuse it.
        case answer
    }

    /// The person's data is seen by the referrer's organisation and by the receiving service only;
    /// the service answers.
    public static func decide(_ action: ReferralAction, on referral: ReferralRef, for actor: Actor) -> Decision {
        guard actor.isSignedIn else { return .needsSignIn }
        let receives = actor.memberships.contains { belongs($0, to: referral.service) }
        switch action {
        case .read:
            return receives || actor.memberships.contains { $0.organisation == referral.referrer } ? .allowed : .forbidden
        case .answer:
            return receives ? .allowed : .forbidden
        }
    }
}
