import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// What the modules above the directory add to its pages and flows. Each registers its part in its
/// `configure` (`DirectoryParticipants.register`); the directory calls none of them, and without
/// them it shows and does what it has alone (no managers' panel, no reports, no names).
struct DirectoryParticipants: Sendable {
    /// The box « gérer cette fiche » of a profile, as the viewer sees it (Accounts).
    var management: @Sendable (_ structure: Structure, _ request: Request) async throws -> ProfileManagement? = { _, _ in nil }
    /// The structure's published reports (Community).
    var reports: @Sendable (_ structure: UUID, _ database: any Database) async throws -> [ProfileContext.Report] = { _, _ in [] }
    /// The names of the accounts that changed profiles (Accounts).
    var accountNames: @Sendable (_ users: [UUID], _ database: any Database) async throws -> [UUID: String] = { _, _ in [:] }
    /// Who to tell when a profile is hidden or restored: the people of its organisation (Accounts).
    var members: @Sendable (_ structure: UUID, _ database: any Database) async throws -> [(email: String, name: String)] = { _, _ in [] }
    /// Writes the partner organisations an import describes, in its transaction (Accounts).
    var savePartners: @Sendable (_ partners: [PartnerRecord], _ database: any Database, _ now: Date) async throws -> (created: Int, updated: Int, unchanged: Int)
        = { _, _, _ in (0, 0, 0) }

    /// Changes the participants; called by the modules' `configure`, after the directory's.
    static func register(_ change: (inout DirectoryParticipants) -> Void, on app: Application) {
        var participants = app.moduleState(DirectoryParticipants.self)
        change(&participants)
        app.setModuleState(participants)
    }
}

/// The box « gérer cette fiche » of a profile page: what the viewer may do about managing it.
struct ProfileManagement: Encodable, Sendable {
    /// `visitor`, `manager`, `pending`, `open` (claim), `join` (ask the team) or `joinPending`.
    var state: String
    var loginHref: String?
    var action: String?
    var csrf: String?
    var teamHref: String?
    var opportunitiesHref: String?
    var opportunities: String?
}

extension Application {
    var directoryParticipants: DirectoryParticipants { moduleState(DirectoryParticipants.self) }
}
