import Foundation
import Testing
import PasserelleCore

@Suite("Policy: who may do what")
struct PolicyTests {
    static func member(_ kind: OrganisationKind, _ role: MembershipRole = .member) -> Policy.Actor {
        Policy.Actor(isSignedIn: true, memberships: [.init(kind: kind, role: role)])
    }

    static let actors: [(String, Policy.Actor)] = [
        ("visitor", .visitor),
        ("no organisation", Policy.Actor(isSignedIn: true, memberships: [])),
        ("structure admin", member(.structure, .admin)),
        ("public buyer", member(.publicBuyer)),
        ("partner", member(.partner)),
        ("company", member(.company)),
        ("facilitator", member(.facilitator, .admin)),
        ("steward", member(.steward)),
        ("platform member", member(.platform)),
    ]

    static let expected: [Policy.Action: Set<String>] = [
        .openBackOffice: ["steward", "platform member"],
        .readAuditLog: ["platform member"],
        .listUsers: ["platform member"],
        .listClaims: ["steward", "platform member"],
        .listHiddenProfiles: ["steward", "platform member"],
        .listOrganisations: ["steward", "platform member"],
        .editThemes: ["platform member"], .editEligibilityRules: ["platform member"],
        .listVerifications: ["steward", "platform member"],
    ]

    @Test(arguments: Policy.Action.allCases)
    func everyActionAsEveryRole(action: Policy.Action) {
        for (name, actor) in Self.actors {
            let decision = Policy.decide(action, for: actor)
            if name == "visitor" {
                #expect(decision == .needsSignIn, "\(action) as \(name)")
            } else {
                #expect(decision == (Self.expected[action]!.contains(name) ? .allowed : .forbidden), "\(action) as \(name)")
            }
        }
    }

    /// A steward or a facilitator who signed up and waits for the platform team's grant opens no
    /// back-office list, reviews nothing and moderates no need, even with a perimeter stored.
    @Test func aStewardOrFacilitatorWaitingForItsGrantActsNowhere() {
        let waitingSteward = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .steward, role: .admin, territory: [.departement("62")], verified: false)])
        let waitingFacilitator = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .facilitator, role: .admin, territory: [.departement("62")], verified: false)])
        for action in Policy.Action.allCases {
            #expect(Policy.decide(action, for: waitingSteward) == .forbidden, "\(action)")
        }
        #expect(!waitingSteward.isSteward && !waitingSteward.moderatesNeeds && !waitingFacilitator.moderatesNeeds)
        let structure = Policy.StructureRef(id: UUID(), commune: Fixtures.arras)
        for action in Policy.StructureAction.allCases {
            #expect(Policy.decide(action, on: structure, for: waitingSteward) == .forbidden, "\(action)")
        }
        let need = Policy.NeedRef(organisation: UUID(), departements: ["62"], regions: ["32"])
        #expect(Policy.decide(.read, on: need, for: waitingFacilitator) == .forbidden)
        #expect(Policy.decide(Policy.KnowledgeAction.review, for: waitingSteward) == .forbidden)
    }

    /// Every right on one structure of Arras (Pas-de-Calais), as every role.
    @Test(arguments: Policy.StructureAction.allCases)
    func everyStructureActionAsEveryRole(action: Policy.StructureAction) {
        let structure = Policy.StructureRef(id: UUID(), commune: Fixtures.arras)
        let actors: [(String, Policy.Actor)] = [
            ("visitor", .visitor),
            ("member of this structure", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .structure, role: .member, structure: structure.id)])),
            ("admin of this structure", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .structure, role: .admin, structure: structure.id)])),
            ("admin of another structure", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .structure, role: .admin, structure: UUID())])),
            ("public buyer", Self.member(.publicBuyer, .admin)),
            ("partner", Self.member(.partner)),
            ("facilitator of the Pas-de-Calais", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .facilitator, role: .admin, territory: [.departement("62")])])),
            ("steward of the Pas-de-Calais", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .steward, role: .member, territory: [.departement("62")])])),
            ("steward of the Nord", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .steward, role: .admin, territory: [.departement("59")])])),
            ("platform member", Self.member(.platform)),
        ]
        let expected: [Policy.StructureAction: Set<String>] = [
            .edit: ["member of this structure", "admin of this structure", "platform member"],
            .readHistoryNames: ["member of this structure", "admin of this structure", "steward of the Pas-de-Calais", "platform member"],
            .decideClaim: ["steward of the Pas-de-Calais", "platform member"],
            .moderate: ["steward of the Pas-de-Calais", "platform member"],
            // A structure's word to a buyer is its own.
            .answerNeeds: ["member of this structure", "admin of this structure"],
        ]
        for (name, actor) in actors {
            let decision = Policy.decide(action, on: structure, for: actor)
            if name == "visitor" {
                #expect(decision == .needsSignIn, "\(action) as \(name)")
            } else {
                #expect(decision == (expected[action]!.contains(name) ? .allowed : .forbidden), "\(action) as \(name)")
            }
        }
    }
}
