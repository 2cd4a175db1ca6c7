import Foundation
import Testing
import PasserelleCore

@Suite("Teams: who manages them, the last admin, invitations")
struct TeamRuleTests {
    @Test func membersSeeTheirTeamAndAdminsManageIt() {
        let team = UUID()
        let cases: [(String, Policy.Actor, see: Policy.Decision, manage: Policy.Decision)] = [
            ("visitor", .visitor, .needsSignIn, .needsSignIn),
            ("admin", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .structure, role: .admin, organisation: team)]), .allowed, .allowed),
            ("member", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .structure, role: .member, organisation: team)]), .allowed, .forbidden),
            ("admin elsewhere", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .structure, role: .admin, organisation: UUID())]), .forbidden, .forbidden),
            ("steward", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .steward, role: .admin, territory: [.region("32")], organisation: UUID())]), .forbidden, .forbidden),
            ("platform", Policy.Actor(isSignedIn: true, memberships: [.init(kind: .platform, role: .member, organisation: UUID())]), .allowed, .allowed),
        ]
        for (name, actor, see, manage) in cases {
            #expect(Policy.decide(.seeMembers, onOrganisation: team, for: actor) == see, "\(name)")
            #expect(Policy.decide(.manageMembers, onOrganisation: team, for: actor) == manage, "\(name)")
        }
    }

    @Test func aTeamKeepsAnAdmin() {
        #expect(!TeamRule.mayLoseAdmin(role: .admin, admins: 1))
        #expect(TeamRule.mayLoseAdmin(role: .admin, admins: 2))
        #expect(TeamRule.mayLoseAdmin(role: .member, admins: 1))
    }

    @Test func invitationsGoToOneAddress() {
        #expect(TeamRule.problem(invitingEmail: "alex@aci.example", role: "member") == nil)
        #expect(TeamRule.problem(invitingEmail: "alex", role: "member") != nil)
        #expect(TeamRule.problem(invitingEmail: "alex@aci.example", role: "chef") != nil)
        #expect(TeamRule.mayAccept(invited: "Alex@ACI.example", signedInAs: "alex@aci.example"))
        #expect(!TeamRule.mayAccept(invited: "alex@aci.example", signedInAs: "camille@aci.example"))
    }
}
