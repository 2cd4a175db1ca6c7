import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Where an organisation's work lies in the modules above the accounts, for the account page and
/// a profile's « gérer cette fiche » box: a link to it (« Opportunités d’achat », « Mes besoins
/// d’achat »…) and, for a structure, how many opportunities wait unread. Purchasing registers it in
/// its `configure`; without it the pages show the team and no such link.
package struct OrganisationWork: Sendable {
    package var link: @Sendable (_ kind: OrganisationKind, _ structure: UUID?) -> (label: String, href: String)? = { _, _ in nil }
    package var unread: @Sendable (_ structure: UUID, _ database: any Database) async throws -> Int = { _, _ in 0 }

    /// Changes the registration; called by the modules' `configure`, after the accounts'.
    package static func register(_ change: (inout OrganisationWork) -> Void, on app: Application) {
        var work = app.moduleState(OrganisationWork.self)
        change(&work)
        app.setModuleState(work)
    }
}
