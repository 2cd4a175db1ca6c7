import Foundation
import Vapor

/// The user of the session, when someone is logged in. The accounts' `SignedInUserMiddleware`
/// sets it; it is declared here so that every module, and the layout, can read it.
struct SignedInUser: Sendable {
    var id: UUID
    var name: String
    var email: String
}

extension Request {
    private struct SignedInUserKey: StorageKey {
        typealias Value = SignedInUser
    }

    var signedInUser: SignedInUser? {
        get { storage[SignedInUserKey.self] }
        set { storage[SignedInUserKey.self] = newValue }
    }
}
