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

@Suite("Community: removing a theme moves what it classifies")
struct ThemeRemovalTests {
    static let themes = Array(Theme.defaults.prefix(3))

    @Test(arguments: [
        // (removed, replacement, uses, refused with)
        ("ess-et-territoires", nil, 0, nil),
        ("ess-et-territoires", "", 0, nil),
        ("ess-et-territoires", nil, 4, "4 contenus l’utilisent"),
        ("ess-et-territoires", "", 1, "1 contenu l’utilise"),
        ("ess-et-territoires", "territoires-fragiles", 4, nil),
        ("ess-et-territoires", "ess-et-territoires", 4, "un autre thème"),
        ("ess-et-territoires", "mobilite", 4, "« mobilite » n’existe pas"),
        ("ess-et-territoires", "territoires-fragiles", 0, nil),
    ] as [(String, String?, Int, String?)])
    func aUsedThemeNeedsAnotherThemeToTakeItsPlace(removed: String, replacement: String?, uses: Int, refusal: String?) {
        let problem = ThemeRemoval.problem(removing: removed, into: replacement, themes: Self.themes, uses: uses)
        if let refusal { #expect(problem?.contains(refusal) == true, "\(problem ?? "nil")") } else { #expect(problem == nil) }
    }

    @Test func theLastThemeStays() {
        #expect(ThemeRemoval.problem(removing: "ess-et-territoires", into: nil, themes: [Theme.defaults[0]], uses: 0)?.contains("dernier thème") == true)
    }

    @Test(arguments: [
        (["a", "b", "c"], "b", "d", ["a", "d", "c"]),     // in its place
        (["a", "b", "c"], "b", "c", ["a", "c"]),          // already there: once
        (["b", "a"], "b", "a", ["a"]),
        (["a", "c"], "b", "d", ["a", "c"]),               // not used here
        (["a", "b"], "b", nil, ["a"]),                    // no replacement: dropped
        ([], "b", "d", []),
    ] as [([String], String, String?, [String])])
    func theReplacementTakesThePlaceOnce(slugs: [String], removed: String, replacement: String?, expected: [String]) {
        #expect(ThemeRemoval.moved(slugs, removing: removed, into: replacement) == expected)
    }
}
