import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Sign-up, e-mail confirmation, log-in, log-out, forgotten password, and the account page with
/// its changes of password and address, API tokens, data export and deletion.
package struct AccountPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountsPaths.signUp, use: signUpForm)
        routes.post(AccountsPaths.signUp, use: signUp)
        routes.get(AccountsPaths.verify, use: verify)
        routes.get(AccountsPaths.login, use: loginForm)
        routes.post(AccountsPaths.login, use: login)
        routes.post(AccountsPaths.logout, use: logout)
        routes.get(AccountsPaths.account, use: account)
        routes.post(AccountsPaths.changePassword, use: changePassword)
        routes.post(AccountsPaths.changeEmail, use: changeEmail)
        routes.get(AccountsPaths.confirmEmailChange, use: confirmEmailChange)
        routes.get(AccountsPaths.personalData, use: personalData)
        routes.post(AccountsPaths.tokens, use: createToken)
        routes.get(AccountsPaths.revokeToken, use: revokeTokenForm)
        routes.post(AccountsPaths.revokeToken, use: revokeToken)
        routes.post(AccountsPaths.deleteAccount, use: deleteAccount)
        routes.get(AccountsPaths.forgottenPassword, use: forgottenForm)
        routes.post(AccountsPaths.forgottenPassword, use: forgotten)
        routes.get(AccountsPaths.newPassword, use: newPasswordForm)
        routes.post(AccountsPaths.newPassword, use: newPassword)
    }

    // MARK: Sign-up

    package struct SignUpFields: Content {
        package var name: String?
        package var email: String?
        package var password: String?
        package var password_confirmation: String?
        package var accepts_terms: String?
        package var profile: String?
    }

    package struct SignUpContext: Encodable {
        package struct Values: Encodable {
            package var name: String
            package var email: String
            package var acceptsTerms: Bool
            package var profile: String
        }

        package var layout: Layout
        package var csrf: String
        package var values: Values
        package var steps: [StepperStep]
        package var stepperLabel: String
        package var profiles: [ChoiceOption]
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
    }

    /// The order in which the form shows its fields, for the list of errors at its top.
    private static let signUpFields = ["profile", "name", "email", "password", "password_confirmation", "accepts_terms"]

    @Sendable
    package func signUpForm(request: Request) async throws -> Response {
        // Signed in, the next step is the organisation (or the workspace, once it is done).
        if request.signedInUser != nil { return request.redirect(to: AccountsPaths.workspace.link()) }
        return try await signUpPage(request).encodeResponse(for: request)
    }

    private func signUpPage(_ request: Request) async throws -> View {
        try await renderSignUp(request, values: .init(name: "", email: "", acceptsTerms: false, profile: request.query[String.self, at: "profil"] ?? ""), errors: FieldErrors())
    }

    private func renderSignUp(_ request: Request, values: SignUpContext.Values, errors: FieldErrors) async throws -> View {
        try await request.view.render("accounts/signup", SignUpContext(
            layout: Layout(title: (errors.isEmpty ? "" : "Erreurs — ") + "Créer un compte — Passerelle", section: "inscription",
                           breadcrumbs: [.init(label: "Créer un compte")], request: request),
            csrf: CSRF.token(for: request), values: values, steps: OnboardingPages.steps(current: 1), stepperLabel: "Étapes de l’inscription",
            profiles: SignUpProfile.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: $0.rawValue == values.profile, hint: $0.hint) },
            errors: errors.messages, errorList: Self.signUpFields.compactMap { field in
                // A radio group's error leads to its first choice, which takes the focus.
                errors[field].map { .init(href: field == "profile" ? "#profile-" + (SignUpProfile.allCases.first?.rawValue ?? "") : "#" + field, message: $0) }
            }
        ))
    }

    @Sendable
    package func signUp(request: Request) async throws -> Response {
        let fields = try request.content.decode(SignUpFields.self)
        let input = SignUp.Input(
            name: fields.name ?? "", email: fields.email ?? "", password: fields.password ?? "",
            passwordConfirmation: fields.password_confirmation ?? "", acceptsTerms: fields.accepts_terms != nil, profile: fields.profile ?? ""
        )
        switch input.validate() {
        case .failure(let problems):
            let values = SignUpContext.Values(name: input.name, email: input.email, acceptsTerms: input.acceptsTerms, profile: input.profile)
            let response = try await renderSignUp(request, values: values, errors: problems.errors).encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        case .success(let signUp):
            try await AccountFlows.signUp(signUp, request: request)
            return try await notice(request, heading: "Vérifiez votre messagerie", paragraphs: [
                "Nous avons envoyé un message à \(signUp.email.value). Il contient un lien qui confirme votre adresse ; ce lien est valable 48 heures.",
                "Vous ne le trouvez pas ? Regardez dans les indésirables. En vous connectant avec une adresse non confirmée, vous recevrez un nouveau lien.",
            ]).encodeResponse(for: request)
        }
    }

    @Sendable
    package func verify(request: Request) async throws -> Response {
        let token = (try? request.query.get(String.self, at: "jeton")) ?? ""
        guard !token.isEmpty, let user = try await AccountFlows.verify(token: token, request: request) else {
            let response = try await notice(request, heading: "Ce lien n’est plus valable", paragraphs: [
                "Un lien de confirmation ne sert qu’une fois et expire au bout de 48 heures.",
                "Connectez-vous avec votre adresse et votre mot de passe : si l’adresse n’est pas encore confirmée, un nouveau lien vous sera envoyé.",
            ], link: (label: "Se connecter", href: Links.login(next: nil))).encodeResponse(for: request)
            response.status = .badRequest
            return response
        }
        return try await notice(request, heading: "Adresse confirmée", paragraphs: [
            "Merci, \(user.name) : votre adresse \(user.email) est confirmée. Vous pouvez maintenant vous connecter.",
        ], link: (label: "Se connecter", href: Links.login(next: nil))).encodeResponse(for: request)
    }

    // MARK: Log-in and log-out

    package struct LoginFields: Content {
        package var email: String?
        package var password: String?
        package var next: String?
    }

    package struct LoginContext: Encodable {
        package var layout: Layout
        package var csrf: String
        package var email: String
        package var next: String?
        package var problem: String?
    }

    @Sendable
    package func loginForm(request: Request) async throws -> Response {
        let next = try? request.query.get(String.self, at: "next")
        if request.signedInUser != nil { return request.redirect(to: ReturnPath.local(next, fallback: AccountsPaths.workspace.link())) }
        return try await renderLogin(request, email: "", next: next, problem: nil).encodeResponse(for: request)
    }

    private func renderLogin(_ request: Request, email: String, next: String?, problem: String?) async throws -> View {
        try await request.view.render("accounts/login", LoginContext(
            layout: Layout(title: (problem == nil ? "" : "Erreur — ") + "Se connecter — Passerelle", section: "connexion", breadcrumbs: [.init(label: "Se connecter")], request: request),
            csrf: CSRF.token(for: request), email: email, next: next.map { ReturnPath.local($0) }, problem: problem
        ))
    }

    @Sendable
    package func login(request: Request) async throws -> Response {
        let fields = try request.content.decode(LoginFields.self)
        let email = String((fields.email ?? "").prefix(254))
        switch try await AccountFlows.login(email: email, password: fields.password ?? "", request: request) {
        case .loggedIn:
            return request.redirect(to: ReturnPath.local(fields.next, fallback: AccountsPaths.workspace.link()))
        case .unverified(let address):
            return try await notice(request, heading: "Confirmez d’abord votre adresse", paragraphs: [
                "Votre adresse \(address) n’est pas encore confirmée. Nous venons de vous envoyer un nouveau lien de confirmation, valable 48 heures.",
            ]).encodeResponse(for: request)
        case .refused:
            let response = try await renderLogin(request, email: email, next: fields.next, problem: "Adresse électronique ou mot de passe incorrect.").encodeResponse(for: request)
            response.status = .unauthorized
            return response
        case .throttled(let seconds):
            let response = try await renderLogin(request, email: email, next: fields.next, problem: LoginThrottle.message(waiting: seconds)).encodeResponse(for: request)
            response.status = .tooManyRequests
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(seconds.rounded(.up))))
            return response
        }
    }

    @Sendable
    package func logout(request: Request) async throws -> Response {
        if let user = request.signedInUser {
            try await Audit.record(.logout, actorID: user.id, actor: user.email, address: request.clientAddress, on: request.db)
        }
        request.session.destroy()
        return request.redirect(to: "/")
    }

    // MARK: Forgotten password

    package struct ForgottenContext: Encodable {
        package var layout: Layout
        package var csrf: String
        package var email: String
        package var problem: String?
    }

    @Sendable
    package func forgottenForm(request: Request) async throws -> View {
        try await request.view.render("accounts/forgotten", ForgottenContext(
            layout: Layout(title: "Mot de passe oublié — Passerelle", section: "connexion", breadcrumbs: [.init(label: "Mot de passe oublié")], request: request),
            csrf: CSRF.token(for: request), email: "", problem: nil
        ))
    }

    @Sendable
    package func forgotten(request: Request) async throws -> Response {
        let email = String(((try? request.content.get(String.self, at: "email")) ?? "").prefix(254))
        guard EmailAddress(email) != nil else {
            let response = try await request.view.render("accounts/forgotten", ForgottenContext(
                layout: Layout(title: "Erreur — Mot de passe oublié — Passerelle", section: "connexion", breadcrumbs: [.init(label: "Mot de passe oublié")], request: request),
                csrf: CSRF.token(for: request), email: email, problem: "Indiquez une adresse électronique valide (exemple : prenom.nom@structure.fr)."
            )).encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        }
        try await AccountFlows.requestPasswordReset(email: email, request: request)
        return try await notice(request, heading: "Vérifiez votre messagerie", paragraphs: [
            "Si un compte existe avec l’adresse \(email), un message vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe. Ce lien est valable une heure.",
        ]).encodeResponse(for: request)
    }

    package struct NewPasswordContext: Encodable {
        package var layout: Layout
        package var csrf: String
        package var token: String
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
    }

    @Sendable
    package func newPasswordForm(request: Request) async throws -> View {
        try await renderNewPassword(request, token: (try? request.query.get(String.self, at: "jeton")) ?? "", errors: FieldErrors())
    }

    private func renderNewPassword(_ request: Request, token: String, errors: FieldErrors) async throws -> View {
        // The link is only read here: mail scanners that open links must not use it up.
        try await request.view.render("accounts/new-password", NewPasswordContext(
            layout: Layout(title: (errors.isEmpty ? "" : "Erreur — ") + "Nouveau mot de passe — Passerelle", section: "connexion", breadcrumbs: [.init(label: "Nouveau mot de passe")], request: request),
            csrf: CSRF.token(for: request), token: token, errors: errors.messages,
            errorList: FormErrors(errors, order: ["password", "password_confirmation"]).errorList
        ))
    }

    @Sendable
    package func newPassword(request: Request) async throws -> Response {
        let token = (try? request.content.get(String.self, at: "jeton")) ?? ""
        let password = (try? request.content.get(String.self, at: "password")) ?? ""
        let confirmation = (try? request.content.get(String.self, at: "password_confirmation")) ?? ""
        var errors = FieldErrors()
        if let problem = PasswordRules.problem(with: password, email: nil) {
            errors.add("password", problem)
        } else if password != confirmation {
            errors.add("password_confirmation", "Les deux mots de passe ne sont pas identiques.")
        }
        guard errors.isEmpty else {
            let response = try await renderNewPassword(request, token: token, errors: errors).encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        }
        guard !token.isEmpty, let account = try await AccountFlows.resetPassword(token: token, to: password, request: request) else {
            let response = try await notice(request, heading: "Ce lien n’est plus valable", paragraphs: [
                "Un lien pour changer de mot de passe ne sert qu’une fois et expire au bout d’une heure. Demandez-en un nouveau.",
            ], link: (label: "Demander un nouveau lien", href: AccountsPaths.forgottenPassword.link())).encodeResponse(for: request)
            response.status = .badRequest
            return response
        }
        if request.signedInUser?.id == account.id {
            request.session.destroy()
        }
        return try await notice(request, heading: "Mot de passe changé", paragraphs: [
            "Votre nouveau mot de passe est enregistré. Par sécurité, toutes vos sessions ont été fermées : connectez-vous avec ce nouveau mot de passe.",
        ], link: (label: "Se connecter", href: Links.login(next: nil))).encodeResponse(for: request)
    }

    // MARK: Account

    package struct AccountContext: Encodable {
        package struct Membership: Encodable {
            package var organisation: String
            package var kind: String
            package var role: String
            package var structureHref: String?
            package var teamHref: String
            /// Where this organisation's purchasing work is: its opportunities, its needs, or the
            /// needs to moderate.
            package var purchasingLabel: String?
            package var purchasingHref: String?

        }

        package var layout: Layout
        package var csrf: String
        /// What was just done (the error summary's `message` is a conflict).
        package var done: String?
        package var memberships: [Membership]
        package var name: String
        package var email: String
        package var verifiedOn: String?
        package var createdOn: String
        package var lastLogin: String?
        package var newEmail: String
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
        package var tokens: [Token]
        package var backOffice: Bool
        /// The offer to revoke the tokens in force with a change of password, when there are.
        package var activeTokens: String?
        /// A token just created: shown this once.
        package var newToken: String?

        package struct Token: Encodable {
            package var name: String
            package var createdOn: String
            package var lastUsed: String
            package var revokedOn: String?
            package var revokeHref: String
        }
    }

    @Sendable
    package func account(request: Request) async throws -> Response {
        try await renderAccount(request)
    }

    private func renderAccount(_ request: Request, message: String? = nil, newEmail: String = "", errors: FieldErrors = FieldErrors(), newToken: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        guard let user = request.signedInUser, let account = try await AccountQueries.account(id: user.id, on: request.db) else {
            return request.redirect(to: Links.login(next: AccountsPaths.account.link()))
        }
        let memberships = try await OrganisationQueries.memberships(of: account.id, on: request.db)
        let work = request.application.moduleState(OrganisationWork.self)
        let tokens = try await APITokens.list(of: account.id, on: request.db)
        let activeTokens = tokens.filter { $0.revokedAt == nil }.count
        let response = try await request.view.render("accounts/account", AccountContext(
            layout: Layout(title: (errors.isEmpty ? "" : "Erreur — ") + "Mon compte — Passerelle", section: "compte", breadcrumbs: [.init(label: "Mon compte")], request: request),
            csrf: CSRF.token(for: request), done: message,
            memberships: memberships.map { membership in
                AccountContext.Membership(
                    organisation: membership.name, kind: membership.kind.label,
                    role: membership.role.label, structureHref: membership.structureID.map(Links.structure),
                    teamHref: AccountsPaths.team.link(membership.organisationID),
                    purchasingLabel: work.link(membership.kind, membership.structureID)?.label,
                    purchasingHref: work.link(membership.kind, membership.structureID)?.href
                )
            },
            name: account.name, email: account.email, verifiedOn: account.emailVerifiedAt.map(DateText.frenchDay),
            createdOn: DateText.frenchDay(account.createdAt), lastLogin: account.lastLoginAt.map(DateText.frenchDay),
            newEmail: newEmail, errors: errors.messages,
            errorList: FormErrors(errors, order: ["current_password", "new_password", "new_password_confirmation", "new_email", "email_password", "token_name",
                                                  "token_password", "delete_password", "delete_confirmed"]).errorList,
            tokens: tokens.map { token in
                AccountContext.Token(
                    name: token.name, createdOn: DateText.frenchDay(token.createdAt), lastUsed: token.lastUsedAt.map(DateText.frenchDay) ?? "jamais",
                    revokedOn: token.revokedAt.map(DateText.frenchDay), revokeHref: AccountsPaths.revokeToken.link(token.id)
                )
            },
            backOffice: Policy.decide(.openBackOffice, for: try await request.actor()) == .allowed,
            activeTokens: activeTokens == 0 ? nil : activeTokens == 1 ? "Révoquer aussi mon jeton d’API actif" : "Révoquer aussi mes \(activeTokens) jetons d’API actifs",
            newToken: newToken
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    @Sendable
    package func changePassword(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.account.link())) }
        let field = { (name: String) in (try? request.content.get(String.self, at: name)) ?? "" }
        let revokingTokens = field("revoke_tokens") == "oui"
        let errors = try await AccountFlows.changePassword(
            of: user, current: field("current_password"), new: field("new_password"), confirmation: field("new_password_confirmation"),
            revokingTokens: revokingTokens, request: request
        )
        guard errors.isEmpty else { return try await renderAccount(request, errors: errors, status: .unprocessableEntity) }
        return try await renderAccount(request, message: "Votre mot de passe est changé. Vos autres sessions ont été fermées"
            + (revokingTokens ? ", et vos jetons d’API révoqués." : "."))
    }

    @Sendable
    package func changeEmail(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.account.link())) }
        let newEmail = String(((try? request.content.get(String.self, at: "new_email")) ?? "").prefix(254))
        let password = (try? request.content.get(String.self, at: "email_password")) ?? ""
        let errors = try await AccountFlows.requestEmailChange(of: user, to: newEmail, password: password, request: request)
        guard errors.isEmpty else { return try await renderAccount(request, newEmail: newEmail, errors: errors, status: .unprocessableEntity) }
        return try await renderAccount(request, message: "Un lien de confirmation vient d’être envoyé à \(EmailAddress(newEmail)?.value ?? newEmail). Votre adresse changera quand vous l’aurez suivi.")
    }

    @Sendable
    package func confirmEmailChange(request: Request) async throws -> Response {
        let token = (try? request.query.get(String.self, at: "jeton")) ?? ""
        guard !token.isEmpty, let account = try await AccountFlows.confirmEmailChange(token: token, request: request) else {
            let response = try await notice(request, heading: "Ce lien n’est plus valable", paragraphs: [
                "Un lien de changement d’adresse ne sert qu’une fois et expire au bout de 48 heures. Refaites la demande depuis la page de votre compte.",
            ], link: (label: "Mon compte", href: AccountsPaths.account.link())).encodeResponse(for: request)
            response.status = .badRequest
            return response
        }
        if request.signedInUser?.id == account.id { request.signedInUser?.email = account.email }
        return try await notice(request, heading: "Adresse changée", paragraphs: [
            "Votre compte utilise désormais l’adresse \(account.email). Connectez-vous avec elle à partir de maintenant.",
        ], link: (label: "Mon compte", href: AccountsPaths.account.link())).encodeResponse(for: request)
    }

    // MARK: API tokens

    @Sendable
    package func createToken(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.account.link())) }
        let name = ((try? request.content.get(String.self, at: "token_name")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        let password = (try? request.content.get(String.self, at: "token_password")) ?? ""
        var errors = FieldErrors()
        if !(1...80).contains(name.count) {
            errors.add("token_name", "Donnez au jeton un nom de 1 à 80 caractères, qui dit à quoi il sert.")
        } else if let problem = OneLineText.problem(in: name) {
            errors.add("token_name", problem)
        }
        // A token outlives the session: a stolen session alone must not be enough to make one.
        if try await !AccountFlows.ownAccount(user, password: password, request: request).1 {
            errors.add("token_password", "Ce n’est pas votre mot de passe actuel.")
        }
        guard errors.isEmpty else { return try await renderAccount(request, errors: errors, status: .unprocessableEntity) }
        let created = try await APITokens.create(for: user.id, email: user.email, name: name, address: request.clientAddress, on: request.db)
        return try await renderAccount(request, message: "Jeton « \(name) » créé. Copiez-le maintenant : il ne sera plus jamais affiché.", newToken: created.token)
    }

    package struct RevokeContext: Encodable {
        package var layout: Layout
        package var csrf: String
        package var name: String
        package var action: String
    }

    @Sendable
    package func revokeTokenForm(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.account.link())) }
        guard let id = request.parameters.get("token").flatMap(UUID.init(uuidString:)),
              let token = try await APITokens.list(of: user.id, on: request.db).first(where: { $0.id == id && $0.revokedAt == nil }) else {
            throw Abort(.notFound, reason: "Ce jeton n’existe pas ou est déjà révoqué.")
        }
        return try await request.view.render("accounts/revoke-token", RevokeContext(
            layout: Layout(title: "Révoquer un jeton — Passerelle", section: "compte", breadcrumbs: [.init(label: "Mon compte", href: AccountsPaths.account.link()),
                .init(label: "Révoquer un jeton")], request: request),
            csrf: CSRF.token(for: request), name: token.name, action: AccountsPaths.revokeToken.link(id)
        )).encodeResponse(for: request)
    }

    @Sendable
    package func revokeToken(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.account.link())) }
        guard let id = request.parameters.get("token").flatMap(UUID.init(uuidString:)),
              try await APITokens.revoke(id, of: user.id, email: user.email, address: request.clientAddress, on: request.db) else {
            throw Abort(.notFound, reason: "Ce jeton n’existe pas ou est déjà révoqué.")
        }
        return try await renderAccount(request, message: "Le jeton est révoqué : il ne donne plus accès à l’API.")
    }

    // MARK: Personal data

    @Sendable
    package func personalData(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.personalData.link())) }
        let data = try await AccountFlows.personalData(of: user, request: request)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        let response = Response(status: .ok, body: .init(data: try encoder.encode(data)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"passerelle-mes-donnees-\(DateText.isoDay(Date())).json\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    @Sendable
    package func deleteAccount(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.account.link())) }
        let password = (try? request.content.get(String.self, at: "delete_password")) ?? ""
        let confirmed = (try? request.content.get(String.self, at: "delete_confirmed")) != nil
        let errors = try await AccountFlows.deleteAccount(of: user, password: password, confirmed: confirmed, request: request)
        guard errors.isEmpty else { return try await renderAccount(request, errors: errors, status: .unprocessableEntity) }
        request.session.destroy()
        request.signedInUser = nil
        return try await notice(request, heading: "Compte supprimé", paragraphs: [
            "Votre compte est supprimé : votre nom, votre adresse, votre mot de passe et vos messages ont été effacés. Ce que vous avez fait pour vos organisations reste visible sous un pseudonyme.",
        ]).encodeResponse(for: request)
    }

    // MARK: Notices

    package struct NoticeContext: Encodable {
        package struct Link: Encodable {
            package var label: String
            package var href: String
        }

        package var layout: Layout
        package var heading: String
        package var paragraphs: [String]
        package var link: Link?
    }

    private func notice(_ request: Request, heading: String, paragraphs: [String], link: (label: String, href: String)? = nil) async throws -> View {
        try await request.view.render("accounts/notice", NoticeContext(
            layout: Layout(title: "\(heading) — Passerelle", section: "connexion", breadcrumbs: [.init(label: heading)], request: request),
            heading: heading, paragraphs: paragraphs, link: link.map { .init(label: $0.label, href: $0.href) }
        ))
    }
}
