import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// What happens when someone signs up, confirms an address or logs in: the steps that pages (and
/// later the API) share, each with its audit entry and its e-mails written in one transaction.
package enum AccountFlows {
    /// Creates the account and mails the confirmation link. An address that already has an
    /// account gets a message saying so instead — at most one every five minutes, so that the
    /// form cannot flood a mailbox — and the page shows the same answer either way, after the
    /// same work (a password hash): sign-up must not tell a stranger who holds an account.
    package static func signUp(_ signUp: SignUp, request: Request, now: Date = Date()) async throws {
        let publicURL = request.platform.config.publicURL
        let hash = try await request.passwords.hash(signUp.password)
        if let existing = try await AccountQueries.account(email: signUp.email, on: request.db) {
            let mail = Mails.alreadyRegistered(to: existing.email, name: existing.name, loginURL: publicURL + Links.login(next: nil))
            try await request.db.retryingTransaction { database in
                // One sign-up at a time per account, on every instance: the check and the mail go together.
                try await AccountQueries.lock(existing.id, on: database)
                guard try await Outbox.count(to: mail.recipient, subject: mail.subject, since: now.addingTimeInterval(-300), on: database) == 0 else { return }
                try await Outbox.enqueue(mail, on: database, now: now)
            }
            return
        }
        try await request.db.retryingTransaction { database in
            let id = try await AccountQueries.create(signUp, passwordHash: hash, on: database)
            let token = try await AccountQueries.issueToken(for: id, purpose: .verifyEmail, on: database)
            try await Outbox.enqueue(Mails.verification(to: signUp.email.value, name: signUp.name, url: Links.verification(token: token, publicURL: publicURL)), on: database)
            try await Audit.record(.signUp, actorID: id, actor: signUp.email.value, object: "utilisateur:\(id.uuidString.lowercased())", address: request.clientAddress, on: database)
        }
    }

    /// Confirms the address a link was sent to; nil when the link is unknown, used or expired.
    package static func verify(token: String, request: Request) async throws -> AccountQueries.Account? {
        try await request.db.retryingTransaction { database in
            guard let id = try await AccountQueries.consumeToken(token, purpose: .verifyEmail, on: database),
                  let account = try await AccountQueries.account(id: id, on: database) else { return nil }
            if !account.isVerified {
                try await AccountQueries.markVerified(id, on: database)
                try await Audit.record(.emailVerified, actorID: id, actor: account.email, object: "utilisateur:\(id.uuidString.lowercased())", address: request.clientAddress, on: database)
            }
            return account
        }
    }

    /// Mails a link to choose a new password, when the address has an account; at most one link
    /// every five minutes, so that the form cannot be used to flood a mailbox.
    package static func requestPasswordReset(email typed: String, request: Request, now: Date = Date()) async throws {
        guard let email = EmailAddress(typed), let account = try await AccountQueries.account(email: email, on: request.db) else { return }
        guard try await AccountQueries.tokensIssued(to: account.id, purpose: .resetPassword, since: now.addingTimeInterval(-300), on: request.db) == 0 else { return }
        try await request.db.retryingTransaction { database in
            let token = try await AccountQueries.issueToken(for: account.id, purpose: .resetPassword, on: database, now: now)
            try await Outbox.enqueue(Mails.passwordReset(to: account.email, name: account.name, url: request.platform.config.publicURL + Links.newPassword(token: token)), on: database)
            try await Audit.record(.passwordResetRequested, actorID: account.id, actor: account.email, address: request.clientAddress, on: database)
        }
    }

    /// Sets the password chosen through a mailed link, and ends every session and every API token
    /// of the account: whoever knew the old password, or took a token with it, loses access. The
    /// owner is told by mail which tokens ended. Nil when the link is unknown, used or expired.
    package static func resetPassword(token: String, to password: String, request: Request) async throws -> AccountQueries.Account? {
        let hash = try await request.passwords.hash(password)
        return try await request.db.retryingTransaction { database in
            guard let id = try await AccountQueries.consumeToken(token, purpose: .resetPassword, on: database),
                  let account = try await AccountQueries.account(id: id, on: database) else { return nil }
            try await AccountQueries.setPassword(id, hash: hash, on: database)
            try await AccountQueries.revokeTokens(of: id, purpose: .resetPassword, on: database)
            // The link reached the mailbox: the address is confirmed too.
            if !account.isVerified { try await AccountQueries.markVerified(id, on: database) }
            try await AccountQueries.endSessions(of: id, on: database)
            let ended = try await APITokens.revokeAll(of: id, email: account.email, reason: "mot de passe réinitialisé", address: request.clientAddress, on: database)
            if !ended.isEmpty {
                try await Outbox.enqueue(Mails.tokensRevoked(to: account.email, name: account.name, tokens: ended,
                    accountURL: request.platform.config.publicURL + AccountsPaths.account.link() + "#jetons"), on: database)
            }
            try await AccountQueries.clearThrottles(of: account.email, on: database)
            try await Audit.record(.passwordReset, actorID: id, actor: account.email, detail: "par lien envoyé par courriel", address: request.clientAddress, on: database)
            return account
        }
    }

    /// The logged-in user's account, and whether `password` is its current password (asked before
    /// every change a stolen session must not be enough for). Checked like a log-in, throttles
    /// included: a stolen session must not become a way to guess the password either.
    package static func ownAccount(_ user: SignedInUser, password: String, request: Request) async throws -> (AccountQueries.Account, Bool) {
        guard let account = try await AccountQueries.account(id: user.id, on: request.db) else { throw Abort(.unauthorized) }
        switch try await checkCredentials(email: account.email, password: password, request: request) {
        case .valid, .unverified: return (account, true)
        case .refused: return (account, false)
        case .throttled(let seconds):
            throw Abort(.tooManyRequests, headers: ["Retry-After": String(Int(seconds.rounded(.up)))], reason: LoginThrottle.message(waiting: seconds))
        }
    }

    /// Changes the password of the logged-in user, who knows the current one; every other session
    /// of the account ends, and its API tokens too when the user asks. Returns the problems by
    /// field (none when done).
    package static func changePassword(of user: SignedInUser, current: String, new: String, confirmation: String, revokingTokens: Bool, request: Request) async throws -> FieldErrors {
        var errors = FieldErrors()
        if let problem = PasswordRules.problem(with: new, email: user.email) {
            errors.add("new_password", problem)
        } else if new != confirmation {
            errors.add("new_password_confirmation", "Les deux mots de passe ne sont pas identiques.")
        }
        let (_, knowsPassword) = try await ownAccount(user, password: current, request: request)
        if !knowsPassword {
            errors.add("current_password", "Ce n’est pas votre mot de passe actuel.")
        }
        guard errors.isEmpty else { return errors }
        let hash = try await request.passwords.hash(new)
        let keeping = request.session.id?.string
        try await request.db.retryingTransaction { database in
            try await AccountQueries.setPassword(user.id, hash: hash, on: database)
            try await AccountQueries.endSessions(of: user.id, keeping: keeping, on: database)
            if revokingTokens {
                _ = try await APITokens.revokeAll(of: user.id, email: user.email, reason: "mot de passe changé", address: request.clientAddress, on: database)
            }
            try await Audit.record(.passwordReset, actorID: user.id, actor: user.email, detail: "depuis la page du compte", address: request.clientAddress, on: database)
        }
        return errors
    }

    /// Mails a confirmation link to the new address; the address changes when it is followed.
    /// An address that already belongs to another account gets nothing, and the page says the
    /// same: the form must not tell who holds an account.
    package static func requestEmailChange(of user: SignedInUser, to typed: String, password: String, request: Request) async throws -> FieldErrors {
        var errors = FieldErrors()
        let email = EmailAddress(typed)
        if email == nil {
            errors.add("new_email", "Cette adresse électronique n’est pas valide (exemple : prenom.nom@structure.fr).")
        } else if email?.value == user.email {
            errors.add("new_email", "C’est déjà l’adresse de votre compte.")
        }
        let (account, knowsPassword) = try await ownAccount(user, password: password, request: request)
        if !knowsPassword {
            errors.add("email_password", "Ce n’est pas votre mot de passe actuel.")
        }
        guard errors.isEmpty, let email else { return errors }
        guard try await AccountQueries.account(email: email, on: request.db) == nil else { return errors }
        try await request.db.retryingTransaction { database in
            let token = try await AccountQueries.issueToken(for: user.id, purpose: .changeEmail, payload: email.value, on: database)
            try await Outbox.enqueue(Mails.emailChange(to: email.value, name: account.name, url: request.platform.config.publicURL + Links.emailChange(token: token)), on: database)
            try await Audit.record(.emailChangeRequested, actorID: user.id, actor: user.email, detail: "vers \(email.value)", address: request.clientAddress, on: database)
        }
        return errors
    }

    /// Follows a change-of-address link: the account takes the new address, and the old one is
    /// told. Nil when the link is unknown, used, expired, or the address was taken meanwhile.
    package static func confirmEmailChange(token: String, request: Request) async throws -> AccountQueries.Account? {
        try await request.db.retryingTransaction { database in
            guard let (id, payload) = try await AccountQueries.consumeTokenWithPayload(token, purpose: .changeEmail, on: database),
                  let email = payload.flatMap(EmailAddress.init), let account = try await AccountQueries.account(id: id, on: database),
                  try await AccountQueries.account(email: email, on: database) == nil else { return nil }
            try await AccountQueries.setEmail(id, to: email, on: database)
            try await Outbox.enqueue(Mails.emailChanged(to: account.email, name: account.name, newEmail: email.value), on: database)
            try await Audit.record(.emailChanged, actorID: id, actor: account.email, detail: "\(account.email) → \(email.value)", address: request.clientAddress, on: database)
            var changed = account
            changed.email = email.value
            return changed
        }
    }

    /// Everything the platform holds about the user, as the data export gives it.
    package struct PersonalData: Encodable {
        package struct Profile: Encodable {
            package var id: UUID
            package var name: String
            package var email: String
            package var email_verified_at: Date?
            package var created_at: Date
            package var last_login_at: Date?
        }

        package struct Membership: Encodable {
            package var organisation_id: UUID
            package var organisation: String
            package var kind: String
            package var role: String
        }

        package struct Mail: Encodable {
            package var subject: String
            package var created_at: Date
            package var sent_at: Date?
            package var text: String
        }

        package struct AuditEntry: Encodable {
            package var at: Date
            package var action: String
            package var detail: String
            package var address: String?
        }

        package struct JoinRequest: Encodable {
            package var organisation_id: UUID
            package var message: String
            package var status: String
            package var created_at: Date
        }

        package var exported_at: Date
        package var account: Profile
        package var memberships: [Membership]
        package var join_requests: [JoinRequest]
        /// The other modules' parts (`AccountParticipant.personalData`), each under its key.
        package var participants: [(key: String, value: any Encodable & Sendable)]
        package var mails: [Mail]
        package var audit_log: [AuditEntry]

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ name: String) { stringValue = name }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        package func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            try container.encode(exported_at, forKey: Key("exported_at"))
            try container.encode(account, forKey: Key("account"))
            try container.encode(memberships, forKey: Key("memberships"))
            try container.encode(join_requests, forKey: Key("join_requests"))
            for part in participants { try container.encode(part.value, forKey: Key(part.key)) }
            try container.encode(mails, forKey: Key("mails"))
            try container.encode(audit_log, forKey: Key("audit_log"))
        }
    }

    package static func personalData(of user: SignedInUser, request: Request, now: Date = Date()) async throws -> PersonalData {
        guard let account = try await AccountQueries.account(id: user.id, on: request.db) else { throw Abort(.unauthorized) }
        try await Audit.record(.personalDataExported, actorID: user.id, actor: user.email, address: request.clientAddress, on: request.db, at: now)
        var parts: [(key: String, value: any Encodable & Sendable)] = []
        for participant in request.application.accountParticipants.all {
            parts.append(try await participant.personalData(user.id, request.db))
        }
        return PersonalData(
            exported_at: now,
            account: .init(id: account.id, name: account.name, email: account.email, email_verified_at: account.emailVerifiedAt, created_at: account.createdAt, last_login_at: account.lastLoginAt),
            memberships: try await OrganisationQueries.memberships(of: user.id, on: request.db).map { .init(organisation_id: $0.organisationID, organisation: $0.name,
                kind: $0.kind.rawValue, role: $0.role.rawValue) },
            join_requests: try await Teams.requests(of: user.id, on: request.db).map { .init(organisation_id: $0.organisationID, message: $0.message, status: $0.status.rawValue,
                created_at: $0.createdAt) },
            participants: parts,
            mails: try await Outbox.messages(to: account.email, on: request.db).map { .init(subject: $0.subject, created_at: $0.createdAt, sent_at: $0.sentAt, text: $0.textBody) },
            audit_log: try await Audit.entries(of: user.id, on: request.db).map { .init(at: $0.at, action: $0.action, detail: $0.detail, address: $0.address) }
        )
    }

    /// Deletes the account of the logged-in user, who confirms with the password: the person
    /// goes (address, name, password, sessions, links, mails); memberships and the audit log keep
    /// a pseudonym, so that what was done stays readable.
    package static func deleteAccount(of user: SignedInUser, password: String, confirmed: Bool, request: Request) async throws -> FieldErrors {
        var errors = FieldErrors()
        let (account, knowsPassword) = try await ownAccount(user, password: password, request: request)
        if !knowsPassword {
            errors.add("delete_password", "Ce n’est pas votre mot de passe actuel.")
        }
        if !confirmed {
            errors.add("delete_confirmed", "Cochez la case pour confirmer la suppression.")
        }
        guard errors.isEmpty else { return errors }
        let pseudonym = "Compte supprimé " + user.id.uuidString.prefix(8).lowercased()
        let departure = AccountParticipant.Departure(user: user.id, email: account.email, address: request.clientAddress, publicURL: request.platform.config.publicURL)
        for participant in request.application.accountParticipants.all {
            try await participant.accountDeleted(departure, request.db)
        }
        try await request.db.retryingTransaction { database in
            try await Audit.record(.accountDeleted, actorID: user.id, actor: pseudonym, address: nil, on: database)
            try await Audit.pseudonymise(user.id, as: pseudonym, on: database)
            try await Outbox.forget(account.email, on: database)
            try await Teams.forget(user.id, email: account.email, on: database)
            try await AccountQueries.pseudonymise(user.id, as: pseudonym, on: database)
            try await AccountQueries.clearThrottles(of: account.email, on: database)
        }
        return errors
    }

    package enum LoginOutcome: Equatable {
        case loggedIn
        case unverified(email: String)
        case refused
        case throttled(seconds: TimeInterval)
    }

    /// What an address and a password are worth.
    package enum CredentialCheck {
        case valid(AccountQueries.Account)
        case unverified(AccountQueries.Account)
        case refused
        case throttled(seconds: TimeInterval)
    }

    /// Checks the throttles (`LoginThrottle.Scope`: the account from this address, the account,
    /// the address), then the password; records failures in every scope, and clears the account's
    /// counts on success. The log-in form and the API's token creation both go through it.
    package static func checkCredentials(email typed: String, password: String, request: Request, now: Date = Date()) async throws -> CredentialCheck {
        if request.platform.passwords.isFull { throw PasswordWork.Busy() }
        let email = EmailAddress(typed)
        let client = request.clientAddress ?? "inconnue"
        let keys = LoginThrottle.Scope.allCases.map { ($0, $0.key(email: email?.value ?? typed.lowercased(), client: client)) }
        var throttles: [String: LoginThrottle] = [:]
        var wait: TimeInterval = 0
        for (scope, key) in keys {
            let throttle = try await AccountQueries.throttle(key, on: request.db)
            throttles[key] = throttle
            wait = max(wait, throttle.wait(at: now, freeFailures: scope.freeFailures))
        }
        if wait > 0 {
            try await Audit.record(.loginThrottled, actorID: nil, actor: email?.value ?? typed, detail: "attente de \(Int(wait.rounded(.up))) s", address: request.clientAddress, on: request.db)
            return .throttled(seconds: wait)
        }
        var account: AccountQueries.Account?
        if let email { account = try await AccountQueries.account(email: email, on: request.db) }
        // Demo accounts have a published password: never in production.
        if request.platform.config.environment == .production, let found = account, DemoAccounts.isDemo(found.email) { account = nil }
        let passwordMatches: Bool
        if let account {
            passwordMatches = try await request.passwords.verify(password, created: account.passwordHash)
        } else {
            // As long as for a real account, so that timing does not tell which addresses exist.
            _ = try await request.passwords.hash(password)
            passwordMatches = false
        }
        guard let account, passwordMatches else {
            let knownID = account?.id
            try await request.db.retryingTransaction { database in
                for (_, key) in keys { try await AccountQueries.recordFailure(key, at: now, on: database) }
                try await Audit.record(.loginFailed, actorID: knownID, actor: email?.value ?? typed, address: request.clientAddress, on: database)
            }
            return .refused
        }
        for (scope, key) in keys where scope.clearedBySuccess && throttles[key]?.failures ?? 0 > 0 {
            try await AccountQueries.clearThrottle(key, on: request.db)
        }
        return account.isVerified ? .valid(account) : .unverified(account)
    }

    /// Logs the user in on a fresh session (a session id known before log-in is never reused
    /// after); an unconfirmed address gets a new confirmation link instead.
    package static func login(email typed: String, password: String, request: Request, now: Date = Date()) async throws -> LoginOutcome {
        let account: AccountQueries.Account
        switch try await checkCredentials(email: typed, password: password, request: request, now: now) {
        case .throttled(let seconds):
            return .throttled(seconds: seconds)
        case .refused:
            return .refused
        case .unverified(let unverified):
            try await request.db.retryingTransaction { database in
                let token = try await AccountQueries.issueToken(for: unverified.id, purpose: .verifyEmail, on: database)
                try await Outbox.enqueue(Mails.verification(to: unverified.email, name: unverified.name, url: Links.verification(token: token, publicURL: request.platform.config.publicURL)), on: database)
            }
            return .unverified(email: unverified.email)
        case .valid(let valid):
            account = valid
        }
        try await request.db.retryingTransaction { database in
            try await AccountQueries.recordLogin(account.id, on: database, now: now)
            try await Audit.record(.login, actorID: account.id, actor: account.email, address: request.clientAddress, on: database)
        }
        if let previous = request.session.id {
            try await request.application.sessions.driver.deleteSession(previous, for: request).get()
            request.session.id = nil
        }
        request.session.data = SessionData()
        request.session.data[BrowserSessionKeys.user] = account.id.uuidString
        request.session.data[BrowserSessionKeys.since] = String(now.timeIntervalSince1970)
        request.signedInUser = SignedInUser(id: account.id, name: account.name, email: account.email)
        return .loggedIn
    }
}

