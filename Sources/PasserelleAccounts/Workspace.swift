import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// One thing that waits for someone in « Mon espace », with the action that deals with it:
/// « 3 opportunités d’achat non lues » → « Voir les opportunités ».
package struct WorkspaceItem: Sendable, Encodable {
    package var label: String
    package var action: String
    package var href: String

    package init(label: String, action: String, href: String) {
        self.label = label
        self.action = action
        self.href = href
    }
}

/// One organisation the person belongs to, as the workspace's items are asked for it.
package struct WorkspaceScope: Sendable {
    package var organisation: UUID
    package var kind: OrganisationKind
    package var role: MembershipRole
    /// The directory structure it runs, for an inclusive structure.
    package var structure: UUID?
    package var verification: OrganisationVerification
}

/// « Mon espace »: what waits for the signed-in person, organisation by organisation, then what is
/// theirs whatever the organisation (registrations) or comes with a role across organisations
/// (needs to validate, claims and proposals to decide). Accounts shows the page and its own items;
/// the modules above add theirs in their `configure`. Each source answers only what its
/// module holds, and nothing when there is nothing to do.
package struct Workspace: Sendable {
    package typealias OrganisationItems = @Sendable (_ scope: WorkspaceScope, _ request: Request) async throws -> [WorkspaceItem]
    package typealias PersonalItems = @Sendable (_ user: SignedInUser, _ actor: Policy.Actor, _ request: Request) async throws -> [WorkspaceItem]

    package var organisationItems: [OrganisationItems] = []
    package var personalItems: [PersonalItems] = []

    /// Adds a module's sources; called by the modules' `configure`, after the accounts'.
    package static func register(organisation: OrganisationItems? = nil, personal: PersonalItems? = nil, on app: Application) {
        var workspace = app.moduleState(Workspace.self)
        if let organisation { workspace.organisationItems.append(organisation) }
        if let personal { workspace.personalItems.append(personal) }
        app.setModuleState(workspace)
    }
}
