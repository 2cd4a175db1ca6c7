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
