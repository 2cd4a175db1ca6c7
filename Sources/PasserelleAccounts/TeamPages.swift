import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The team page of an organisation (`/organisations/:id`): members, invitations, requests to
/// join; accepting an invitation; asking to join a structure's team from its profile.
package struct TeamPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountsPaths.team, use: team)
        routes.post(AccountsPaths.invite, use: invite)
        routes.post(AccountsPaths.revokeInvitation, use: revokeInvitation)
        routes.post(AccountsPaths.changeRole, use: changeRole)
        routes.get(AccountsPaths.removeMember, use: confirmRemoval)
        routes.post(AccountsPaths.removeMember, use: remove)
        routes.post(AccountsPaths.decideJoinRequest, use: decideRequest)
        routes.get(AccountsPaths.invitation, use: invitation)
        routes.post(AccountsPaths.invitation, use: acceptInvitation)
        routes.post(AccountsPaths.join, use: askToJoin)
    }

    /// The organisation of the URL when the user may do `action` on its team.
    /// An organisation's team is its members': to others, whether it exists stays unsaid (a visitor
    /// is sent to log in, a non-member gets the same 404 as for an unknown one).
    private func organisation(_ request: Request, _ action: Policy.TeamAction) async throws -> Teams.Organisation? {
        let notFound = Abort(.notFound, reason: "Cette organisation n’existe pas, ou vous n’en faites pas partie.")
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw notFound }
        let actor = try await request.actor()
        guard actor.isSignedIn else { return nil }
        guard Policy.decide(.seeMembers, onOrganisation: id, for: actor) == .allowed,
              let organisation = try await Teams.organisation(id, on: request.db) else { throw notFound }
        guard Policy.decide(action, onOrganisation: id, for: actor) == .allowed else {
            throw Abort(.forbidden, reason: "Seuls les administrateurs de « \(organisation.name) » gèrent son équipe.")
        }
        return organisation
    }

    // MARK: The team page

    package struct TeamContext: Encodable {
        package struct MemberRow: Encodable {
            package var name: String
            package var email: String
            package var role: String
            package var roleValue: String
            package var since: String
            package var isSelf: Bool
            package var roleAction: String
            package var removeHref: String
        }

        package struct InvitationRow: Encodable {
            package var email: String
            package var role: String
            package var until: String
            package var revokeAction: String
        }

        package struct RequestRow: Encodable {
            package var name: String
            package var email: String
            package var message: String
            package var askedOn: String
            package var action: String
        }

        package var layout: Layout
        package var name: String
        package var kind: String
        package var structureHref: String?
        package var manages: Bool
        package var csrf: String
        package var message: String?
        package var error: String?
        package var inviteAction: String
        package var inviteEmail: String
        package var members: [MemberRow]
        package var invitations: [InvitationRow]
        package var requests: [RequestRow]
    }

    @Sendable
    package func team(request: Request) async throws -> Response {
        guard let organisation = try await organisation(request, .seeMembers) else { return request.redirect(to: Links.login(next: request.url.path)) }
        return try await render(request, organisation, message: nil, error: nil, email: "")
    }

    private func render(_ request: Request, _ organisation: Teams.Organisation, message: String?, error: String?, email: String) async throws -> Response {
        let manages = Policy.decide(.manageMembers, onOrganisation: organisation.id, for: try await request.actor()) == .allowed
        let members = try await Teams.members(of: organisation.id, on: request.db)
        let invitations = manages ? try await Teams.pendingInvitations(of: organisation.id, on: request.db) : []
        let requests = manages ? try await Teams.joinRequests(of: organisation.id, on: request.db) : []
        let response = try await request.view.render("accounts/team", TeamContext(
            layout: Layout(title: "Équipe — \(organisation.name) — Passerelle", section: "compte",
                           breadcrumbs: [.init(label: "Mon compte", href: AccountsPaths.account.link()), .init(label: "Équipe « \(organisation.name) »")], request: request),
            name: organisation.name, kind: organisation.kind.label,
            structureHref: organisation.structureID.map(Links.structure), manages: manages, csrf: CSRF.token(for: request),
            message: message, error: error, inviteAction: AccountsPaths.invite.link(organisation.id), inviteEmail: email,
            members: members.map { member in
                return .init(name: member.name, email: member.email, role: member.role.label, roleValue: member.role.rawValue,
                             since: DateText.frenchDay(member.createdAt), isSelf: member.userID == request.signedInUser?.id,
                             roleAction: AccountsPaths.changeRole.link(organisation.id, member.userID), removeHref: AccountsPaths.removeMember.link(organisation.id, member.userID))
            },
            invitations: invitations.map { invitation in
                .init(email: invitation.email, role: invitation.role.label, until: DateText.frenchDay(invitation.expiresAt),
                      revokeAction: AccountsPaths.revokeInvitation.link(organisation.id, invitation.id))
            },
            requests: requests.map { asked in
                .init(name: asked.userName, email: asked.userEmail, message: asked.message, askedOn: DateText.frenchDay(asked.createdAt),
                      action: AccountsPaths.decideJoinRequest.link(organisation.id, asked.id))
            }
        )).encodeResponse(for: request)
        if error != nil { response.status = .unprocessableEntity }
        return response
    }

    @Sendable
    package func invite(request: Request) async throws -> Response {
        guard let organisation = try await organisation(request, .manageMembers), let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let form = SubmittedForm(request)
        let typed = String(form["email"].trimmingCharacters(in: .whitespaces).prefix(254))
        if let problem = TeamRule.problem(invitingEmail: typed, role: form["role"]) {
            return try await render(request, organisation, message: nil, error: problem, email: typed)
        }
        let email = EmailAddress(typed)!
        switch try await Teams.invite(email, role: MembershipRole(rawValue: form["role"])!, to: organisation, by: user, request: request) {
        case .sent:
            return try await render(request, organisation, message: "Invitation envoyée à \(email.value) : le lien est valable 7 jours.", error: nil, email: "")
        case .alreadyMember:
            return try await render(request, organisation, message: nil, error: "\(email.value) fait déjà partie de l’équipe.", email: typed)
        }
    }

    @Sendable
    package func revokeInvitation(request: Request) async throws -> Response {
        guard let organisation = try await organisation(request, .manageMembers), let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        guard let id = request.parameters.get("invitation").flatMap(UUID.init(uuidString:)),
              try await Teams.revokeInvitation(id, of: organisation, by: user, request: request) else {
            throw Abort(.notFound, reason: "Cette invitation n’existe pas ou n’est plus en cours.")
        }
        return try await render(request, organisation, message: "Invitation annulée : son lien ne fonctionne plus.", error: nil, email: "")
    }

    private func member(_ request: Request, in organisation: Teams.Organisation) async throws -> Teams.Member {
        guard let id = request.parameters.get("user").flatMap(UUID.init(uuidString:)),
              let member = try await Teams.members(of: organisation.id, on: request.db).first(where: { $0.userID == id }) else {
            throw Abort(.notFound, reason: "Cette personne ne fait pas partie de l’équipe.")
        }
        return member
    }

    private static let lastAdminMessage = "L’équipe doit garder au moins un administrateur : nommez-en un autre d’abord."

    @Sendable
    package func changeRole(request: Request) async throws -> Response {
        guard let organisation = try await organisation(request, .manageMembers), let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let member = try await member(request, in: organisation)
        guard let role = MembershipRole(rawValue: SubmittedForm(request)["role"]) else { throw Abort(.badRequest, reason: "Choisissez le rôle : administrateur ou membre.") }
        switch try await Teams.setRole(role, of: member.userID, in: organisation, by: user, request: request) {
        case .done: return try await render(request, organisation, message: "\(member.name) est désormais \(role.label).", error: nil, email: "")
        case .lastAdmin: return try await render(request, organisation, message: nil, error: Self.lastAdminMessage, email: "")
        case .notMember: throw Abort(.notFound, reason: "Cette personne ne fait pas partie de l’équipe.")
        }
    }

    package struct RemovalContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var csrf: String
        package var action: String
        package var cancel: String
    }

    @Sendable
    package func confirmRemoval(request: Request) async throws -> Response {
        guard let organisation = try await organisation(request, .manageMembers) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let member = try await member(request, in: organisation)
        let heading = "Retirer \(member.name) de l’équipe de «\u{00A0}\(organisation.name)\u{00A0}»\u{00A0}?"
        return try await request.view.render("accounts/remove-member", RemovalContext(
            layout: Layout(title: "\(heading) — Passerelle", section: "compte",
                           breadcrumbs: [.init(label: "Mon compte", href: AccountsPaths.account.link()), .init(label: "Équipe « \(organisation.name) »",
                               href: AccountsPaths.team.link(organisation.id)), .init(label: "Retirer un membre")],
                           request: request),
            heading: heading, csrf: CSRF.token(for: request), action: request.url.path, cancel: AccountsPaths.team.link(organisation.id)
        )).encodeResponse(for: request)
    }

    @Sendable
    package func remove(request: Request) async throws -> Response {
        guard let organisation = try await organisation(request, .manageMembers), let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let member = try await member(request, in: organisation)
        switch try await Teams.setRole(nil, of: member.userID, in: organisation, by: user, request: request) {
        case .done:
            if member.userID == user.id { return request.redirect(to: AccountsPaths.account.link()) }
            return try await render(request, organisation, message: "\(member.name) ne fait plus partie de l’équipe.", error: nil, email: "")
        case .lastAdmin: return try await render(request, organisation, message: nil, error: Self.lastAdminMessage, email: "")
        case .notMember: throw Abort(.notFound, reason: "Cette personne ne fait pas partie de l’équipe.")
        }
    }

    @Sendable
    package func decideRequest(request: Request) async throws -> Response {
        guard let organisation = try await organisation(request, .manageMembers), let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let decision = SubmittedForm(request)["decision"]
        guard decision == "accepter" || decision == "refuser" else { throw Abort(.badRequest, reason: "Décision inconnue : choisissez accepter ou refuser.") }
        guard let id = request.parameters.get("request").flatMap(UUID.init(uuidString:)),
              try await Teams.decide(id, of: organisation, accept: decision == "accepter", by: user, request: request) else {
            throw Abort(.notFound, reason: "Cette demande n’existe pas ou a déjà été traitée.")
        }
        return try await render(request, organisation, message: decision == "accepter" ? "Demande acceptée : la personne fait partie de l’équipe." : "Demande refusée ; la personne en est informée.", error: nil, email: "")
    }

    // MARK: Accepting an invitation

    package struct InvitationContext: Encodable {
        package var layout: Layout
        package var organisation: String?
        package var email: String?
        package var signedIn: Bool
        package var loginHref: String
        package var signUpHref: String
        package var csrf: String
        package var token: String
        package var problem: String?
    }

    @Sendable
    package func invitation(request: Request) async throws -> Response {
        let token = String(((try? request.query.get(String.self, at: "jeton")) ?? "").prefix(200))
        return try await renderInvitation(request, token: token, problem: nil)
    }

    private func renderInvitation(_ request: Request, token: String, problem: String?) async throws -> Response {
        let found = token.isEmpty ? nil : try await Teams.invitation(token: token, on: request.db)
        let usable = found.map { $0.isUsable(at: Date()) } ?? false
        var organisation: Teams.Organisation?
        if usable, let found { organisation = try await Teams.organisation(found.organisationID, on: request.db) }
        let here = AccountsPaths.invitation.link(query: [("jeton", token)])
        let response = try await request.view.render("accounts/invitation", InvitationContext(
            layout: Layout(title: "Invitation — Passerelle", section: "compte", breadcrumbs: [.init(label: "Invitation")], request: request),
            organisation: organisation?.name, email: organisation == nil ? nil : found?.email, signedIn: request.signedInUser != nil,
            loginHref: Links.login(next: here), signUpHref: AccountsPaths.signUp.link(), csrf: CSRF.token(for: request), token: token,
            problem: problem ?? (organisation == nil ? "Ce lien d’invitation n’est plus valable : il a déjà servi, a été annulé ou a expiré (7 jours). Demandez une nouvelle invitation." : nil)
        )).encodeResponse(for: request)
        if organisation == nil { response.status = .notFound } else if problem != nil { response.status = .forbidden }
        return response
    }

    @Sendable
    package func acceptInvitation(request: Request) async throws -> Response {
        let token = String(SubmittedForm(request)["jeton"].prefix(200))
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.invitation.link(query: [("jeton", token)]))) }
        switch try await Teams.accept(token: token, by: user, request: request) {
        case .joined(let organisation):
            return request.redirect(to: AccountsPaths.team.link(organisation.id))
        case .unusable:
            return try await renderInvitation(request, token: "", problem: nil)
        case .otherAddress(let email):
            return try await renderInvitation(request, token: token, problem: "Cette invitation a été envoyée à \(email) : connectez-vous avec cette adresse pour l’accepter (vous êtes connecté·e avec \(user.email)).")
        }
    }

    // MARK: Asking to join a structure's team

    @Sendable
    package func askToJoin(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: DirectoryPaths.profile.link(request.parameters.get("id") ?? ""))) }
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let structure = try await DirectoryQueries.structure(id: id, on: request.db, includingHidden: false),
              let organisation = try await Teams.organisation(ofStructure: id, on: request.db) else {
            throw Abort(.notFound, reason: "Cette fiche n’a pas encore d’équipe : demandez plutôt à la gérer.")
        }
        let message = SubmittedForm(request)["message"].trimmingCharacters(in: .whitespacesAndNewlines)
        guard message.count <= TeamRule.maximumMessageLength else { throw Abort(.unprocessableEntity, reason: "Le message ne peut pas dépasser 1 000 caractères.") }
        guard var known = try await Onboarding.organisation(organisation.id, on: request.db) else { throw Abort(.notFound) }
        // A team made before sign-up by role has no stored domain: its public address or site tells it.
        known.domain = VerificationPolicy.knownDomain(stored: known.domain, publicEmail: structure.email, website: structure.website)
        let heading: String, text: String, link: AccountPages.NoticeContext.Link
        switch try await Onboarding.join(known, by: user, message: message, request: request) {
        case .alreadyMember:
            (heading, text) = ("Vous faites déjà partie de l’équipe", "Votre compte fait déjà partie de l’équipe de « \(structure.name) ».")
            link = .init(label: "Aller à mon espace", href: AccountsPaths.workspace.link())
        case .alreadyRequested:
            (heading, text) = ("Demande déjà envoyée", "Votre demande pour rejoindre l’équipe de « \(structure.name) » attend déjà la réponse de ses administrateurs.")
            link = .init(label: "Revenir à la fiche", href: Links.structure(id))
        case .requested:
            (heading, text) = ("Demande envoyée", "Les administrateurs de « \(structure.name) » ont reçu votre demande. Vous recevrez leur réponse par courriel.")
            link = .init(label: "Revenir à la fiche", href: Links.structure(id))
        case .joined:
            (heading, text) = ("Vous avez rejoint l’équipe", "Votre adresse est du domaine de « \(structure.name) » : vous faites partie de son équipe dès maintenant.")
            link = .init(label: "Aller à mon espace", href: AccountsPaths.workspace.link())
        }
        return try await request.view.render("accounts/notice", AccountPages.NoticeContext(
            layout: Layout(title: "\(heading) — Passerelle", section: "structures", breadcrumbs: [.init(label: structure.name, href: Links.structure(id)), .init(label: heading)], request: request),
            heading: heading, paragraphs: [text], link: link
        )).encodeResponse(for: request)
    }
}