/// The messages of the accounts module.
package enum Mails {
    package static func verification(to email: String, name: String, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: "Confirmez votre adresse sur Passerelle", greeting: "Bonjour \(name),",
            paragraphs: ["Vous venez de créer un compte sur Passerelle. Pour confirmer que cette adresse est bien la vôtre, suivez le lien ci-dessous ; il est valable 48 heures et ne sert qu’une fois.",
                         "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : aucun compte ne sera activé."],
            link: (label: "Confirmer mon adresse", url: url)
        )
    }

    package static func passwordReset(to email: String, name: String, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: "Choisir un nouveau mot de passe sur Passerelle", greeting: "Bonjour \(name),",
            paragraphs: ["Vous avez demandé à changer le mot de passe de votre compte Passerelle. Suivez le lien ci-dessous pour en choisir un nouveau ; il est valable une heure et ne sert qu’une fois.",
                         "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre mot de passe reste le même."],
            link: (label: "Choisir un nouveau mot de passe", url: url)
        )
    }

    package static func emailChange(to email: String, name: String, url: String) -> OutgoingMail {
        .compose(
            to: email, subject: "Confirmez votre nouvelle adresse sur Passerelle", greeting: "Bonjour \(name),",
            paragraphs: ["Vous avez demandé que votre compte Passerelle utilise désormais cette adresse. Suivez le lien ci-dessous pour le confirmer ; il est valable 48 heures et ne sert qu’une fois.",
                         "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : rien ne changera."],
            link: (label: "Confirmer ma nouvelle adresse", url: url)
        )
    }

    package static func emailChanged(to email: String, name: String, newEmail: String) -> OutgoingMail {
        .compose(
            to: email, subject: "L’adresse de votre compte Passerelle a changé", greeting: "Bonjour \(name),",
            paragraphs: ["L’adresse de votre compte Passerelle est désormais \(newEmail). Ce message est envoyé à l’ancienne adresse pour vous prévenir.",
                         "Si vous n’êtes pas à l’origine de ce changement, répondez à l’équipe qui exploite cette instance de Passerelle sans tarder."]
        )
    }

    package static func tokensRevoked(to email: String, name: String, tokens: [String], accountURL: String) -> OutgoingMail {
        .compose(
            to: email, subject: "Vos jetons d’API Passerelle ont été révoqués", greeting: "Bonjour \(name),",
            paragraphs: ["Le mot de passe de votre compte Passerelle vient d’être réinitialisé. Par sécurité, "
                            + (tokens.count == 1 ? "votre jeton d’API « \(tokens[0]) » ne fonctionne plus."
                                : "vos jetons d’API ne fonctionnent plus : " + French.list(tokens.map { "« \($0) »" }) + "."),
                         "Si vos scripts en ont besoin, créez-en de nouveaux depuis votre compte."],
            link: (label: "Mes jetons d’API", url: accountURL)
        )
    }

    package static func alreadyRegistered(to email: String, name: String, loginURL: String) -> OutgoingMail {
        .compose(
            to: email, subject: "Vous avez déjà un compte sur Passerelle", greeting: "Bonjour \(name),",
            paragraphs: ["Quelqu’un, sans doute vous, a voulu créer un compte sur Passerelle avec cette adresse. Elle a déjà un compte : connectez-vous avec elle.",
                         "Si vous n’êtes pas à l’origine de cette demande, ignorez ce message : votre compte n’a pas changé."],
            link: (label: "Se connecter", url: loginURL)
        )
    }
}
