import Fluent
import Foundation
@testable import PasserelleAccounts
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// The modules that keep something of a person take part in the account's download and deletion
/// through one list, in the order of `ProductModule`, so that the accounts call none of them.
@Suite("Account participants")
struct AccountParticipantsTests {
    private static func participant(_ module: ProductModule, key: String) -> AccountParticipant {
        AccountParticipant(module: module, personalData: { _, _ in (key, [String]()) }, accountDeleted: { _, _ in })
    }

    @Test func theyAreCalledInTheOrderOfTheModulesWhateverTheOrderTheyWereListedIn() {
        let participants = AccountParticipants([
            Self.participant(.community, key: "c1"), Self.participant(.purchasing, key: "p"),
            Self.participant(.directory, key: "d"), Self.participant(.community, key: "c2"),
        ])
        let keys = participants.all.map { $0.module.rawValue }
        #expect(keys == ["Directory", "Purchasing", "Community", "Community"])
    }

    @Test func theConfiguredApplicationListsTheCommunity() async throws {
        try await withPasserelle(.reference) { app in
            #expect(app.accountParticipants.all.map(\.module) == [.community])
        }
    }
}
