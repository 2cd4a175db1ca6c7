import Foundation
import Testing
import PasserelleCore

@Suite("Claims: automatic by domain, reviewed by territory")
struct ClaimRuleTests {
    @Test(arguments: [
        ("https://www.aci-arras.org/contact", "aci-arras.org"), ("aci-arras.org", "aci-arras.org"),
        ("http://Boutique.Ressourcerie-Lens.FR", "boutique.ressourcerie-lens.fr"), ("pas un site", nil), ("", nil),
    ] as [(String, String?)])
    func websitesGiveTheirDomain(website: String, domain: String?) {
        #expect(ClaimRule.domain(ofWebsite: website) == domain)
    }

    @Test func anAddressOfTheStructuresDomainIsAcceptedAtOnce() {
        let direction = EmailAddress("direction@aci-arras.org")!
        #expect(ClaimRule.isAutomatic(claimant: direction, website: "https://www.aci-arras.org", structureEmail: nil))
        #expect(ClaimRule.isAutomatic(claimant: direction, website: "https://boutique.aci-arras.org", structureEmail: nil))
        #expect(ClaimRule.isAutomatic(claimant: direction, website: nil, structureEmail: "contact@aci-arras.org"))
        #expect(!ClaimRule.isAutomatic(claimant: direction, website: "https://aci-lens.org", structureEmail: "contact@aci-lens.org"))
        #expect(!ClaimRule.isAutomatic(claimant: EmailAddress("direction@arras.org")!, website: "https://aci-arras.org", structureEmail: nil))
    }

    @Test func mailboxProvidersProveNothing() {
        let claimant = EmailAddress("aci.arras@orange.fr")!
        #expect(!ClaimRule.isAutomatic(claimant: claimant, website: nil, structureEmail: "aci.arras@orange.fr"))
        #expect(!ClaimRule.isAutomatic(claimant: EmailAddress("x@gmail.com")!, website: "https://sites.gmail.com", structureEmail: nil))
    }

    @Test func claimsAreDecidedByThePlatformAnywhereAndByStewardsInTheirTerritory() {
        let arras = Fixtures.arras
        let lille = Fixtures.lille
        let pasDeCalais = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .steward, role: .member, territory: [.departement("62")])])
        let hautsDeFrance = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .steward, role: .member, territory: [.region("32")])])
        let platform = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .platform, role: .member)])
        let facilitator = Policy.Actor(isSignedIn: true, memberships: [.init(kind: .facilitator, role: .admin, territory: [.departement("62")])])
        func decide(_ commune: Commune?, _ actor: Policy.Actor) -> Policy.Decision {
            Policy.decide(.decideClaim, on: .init(id: UUID(), commune: commune), for: actor)
        }
        #expect(decide(arras, pasDeCalais) == .allowed)
        #expect(decide(lille, pasDeCalais) == .forbidden)
        #expect(decide(lille, hautsDeFrance) == .allowed)
        #expect(decide(nil, hautsDeFrance) == .forbidden)
        #expect(decide(nil, platform) == .allowed)
        #expect(decide(arras, facilitator) == .forbidden)
        #expect(decide(arras, .visitor) == .needsSignIn)
    }

    @Test func aClaimMessageHasALimit() {
        #expect(ClaimRule.problem(withMessage: "Directrice depuis 2019.") == nil)
        #expect(ClaimRule.problem(withMessage: String(repeating: "a", count: 1001)) != nil)
    }
}
