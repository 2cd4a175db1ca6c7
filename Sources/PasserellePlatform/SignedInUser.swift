import Foundation
import Vapor

/// The user of the session, when someone is logged in. The accounts' `SignedInUserMiddleware`
/// sets it; it is declared here so that every module, and the layout, can read it.
package struct SignedInUser: Sendable {
    package var id: UUID
    package var name: String
    package var email: String

    package init(id: UUID, name: String, email: String) {
        self.id = id
        self.name = name
        self.email = email
    }
}

extension Request {
    private struct SignedInUserKey: StorageKey {
        typealias Value = SignedInUser
    }

    package var signedInUser: SignedInUser? {
        get { storage[SignedInUserKey.self] }
        set { storage[SignedInUserKey.self] = newValue }
    }
}
