import Fluent
import Foundation
import Vapor

/// A module that keeps something of a person, and so has its part in the account's data download
/// and its deletion. Each such module adds itself when the application is configured; the
/// accounts module calls them without knowing them, so that it depends on none of them.
struct AccountParticipant: Sendable {
    /// The account that goes, as the participants need it.
    struct Departure: Sendable {
        var user: UUID
        var email: String
        var address: String?
        var publicURL: String
    }

    var module: ProductModule
    /// Its part of the data download, under its own key.
    var personalData: @Sendable (_ user: UUID, _ database: any Database) async throws -> (key: String, value: any Encodable & Sendable)
    /// What it ends when the account is deleted. It runs before the account's own transaction and
    /// may write to others (the people a freed seat goes to are told).
    var accountDeleted: @Sendable (_ departure: Departure, _ database: any Database) async throws -> Void
}

/// The participants, called in the order of `ProductModule.allCases` (then of their listing),
/// whatever the order they were listed in.
struct AccountParticipants: Sendable {
    let all: [AccountParticipant]

    init(_ participants: [AccountParticipant]) {
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
    var accountParticipants: AccountParticipants {
        get {
            guard let participants = storage[AccountParticipantsKey.self] else { fatalError("configure(_:config:) was not called") }
            return participants
        }
        set { storage[AccountParticipantsKey.self] = newValue }
    }
}
