import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// « Mon espace », the page after log-in: for each organisation of the person, what waits for them
/// with its action, then what is theirs across organisations; « Mon compte » keeps the settings.
package struct WorkspacePage: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountsPaths.workspace, use: workspace)
    }

    package struct FirstStep: Encodable {
        package var text: String
        package var action: String?
        package var href: String?
    }

    package struct Context: Encodable {
        package struct Section: Encodable {
            package var heading: String
            package var detail: String
            package var items: [WorkspaceItem]
            /// Why the organisation may not publish yet, while it waits for its verification.
            package var notice: String?
            /// What to do first when nothing waits, with the way to do it.
            package var empty: FirstStep
            package var teamHref: String
        }

        package var layout: Layout
        package var name: String
        package var sections: [Section]
        package var personal: [WorkspaceItem]
    }

    @Sendable
    package func workspace(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.workspace.link())) }
        // A newcomer without an organisation goes on where they left the sign-up.
        if OnboardingStep.of(try await Onboarding.situation(of: user.id, on: request.db)) != .done {
            return request.redirect(to: AccountsPaths.onboarding.link())
        }
        let actor = try await request.actor()
        let workspace = request.application.moduleState(Workspace.self)
        var sections: [Context.Section] = []
        for membership in try await OrganisationQueries.memberships(of: user.id, on: request.db) {
            let scope = WorkspaceScope(organisation: membership.organisationID, kind: membership.kind, role: membership.role,
                                       structure: membership.structureID, verification: membership.verification)
            var items = try await Self.ownItems(scope, request: request)
            for source in workspace.organisationItems { items += try await source(scope, request) }
            sections.append(.init(heading: membership.name, detail: "\(membership.kind.label) · \(membership.role.label)", items: items,
                                  notice: Self.verificationNotice(membership.verification, name: membership.name),
                                  empty: Self.firstStep(scope, links: request.application.storage[ModuleStateKey<TemplateLinks>.self]?.byName ?? [:]),
                                  teamHref: AccountsPaths.team.link(membership.organisationID)))
        }
        var personal = try await Self.ownPersonalItems(actor, request: request)
        for source in workspace.personalItems { personal += try await source(user, actor, request) }
        return try await request.view.render("accounts/workspace", Context(
            layout: Layout(title: "Mon espace — Passerelle", section: "espace", breadcrumbs: [.init(label: "Mon espace")], request: request),
            name: user.name, sections: sections, personal: personal
        )).encodeResponse(for: request)
    }

    /// What the accounts hold for one organisation: the requests to join its team (for its
    /// administrators) and, for a structure, what its profile still lacks.
    static func ownItems(_ scope: WorkspaceScope, request: Request) async throws -> [WorkspaceItem] {
        var items: [WorkspaceItem] = []
        if scope.role == .admin {
            let requests = try await Teams.joinRequests(of: scope.organisation, on: request.db).count
            if requests > 0 {
                items.append(.init(label: French.count(requests, "demande pour rejoindre l’équipe", "demandes pour rejoindre l’équipe"),
                                   action: "Répondre", href: AccountsPaths.team.link(scope.organisation)))
            }
        }
        if let id = scope.structure, let structure = try await DirectoryQueries.structure(id: id, on: request.db) {
            let completeness = ProfileCompleteness(of: structure)
            if let missing = completeness.sentence {
                items.append(.init(label: "Fiche complète à \(completeness.percent) % : \(missing)", action: "Compléter la fiche",
                                   href: DirectoryPaths.editProfile.link(id)))
            }
        }
        return items
    }

    static func verificationNotice(_ verification: OrganisationVerification, name: String) -> String? {
        switch verification {
        case .verified: nil
        case .pending: VerificationPolicy.waitingMessage(for: name)
        case .refused: "La vérification de « \(name) » a été refusée : vous ne pouvez pas publier en son nom. Le courriel reçu dit pourquoi et comment répondre."
        }
    }

    /// The claims, join requests and verifications a steward or the platform team decides, as
    /// their lists show them.
    static func ownPersonalItems(_ actor: Policy.Actor, request: Request) async throws -> [WorkspaceItem] {
        guard Policy.decide(.listClaims, for: actor) == .allowed else { return [] }
        var items: [WorkspaceItem] = []
        let decidable = try await ClaimPages.decidable(by: actor, request: request)
        let waiting = decidable.claims.count + decidable.joins.count
        if waiting > 0 {
            items.append(.init(label: French.count(waiting, "demande de gestion ou d’équipe à décider", "demandes de gestion ou d’équipe à décider"),
                               action: "Décider", href: AccountsPaths.claims.link()))
        }
        let verifications = try await Verifications.decidable(by: actor, request: request).count
        if verifications > 0 {
            items.append(.init(label: French.count(verifications, "organisation à vérifier", "organisations à vérifier"), action: "Vérifier", href: AccountsPaths.verifications.link()))
        }
        if actor.isPlatformTeam {
            let orphans = try await Teams.requestsWithoutAdmin(on: request.db)
            if let first = orphans.first {
                items.append(.init(label: French.count(orphans.count, "demande pour rejoindre une organisation sans administrateur",
                                                       "demandes pour rejoindre une organisation sans administrateur"),
                                   action: "Répondre", href: AccountsPaths.team.link(first)))
            }
        }
        return items
    }

    /// Where a newcomer of each kind of organisation starts, and the page that does it (a page
    /// of a module above, found among the templates' links by its name).
    static func firstStep(_ scope: WorkspaceScope, links: [String: String]) -> FirstStep {
        func step(_ text: String, _ action: String, _ link: String?) -> FirstStep { FirstStep(text: text, action: link == nil ? nil : action, href: link) }
        switch scope.kind {
        case .structure:
            return step("Rien n’attend votre réponse. Complétez la fiche de votre structure : les acheteurs et les partenaires la trouvent dans l’annuaire. "
                        + "Tenez aussi les parcours des personnes que vous accompagnez, de l’embauche à l’emploi durable.",
                        "Compléter la fiche", scope.structure.map { DirectoryPaths.editProfile.link($0) })
        case .publicBuyer, .privateBuyer:
            return step("Rien n’attend votre réponse. Déposez un premier besoin d’achat : il est proposé aux structures qui peuvent y répondre.",
                        "Déposer un besoin", links["newNeed"])
        case .partner:
            return step("Rien n’attend votre réponse. Cherchez un service pour orienter une personne, ou publiez les vôtres.", "Chercher un service", links["services"])
        case .company:
            return step("Rien n’attend votre réponse. Publiez une offre d’emploi : elle paraît autour de sa commune pour les structures qui accompagnent des personnes "
                        + "vers l’emploi. L’annuaire montre les structures inclusives de votre territoire.", "Publier une offre", links["newOffer"])
        case .facilitator:
            return step("Aucun besoin n’attend votre validation. Le tableau de bord donne les chiffres de votre territoire.", "Tableau de bord",
                        scope.verification == .verified ? links["dashboard"] : nil)
        case .steward:
            return step("Rien de plus pour cette organisation : ce que votre territoire vous donne à décider paraît sous « Pour vous ».", "Back-office",
                        scope.verification == .verified ? links["backOffice"] : nil)
        case .platform:
            return step("Rien de plus pour cette équipe : les files d’attente de la plateforme paraissent sous « Pour vous » quand elles ont du travail, "
                        + "et le back-office les montre toutes.", "Back-office", links["backOffice"])
        }
    }
}
