import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// What the modules above the directory add to its pages and flows. Each registers its part in its
/// `configure` (`DirectoryParticipants.register`); the directory calls none of them, and without
/// them it shows and does what it has alone (no managers' panel, no reports, no names).
package struct DirectoryParticipants: Sendable {
    /// The box « gérer cette fiche » of a profile, as the viewer sees it (Accounts).
    package var management: @Sendable (_ structure: Structure, _ request: Request) async throws -> ProfileManagement? = { _, _ in nil }
    /// The structure's published reports (Community).
    package var reports: @Sendable (_ structure: UUID, _ database: any Database) async throws -> [ProfileContext.Report] = { _, _ in [] }
    /// The names of the accounts that changed profiles (Accounts).
    package var accountNames: @Sendable (_ users: [UUID], _ database: any Database) async throws -> [UUID: String] = { _, _ in [:] }
    /// Who to tell when a profile is hidden or restored: the people of its organisation (Accounts).
    package var members: @Sendable (_ structure: UUID, _ database: any Database) async throws -> [(email: String, name: String)] = { _, _ in [] }
    /// Writes the partner organisations an import describes, in its transaction (Accounts).
    package var savePartners: @Sendable (_ partners: [PartnerRecord], _ database: any Database, _ now: Date) async throws -> (created: Int, updated: Int, unchanged: Int)
        = { _, _, _ in (0, 0, 0) }

    /// What a search that finds few structures offers next (Purchasing: post the need, so that
    /// it reaches structures further away or those not yet listed).
    package var fewResults: @Sendable (_ query: StructureQuery, _ request: Request) async throws -> FewResultsInvitation? = { _, _ in nil }

    /// Changes the participants; called by the modules' `configure`, after the directory's.
    package static func register(_ change: (inout DirectoryParticipants) -> Void, on app: Application) {
        var participants = app.moduleState(DirectoryParticipants.self)
        change(&participants)
        app.setModuleState(participants)
    }
}

/// The box « gérer cette fiche » of a profile page: what the viewer may do about managing it.
package struct ProfileManagement: Encodable, Sendable {
    /// `visitor`, `manager`, `pending`, `open` (claim), `join` (ask the team) or `joinPending`.
    package var state: String
    package var loginHref: String?
    package var action: String?
    package var csrf: String?
    package var teamHref: String?
    package var opportunitiesHref: String?
    package var opportunities: String?

    package init(state: String, loginHref: String? = nil, action: String? = nil, csrf: String? = nil, teamHref: String? = nil, opportunitiesHref: String? = nil,
                 opportunities: String? = nil) {
        self.state = state
        self.loginHref = loginHref
        self.action = action
        self.csrf = csrf
        self.teamHref = teamHref
        self.opportunitiesHref = opportunitiesHref
        self.opportunities = opportunities
    }
}

/// The invitation a search with few results shows under them.
package struct FewResultsInvitation: Encodable, Sendable {
    package var text: String
    package var actionLabel: String
    package var href: String

    package init(text: String, actionLabel: String, href: String) {
        self.text = text
        self.actionLabel = actionLabel
        self.href = href
    }
}

extension Application {
    package var directoryParticipants: DirectoryParticipants { moduleState(DirectoryParticipants.self) }
}
