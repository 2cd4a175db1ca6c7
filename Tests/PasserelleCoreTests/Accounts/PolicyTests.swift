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
}
