import Fluent
import Foundation
import PasserellePlatform
import Vapor

/// What the modules above purchasing add to its flows. Each registers its part in its
/// `configure` (`PurchasingParticipants.register`); purchasing calls none of them by name.
package struct PurchasingParticipants: Sendable {
    /// The hours of a need's month already attributed to people (Journeys): a month's figure may
    /// not go below them. Called inside the declaration's transaction, after its row is locked.
    package var attributedHours: @Sendable (_ need: UUID, _ month: String, _ database: any Database) async throws -> Int = { _, _, _ in 0 }

    /// Changes the participants; called by the modules' `configure`, after purchasing's.
    package static func register(_ change: (inout PurchasingParticipants) -> Void, on app: Application) {
        var participants = app.moduleState(PurchasingParticipants.self)
        change(&participants)
        app.setModuleState(participants)
    }
}

extension Application {
    package var purchasingParticipants: PurchasingParticipants { moduleState(PurchasingParticipants.self) }
}
