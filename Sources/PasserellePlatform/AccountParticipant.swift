import Fluent
import Foundation

/// A module that keeps something of a person, and so has its part in the account's data download
/// and its deletion. Each such module adds itself when the application is configured; the
/// accounts module calls them without knowing them, so that it depends on none of them. It is
/// declared here, below every module, so that `ModuleDefinition` can name it.
package struct AccountParticipant: Sendable {
    /// The account that goes, as the participants need it.
    package struct Departure: Sendable {
        package var user: UUID
        package var email: String
        package var address: String?
        package var publicURL: String

        package init(user: UUID, email: String, address: String? = nil, publicURL: String) {
            self.user = user
            self.email = email
            self.address = address
            self.publicURL = publicURL
        }
    }

    package var module: ProductModule
    /// Its part of the data download, under its own key.
    package var personalData: @Sendable (_ user: UUID, _ database: any Database) async throws -> (key: String, value: any Encodable & Sendable)
    /// What it ends when the account is deleted. It runs before the account's own transaction and
    /// may write to others (the people a freed seat goes to are told).
    package var accountDeleted: @Sendable (_ departure: Departure, _ database: any Database) async throws -> Void

    package init(module: ProductModule, personalData: @escaping @Sendable (_ user: UUID, _ database: any Database) async throws -> (key: String, value: any Encodable & Sendable),
        accountDeleted: @escaping @Sendable (_ departure: Departure, _ database: any Database) async throws -> Void) {
        self.module = module
        self.personalData = personalData
        self.accountDeleted = accountDeleted
    }
}
