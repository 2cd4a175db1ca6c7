import Fluent
import Foundation
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The participants, called in the order of `ProductModule.allCases` (then of their listing),
/// whatever the order they were listed in.
package struct AccountParticipants: Sendable {
    package let all: [AccountParticipant]

    package init(_ participants: [AccountParticipant]) {
        let order = Dictionary(uniqueKeysWithValues: ProductModule.allCases.enumerated().map { ($1, $0) })
        all = participants.enumerated()
            .sorted { (order[$0.element.module]!, $0.offset) < (order[$1.element.module]!, $1.offset) }
            .map(\.element)
    }
}

extension Application {
    private struct AccountParticipantsKey: StorageKey {
        typealias Value = AccountParticipants
    }

    /// Set once by `configure`, before any request.
    package var accountParticipants: AccountParticipants {
        get {
            guard let participants = storage[AccountParticipantsKey.self] else { fatalError("configure(_:config:) was not called") }
            return participants
        }
        set { storage[AccountParticipantsKey.self] = newValue }
    }
}
