import Foundation
import Testing
import PasserelleCore

@Suite("The header's sections by role")
struct MainMenuTests {
    static func actor(_ memberships: Policy.Actor.Membership...) -> Policy.Actor {
        Policy.Actor(isSignedIn: true, memberships: memberships)
    }

    @Test func aVisitorAndANewcomerSeeWhatIsPublic() {
        let publicSections: [MainMenu.Section] = [.directory, .needs, .offers, .services, .agenda, .knowledge]
        #expect(MainMenu.sections(for: .visitor) == publicSections)
        #expect(MainMenu.sections(for: Self.actor()) == publicSections)
    }

    @Test func eachRoleSeesItsDailyWorkFirst() {
        let structure = Self.actor(.init(kind: .structure, role: .member, structure: UUID()))
        #expect(MainMenu.sections(for: structure) == [.directory, .needs, .offers, .people, .services, .referrals])
        let buyer = Self.actor(.init(kind: .publicBuyer, role: .admin))
        #expect(MainMenu.sections(for: buyer) == [.directory, .needs, .offers, .services, .agenda, .knowledge])
        let partner = Self.actor(.init(kind: .partner, role: .member))
        #expect(MainMenu.sections(for: partner) == [.directory, .needs, .offers, .services, .referrals, .agenda])
        let company = Self.actor(.init(kind: .company, role: .admin))
        #expect(MainMenu.sections(for: company) == [.directory, .needs, .offers, .services, .agenda, .knowledge])
        let facilitator = Self.actor(.init(kind: .facilitator, role: .member, territory: [.departement("59")]))
        #expect(MainMenu.sections(for: facilitator) == [.directory, .needs, .offers, .dashboard, .services, .agenda])
        let steward = Self.actor(.init(kind: .steward, role: .member, territory: [.region("32")]))
        #expect(MainMenu.sections(for: steward).contains(.backOffice))
    }

    @Test func nobodySeesASectionThePolicyRefusesThem() {
        // People pages are for a structure's members; the dashboard for moderators; the
        // back-office for the platform team and granted stewards.
        let waitingSteward = Self.actor(.init(kind: .steward, role: .admin, verified: false))
        #expect(!MainMenu.sections(for: waitingSteward).contains(.backOffice) && !MainMenu.sections(for: waitingSteward).contains(.dashboard))
        let buyer = Self.actor(.init(kind: .privateBuyer, role: .member))
        #expect(!MainMenu.sections(for: buyer).contains(.people) && !MainMenu.sections(for: buyer).contains(.referrals))
        let unlinkedStructureTeam = Self.actor(.init(kind: .structure, role: .member))
        #expect(!MainMenu.sections(for: unlinkedStructureTeam).contains(.people))
    }

    @Test func neverMoreThanSix() {
        let everything = Self.actor(.init(kind: .platform, role: .admin), .init(kind: .structure, role: .admin, structure: UUID()),
                                    .init(kind: .partner, role: .member), .init(kind: .publicBuyer, role: .member))
        let sections = MainMenu.sections(for: everything)
        #expect(sections.count == MainMenu.maximum && sections.contains(.backOffice) && sections.contains(.people))
    }
}
