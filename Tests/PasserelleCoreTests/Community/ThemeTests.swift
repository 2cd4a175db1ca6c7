import Foundation
import Testing
@testable import PasserelleCore

@Suite("Community: themes")
struct ThemeTests {
    @Test func twelveThemesWithDistinctReadableSlugs() {
        #expect(Theme.defaults.count == 12)
        #expect(Set(Theme.defaults.map(\.slug)).count == 12)
        #expect(Set(Theme.defaults.map(\.name)).count == 12)
        for theme in Theme.defaults {
            #expect(theme.slug.allSatisfy { ("a"..."z").contains($0) || $0 == "-" }, "\(theme.slug)")
            // The slug is the folded name, shortened: it starts the way the name does.
            #expect(SearchText.fold(theme.name).hasPrefix(theme.slug.split(separator: "-").first.map(String.init) ?? ""), "\(theme.name)")
        }
    }
}

@Suite("Community: who organises, proposes and reviews; new themes")
struct CommunityPolicyTests {
    static func actor(_ kind: OrganisationKind, organisation: UUID = UUID(), structure: UUID? = nil) -> Policy.Actor {
        Policy.Actor(isSignedIn: true, memberships: [.init(kind: kind, role: .member, structure: structure, organisation: organisation)])
    }

    @Test func theOrganisersAndThePlatformTeamManageAnEvent() {
        let organiser = UUID()
        let event = Policy.EventRef(organisers: [organiser])
        #expect(Policy.decide(.manage, on: event, for: .visitor) == .needsSignIn)
        #expect(Policy.decide(.manage, on: event, for: Self.actor(.partner, organisation: organiser)) == .allowed)
        #expect(Policy.decide(.manage, on: event, for: Self.actor(.steward)) == .forbidden)
        #expect(Policy.decide(.manage, on: event, for: Self.actor(.platform)) == .allowed)
        #expect(Policy.decide(.manage, on: Policy.EventRef(organisers: []), for: Self.actor(.structure, structure: UUID())) == .forbidden)
    }

    @Test func structuresProposeAndStewardsReview() {
        #expect(Policy.decide(.propose, for: Self.actor(.structure, structure: UUID())) == .allowed)
        #expect(Policy.decide(.propose, for: Self.actor(.partner)) == .forbidden)
        #expect(Policy.decide(.propose, for: .visitor) == .needsSignIn)
        #expect(Policy.decide(.review, for: Self.actor(.steward)) == .allowed)
        #expect(Policy.decide(.review, for: Self.actor(.facilitator)) == .forbidden)
        #expect(Policy.decide(.review, for: Self.actor(.structure, structure: UUID())) == .forbidden)
        #expect(Policy.decide(.review, for: Self.actor(.platform)) == .allowed)
    }

    @Test func aNewThemeGetsASlugFromItsNameAndIsNotADuplicate() {
        #expect(Theme.new(named: "  Mobilité   et logement ", existing: Theme.defaults) == .success(Theme(slug: "mobilite-et-logement", name: "Mobilité et logement")))
        #expect(Theme.new(named: "économie du VIEILLISSEMENT", existing: Theme.defaults) == .failure(.init("Le thème « économie du VIEILLISSEMENT » existe déjà.")))
        #expect(Theme.new(named: "ab", existing: []) == .failure(.init("Le nom d’un thème compte de 3 à 80 caractères.")))
        #expect(Theme.new(named: "« — »", existing: []) == .failure(.init("Le nom d’un thème compte des lettres ou des chiffres.")))
    }
}
