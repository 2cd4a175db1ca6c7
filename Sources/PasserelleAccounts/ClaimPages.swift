import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Asking to manage a structure's profile (from the profile page), and the claims waiting for a
/// decision in the back-office.
package struct ClaimPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.post(AccountsPaths.claim, use: claim)
        routes.get(AccountsPaths.claims, use: pending)
        routes.post(AccountsPaths.decideClaim, use: decide)
    }

    package static func management(of structure: Structure, for request: Request) async throws -> ProfileManagement {
        let profile = Links.structure(structure.id)
        guard let user = request.signedInUser else {
            return ProfileManagement(state: "visitor", loginHref: Links.login(next: profile + "#gestion"))
        }
        if try await OrganisationQueries.manages(user.id, structure: structure.id, on: request.db) {
            let team = try await Teams.organisation(ofStructure: structure.id, on: request.db)
            let work = request.application.moduleState(OrganisationWork.self)
            let link = work.link(.structure, structure.id)
            let unread = link == nil ? 0 : try await work.unread(structure.id, request.db)
            return ProfileManagement(state: "manager", teamHref: team.map { AccountsPaths.team.link($0.id) }, opportunitiesHref: link?.href,
                                     opportunities: link.map { unread == 0 ? $0.label : "\($0.label) (\(French.count(unread, "non lue", "non lues")))" })
        }
        if try await ClaimQueries.hasPending(user: user.id, structure: structure.id, on: request.db) { return ProfileManagement(state: "pending") }
        // A team with admins decides who joins it; the platform is asked only when nobody manages the profile.
        if let team = try await Teams.organisation(ofStructure: structure.id, on: request.db),
           try await Teams.members(of: team.id, on: request.db).contains(where: { $0.role == .admin }) {
            if try await Teams.hasPendingRequest(user: user.id, organisation: team.id, on: request.db) { return ProfileManagement(state: "joinPending") }
            return ProfileManagement(state: "join", action: AccountsPaths.join.link(structure.id), csrf: CSRF.token(for: request))
        }
        return ProfileManagement(state: "open", action: AccountsPaths.claim.link(structure.id), csrf: CSRF.token(for: request))
    }

    @Sendable
    package func claim(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: DirectoryPaths.profile.link(request.parameters.get("id") ?? ""))) }
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let structure = try await DirectoryQueries.structure(id: id, on: request.db, includingHidden: false) else {
            throw Abort(.notFound, reason: "Cette structure n’existe pas ou a été retirée de l’annuaire.")
        }
        let message = ((try? request.content.get(String.self, at: "message")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if let problem = ClaimRule.problem(withMessage: message) { throw Abort(.unprocessableEntity, reason: problem) }
        let heading: String, text: String
        switch try await ClaimFlows.claim(structure, by: user, message: message, request: request) {
        case .accepted:
            (heading, text) = ("Vous gérez cette fiche", "Votre adresse est du domaine de « \(structure.name) » : vous administrez désormais sa fiche.")
        case .pending:
            (heading, text) = ("Demande envoyée", "Un pilote du territoire ou l’équipe de la plateforme va examiner votre demande de gestion de « \(structure.name) ». Vous recevrez sa décision par courriel.")
        case .alreadyManaged:
            (heading, text) = ("Vous gérez déjà cette fiche", "Votre compte administre déjà « \(structure.name) ».")
        case .alreadyPending:
            (heading, text) = ("Demande déjà envoyée", "Votre demande de gestion de « \(structure.name) » attend déjà une décision.")
        }
        return try await request.view.render("accounts/notice", AccountPages.NoticeContext(
            layout: Layout(title: "\(heading) — Passerelle", section: "structures", breadcrumbs: [.init(label: structure.name, href: Links.structure(id)), .init(label: heading)], request: request),
            heading: heading, paragraphs: [text], link: .init(label: "Revenir à la fiche", href: Links.structure(id))
        )).encodeResponse(for: request)
    }

    package struct PendingContext: Encodable {
        package struct Row: Encodable {
            package var structure: String
            package var structureHref: String
            package var place: String
            package var claimant: String
            package var email: String
            package var message: String
            package var askedOn: String
            package var action: String
        }

        package struct JoinRow: Encodable {
            package var team: String
            package var href: String?
            package var place: String
            package var requester: String
            package var askedOn: String
        }

        package var layout: Layout
        package var csrf: String
        package var message: String?
        package var rows: [Row]
        /// The claims outside the steward's territory, counted in words (nil when none).
        package var hidden: String?
        /// Requests to join a team, decided by the team's admins: shown so that the territory
        /// sees those left waiting.
        package var joinRows: [JoinRow]
    }

    @Sendable
    package func pending(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listClaims) { return refusal }
        return try await renderPending(request, message: nil)
    }

    /// The claims and the requests to join a structure's team that `actor` may decide, and how
    /// many claims are others': one reading for the list and the workspace.
    package static func decidable(by actor: Policy.Actor, request: Request) async throws
        -> (claims: [ClaimQueries.Listed], joins: [Teams.WaitingRequest], others: Int) {
        let gazetteer = try request.platform.reference.gazetteer
        let claims = try await ClaimQueries.pending(on: request.db)
        let mine = claims.filter { Policy.decide(.decideClaim, on: .init(id: $0.structureID, communeCode: $0.communeCode, in: gazetteer), for: actor) == .allowed }
        let joins = try await Teams.waitingRequests(on: request.db).filter { waiting in
            guard let structure = waiting.structureID else { return false }
            let commune = waiting.communeCode.flatMap(gazetteer.commune)
            return Policy.decide(.decideClaim, on: .init(id: structure, commune: commune), for: actor) == .allowed
        }
        return (mine, joins, claims.count - mine.count)
    }

    private func renderPending(_ request: Request, message: String?) async throws -> Response {
        let gazetteer = try request.platform.reference.gazetteer
        let (mine, joins, others) = try await Self.decidable(by: try await request.actor(), request: request)
        return try await request.view.render("accounts/claims", PendingContext(
            layout: Layout(title: "Demandes de gestion — Passerelle", section: "admin", breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()),
                .init(label: "Demandes de gestion")], request: request),
            csrf: CSRF.token(for: request), message: message,
            rows: mine.map { claim in
                let commune = claim.communeCode.flatMap(gazetteer.commune)
                return .init(
                    structure: claim.structureName, structureHref: Links.structure(claim.structureID),
                    place: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? "commune inconnue",
                    claimant: claim.userName, email: claim.userEmail, message: claim.message, askedOn: DateText.frenchDay(claim.createdAt),
                    action: AccountsPaths.decideClaim.link(claim.id)
                )
            },
            hidden: others > 0 ? French.count(others, "autre demande concerne une structure", "autres demandes concernent des structures") : nil,
            joinRows: joins.compactMap { waiting in
                let commune = waiting.communeCode.flatMap(gazetteer.commune)
                guard let structure = waiting.structureID else { return nil }
                return .init(team: waiting.organisationName, href: Links.structure(structure),
                             place: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? "commune inconnue",
                             requester: waiting.userName, askedOn: DateText.frenchDay(waiting.createdAt))
            }
        )).encodeResponse(for: request)
    }

    @Sendable
    package func decide(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .listClaims) { return refusal }
        guard let reviewer = request.signedInUser, let id = request.parameters.get("claim").flatMap(UUID.init(uuidString:)),
              let claim = try await ClaimQueries.find(id, on: request.db), claim.status == .pending else {
            throw Abort(.notFound, reason: "Cette demande n’existe pas ou a déjà été traitée.")
        }
        let commune = claim.communeCode.flatMap(try request.platform.reference.gazetteer.commune)
        guard Policy.decide(.decideClaim, on: .init(id: claim.structureID, commune: commune), for: try await request.actor()) == .allowed else {
            throw Abort(.forbidden, reason: "Cette structure n’est pas dans votre territoire.")
        }
        let decision = try ReviewDecision.read(SubmittedForm(request), accept: "accepter", toldTo: "à la personne qui a fait la demande")
        let accepted = decision.accepted
        guard try await ClaimFlows.decide(claim, accept: accepted, reason: decision.reason, reviewer: reviewer, request: request) else {
            throw Abort(.notFound, reason: "Cette demande a déjà été traitée.")
        }
        return try await renderPending(request, message: accepted
            ? "\(claim.userName) administre désormais « \(claim.structureName) »."
            : "La demande \(French.de(claim.userName)) pour « \(claim.structureName) » est refusée ; le motif lui est envoyé.")
    }
}
