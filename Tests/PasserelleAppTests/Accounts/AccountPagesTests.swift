import Foundation
@testable import PasserelleAccounts
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Accounts: sign-up, confirmation, log-in, log-out")
struct AccountPagesTests {
    @Test func signUpConfirmLogInAndSeeTheAccount() async throws {
        try await withPasserelle(.reference) { app in
            // Setup
            let browser = Browser(app)
            let form = try await browser.get("/inscription")
            #expect(form.status == .ok)
            #expect(form.body.text.contains("<h1>Créer un compte</h1>"))

            // Sign up: a page that says to check the mailbox, and a mail with a link.
            let signedUp = try await browser.post("/inscription", Factories.signUpFields())
            #expect(signedUp.status == .ok)
            #expect(signedUp.body.text.contains("Vérifiez votre messagerie"))
            let mails = try await Outbox.messages(to: "camille.martin@exemple.fr", on: app.db)
            #expect(mails.count == 1)
            let mail = try #require(mails.first)
            #expect(mail.subject == "Confirmez votre adresse sur Passerelle")
            #expect(mail.htmlBody.contains("<a href=\"http://passerelle.test/compte/verifier?jeton="))
            let token = try #require(mail.textBody.components(separatedBy: "jeton=").last?.prefix { !$0.isWhitespace })

            // Before confirmation, logging in sends a new link instead.
            try await browser.get("/connexion")
            let early = try await browser.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", Factories.password)])
            #expect(early.body.text.contains("Confirmez d’abord votre adresse"))
            #expect(try await Outbox.messages(to: "camille.martin@exemple.fr", on: app.db).count == 2)

            // Confirmation: once only.
            let confirmed = try await browser.get("/compte/verifier?jeton=\(token)")
            #expect(confirmed.status == .ok)
            #expect(confirmed.body.text.contains("Adresse confirmée"))
            #expect(try await browser.get("/compte/verifier?jeton=\(token)").status == .badRequest)

            // Log in: a new session cookie, HttpOnly and SameSite=Lax, then the account page.
            try await browser.get("/connexion")
            let before = browser.cookies["passerelle_session"]
            let loggedIn = try await browser.post("/connexion", [("email", "Camille.Martin@exemple.fr"), ("password", Factories.password), ("next", "/compte")])
            #expect(loggedIn.status == .seeOther)
            #expect(loggedIn.headers.first(name: .location) == "/compte")
            let cookie = try #require(browser.lastSetCookies["passerelle_session"])
            #expect(cookie.isHTTPOnly && cookie.sameSite == .lax && !cookie.isSecure)
            #expect(browser.cookies["passerelle_session"] != before)
            let page = try await browser.get("/compte")
            #expect(page.status == .ok)
            #expect(page.body.text.contains("camille.martin@exemple.fr"))
            #expect(page.body.text.contains("Se déconnecter"))

            // Audit: who did what.
            let actions = try await Audit.entries(on: app.db).map(\.action)
            #expect(Set(actions).isSuperset(of: ["compte.creation", "compte.verification", "connexion.reussie"]))
        }
    }

    @Test func signUpFormShowsEachProblemNextToItsField() async throws {
        try await withPasserelle(.reference) { app in
            let browser = Browser(app)
            try await browser.get("/inscription")
            let response = try await browser.post("/inscription", [("name", "<script>alert(1)</script>"), ("email", "pas-une-adresse"), ("password", "court"), ("password_confirmation", "court")])
            #expect(response.status == .unprocessableEntity)
            let html = response.body.text
            #expect(html.contains("Le formulaire contient 4 erreurs"))
            #expect(html.contains("Dites qui vous êtes"))
            #expect(html.contains("Cette adresse électronique n’est pas valide"))
            #expect(html.contains("au moins 10 caractères"))
            #expect(html.contains("Acceptez les conditions d’utilisation"))
            #expect(html.contains("aria-invalid=\"true\""))
            #expect(html.contains("value=\"pas-une-adresse\""))
            #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
            #expect(!html.contains("<script>alert(1)</script>"))
            #expect(try await Outbox.messages(to: "pas-une-adresse", on: app.db).isEmpty)
        }
    }

    @Test func signingUpWithATakenAddressLooksTheSameButWarnsTheOwner() async throws {
        try await withPasserelle(.reference) { app in
            _ = try await Factories.confirmedAccount(app)
            let stranger = Browser(app)
            try await stranger.get("/inscription")
            let response = try await stranger.post("/inscription", Factories.signUpFields(name: "Quelqu’un d’autre"))
            #expect(response.status == .ok)
            #expect(response.body.text.contains("Vérifiez votre messagerie"))
            let latest = try #require(try await Outbox.messages(to: "camille.martin@exemple.fr", on: app.db).first)
            #expect(latest.subject == "Vous avez déjà un compte sur Passerelle")
            let count = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM users").first()?.decode(column: "n", as: Int.self)
            #expect(count == 1)
        }
    }

    @Test func formsWithoutTheSessionsTokenAreRefused() async throws {
        try await withPasserelle(.reference) { app in
            let browser = Browser(app)
            try await browser.get("/connexion")
            let response = try await browser.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", Factories.password)], withToken: false)
            #expect(response.status == .forbidden)
            #expect(response.body.text.contains("Ce formulaire a expiré"))
            let forged = try await browser.post("/inscription", Factories.signUpFields() + [("_csrf", "faux")], withToken: false)
            #expect(forged.status == .forbidden)
        }
    }

    @Test func aWrongPasswordAndAnUnknownAddressGetTheSameAnswer() async throws {
        try await withPasserelle(.reference) { app in
            let browser = try await Factories.confirmedAccount(app)
            try await browser.get("/connexion")
            let wrong = try await browser.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", "pas le bon mot de passe")])
            let unknown = try await browser.post("/connexion", [("email", "personne@exemple.fr"), ("password", "pas le bon mot de passe")])
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            #expect(wrong.body.text.contains("Adresse électronique ou mot de passe incorrect."))
            #expect(unknown.body.text.contains("Adresse électronique ou mot de passe incorrect."))
            #expect(try await Audit.entries(action: .loginFailed, on: app.db).count == 2)
        }
    }

    @Test func afterFiveFailuresLogInWaitsEvenWithTheRightPassword() async throws {
        try await withPasserelle(.reference) { app in
            let browser = try await Factories.confirmedAccount(app)
            try await browser.get("/connexion")
            for _ in 0..<5 {
                #expect(try await browser.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", "mauvais mot de passe")]).status == .unauthorized)
            }
            let blocked = try await browser.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", Factories.password)])
            #expect(blocked.status == .tooManyRequests)
            // 30 seconds from the fifth failure (the core's throttle tests the exact wait); a loaded
            // machine may take a few of them between that failure and this request.
            let wait = try #require(blocked.headers.first(name: .retryAfter).flatMap { Int($0) })
            #expect((20...30).contains(wait))
            #expect(blocked.body.text.contains("Trop de tentatives : réessayez dans \(wait) secondes."))
            #expect(try await Audit.entries(action: .loginThrottled, on: app.db).count == 1)
            #expect(try await browser.get("/compte").status == .seeOther)
        }
    }

    @Test func logOutEndsTheSessionAndOnlyLocalPathsAreFollowed() async throws {
        try await withPasserelle(.reference) { app in
            let browser = try await Factories.confirmedAccount(app)
            try await browser.get("/connexion?next=https://exemple.com/")
            let loggedIn = try await browser.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", Factories.password), ("next", "https://exemple.com/")])
            #expect(loggedIn.headers.first(name: .location) == "/mon-espace")
            let home = try await browser.get("/")
            #expect(home.body.text.contains("Mon espace"))
            let loggedOut = try await browser.post("/deconnexion", [])
            #expect(loggedOut.status == .seeOther)
            let account = try await browser.get("/compte")
            #expect(account.status == .seeOther)
            #expect(account.headers.first(name: .location) == "/connexion?next=%2Fcompte")
            #expect(try await Audit.entries(action: .logout, on: app.db).count == 1)
        }
    }

    @Test func aForgottenPasswordIsReplacedThroughASingleUseLinkThatEndsEverySession() async throws {
        try await withPasserelle(.reference) { app in
            // Setup: logged in on one browser.
            let owner = try await Factories.confirmedAccount(app)
            try await owner.get("/connexion")
            try await owner.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", Factories.password)])
            #expect(try await owner.get("/compte").status == .ok)

            // Asking for a link answers the same for known and unknown addresses.
            let other = Browser(app)
            try await other.get("/mot-de-passe-oublie")
            let known = try await other.post("/mot-de-passe-oublie", [("email", "camille.martin@exemple.fr")])
            let unknown = try await other.post("/mot-de-passe-oublie", [("email", "personne@exemple.fr")])
            #expect(known.status == .ok && unknown.status == .ok)
            #expect(known.body.text.contains("Si un compte existe") && unknown.body.text.contains("Si un compte existe"))
            #expect(try await Outbox.messages(to: "personne@exemple.fr", on: app.db).isEmpty)
            // A second request within five minutes sends nothing more.
            try await other.post("/mot-de-passe-oublie", [("email", "camille.martin@exemple.fr")])
            let resets = try await Outbox.messages(to: "camille.martin@exemple.fr", on: app.db).filter { $0.subject.hasPrefix("Choisir un nouveau mot de passe") }
            #expect(resets.count == 1)
            let token = try #require(resets.first?.textBody.components(separatedBy: "jeton=").last?.prefix { !$0.isWhitespace })

            // Opening the link uses nothing up; a weak password is refused; then the change.
            let form = try await other.get("/mot-de-passe/nouveau?jeton=\(token)")
            #expect(form.body.text.contains("Choisir un nouveau mot de passe"))
            let weak = try await other.post("/mot-de-passe/nouveau", [("jeton", String(token)), ("password", "court"), ("password_confirmation", "court")])
            #expect(weak.status == .unprocessableEntity)
            #expect(weak.body.text.contains("au moins 10 caractères"))
            let newPassword = "une autre phrase assez longue"
            let changed = try await other.post("/mot-de-passe/nouveau", [("jeton", String(token)), ("password", newPassword), ("password_confirmation", newPassword)])
            #expect(changed.status == .ok)
            #expect(changed.body.text.contains("Mot de passe changé"))
            let again = try await other.post("/mot-de-passe/nouveau", [("jeton", String(token)), ("password", newPassword), ("password_confirmation", newPassword)])
            #expect(again.status == .badRequest)

            // The logged-in browser is logged out; the old password no longer works, the new one does.
            #expect(try await owner.get("/compte").status == .seeOther)
            try await other.get("/connexion")
            #expect(try await other.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", Factories.password)]).status == .unauthorized)
            #expect(try await other.post("/connexion", [("email", "camille.martin@exemple.fr"), ("password", newPassword)]).status == .seeOther)
            #expect(try await Audit.entries(action: .passwordReset, on: app.db).count == 1)
        }
    }

    @Test func changingThePasswordNeedsTheCurrentOneAndEndsTheOtherSessions() async throws {
        try await withPasserelle(.reference) { app in
            _ = try await Factories.confirmedAccount(app)
            let here = try await Browser.loggedIn(app)
            let elsewhere = try await Browser.loggedIn(app)
            try await here.get("/compte")
            let wrong = try await here.post("/compte/mot-de-passe", [("current_password", "pas le bon"), ("new_password", "une nouvelle phrase longue"), ("new_password_confirmation", "une nouvelle phrase longue")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.text.contains("Ce n’est pas votre mot de passe actuel."))
            // The same error pattern as every form: a summary that takes the focus and leads to the field.
            #expect(wrong.body.text.contains("id=\"erreurs\" autofocus") && wrong.body.text.contains("<a href=\"#current_password\">"))
            let changed = try await here.post("/compte/mot-de-passe", [("current_password", Factories.password), ("new_password", "une nouvelle phrase longue"),
                ("new_password_confirmation", "une nouvelle phrase longue")])
            #expect(changed.status == .ok)
            #expect(changed.body.text.contains("Votre mot de passe est changé"))
            #expect(try await here.get("/compte").status == .ok)
            #expect(try await elsewhere.get("/compte").status == .seeOther)
            _ = try await Browser.loggedIn(app, password: "une nouvelle phrase longue")
        }
    }

    @Test func changingTheAddressTakesEffectOnceTheNewOneIsConfirmed() async throws {
        try await withPasserelle(.reference) { app in
            _ = try await Factories.confirmedAccount(app)
            _ = try await Factories.confirmedAccount(app, email: "dominique@exemple.fr")
            let browser = try await Browser.loggedIn(app)
            try await browser.get("/compte")
            // An address taken by another account: the same answer, and no mail to it.
            let taken = try await browser.post("/compte/adresse", [("new_email", "dominique@exemple.fr"), ("email_password", Factories.password)])
            #expect(taken.status == .ok && taken.body.text.contains("Un lien de confirmation vient d’être envoyé"))
            #expect(try await Outbox.messages(to: "dominique@exemple.fr", on: app.db).count == 1)
            let invalid = try await browser.post("/compte/adresse", [("new_email", "pas-une-adresse"), ("email_password", Factories.password)])
            #expect(invalid.status == .unprocessableEntity)

            let requested = try await browser.post("/compte/adresse", [("new_email", "Camille@Nouvelle.fr"), ("email_password", Factories.password)])
            #expect(requested.body.text.contains("camille@nouvelle.fr"))
            #expect(try await browser.get("/compte").body.text.contains("camille.martin@exemple.fr"))
            let mail = try #require(try await Outbox.messages(to: "camille@nouvelle.fr", on: app.db).first)
            let link = try #require(mail.textBody.components(separatedBy: "/compte/adresse/confirmer?").last?.prefix { !$0.isWhitespace })
            let confirmed = try await browser.get("/compte/adresse/confirmer?" + link)
            #expect(confirmed.status == .ok && confirmed.body.text.contains("Adresse changée"))
            #expect(try await browser.get("/compte/adresse/confirmer?" + link).status == .badRequest)
            #expect(try await Outbox.messages(to: "camille.martin@exemple.fr", on: app.db).first?.subject == "L’adresse de votre compte Passerelle a changé")
            _ = try await Browser.loggedIn(app, email: "camille@nouvelle.fr")
            #expect(try await Audit.entries(action: .emailChanged, on: app.db).first?.detail == "camille.martin@exemple.fr → camille@nouvelle.fr")
        }
    }

    @Test func theUserDownloadsEverythingHeldAboutThem() async throws {
        try await withPasserelle(.demo) { app in
            let browser = try await Browser.loggedIn(app, email: "structure@demo.passerelle.test", password: DemoAccounts.password)
            let response = try await browser.get("/compte/donnees")
            #expect(response.status == .ok)
            #expect(response.headers.contentType == .json)
            #expect(response.headers.first(name: .contentDisposition)?.contains("attachment") == true)
            let data = try response.json
            #expect(data["account"]["email"].string == "structure@demo.passerelle.test")
            #expect(data["memberships"][0]["role"].string == "admin")
            #expect(data["audit_log"].array.contains { $0["action"].string == "connexion.reussie" })
            #expect(!response.body.text.contains("password") && !response.body.text.contains("$2b$"))
            #expect(try await Audit.entries(action: .personalDataExported, on: app.db).count == 1)
            #expect(try await Browser(app).get("/compte/donnees").status == .seeOther)
        }
    }

    @Test func deletingTheAccountKeepsAPseudonymOnly() async throws {
        try await withPasserelle(.demo) { app in
            let browser = try await Browser.loggedIn(app, email: "structure@demo.passerelle.test", password: DemoAccounts.password)
            try await browser.get("/compte")
            let unconfirmed = try await browser.post("/compte/supprimer", [("delete_password", DemoAccounts.password)])
            #expect(unconfirmed.status == .unprocessableEntity)
            #expect(unconfirmed.body.text.contains("Cochez la case pour confirmer la suppression."))
            let deleted = try await browser.post("/compte/supprimer", [("delete_password", DemoAccounts.password), ("delete_confirmed", "oui")])
            #expect(deleted.status == .ok && deleted.body.text.contains("Compte supprimé"))
            #expect(try await browser.get("/compte").status == .seeOther)

            let sql = app.db.sql
            let emails = try await sql.raw("SELECT email, name FROM users").all().map { try $0.decode(column: "email", as: String.self) }
            #expect(!emails.contains("structure@demo.passerelle.test"))
            let memberships = try await sql.raw("SELECT COUNT(*) AS n FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.deleted_at IS NOT NULL").first()?.decode(column: "n", as: Int.self)
            #expect(memberships == 1)
            let actors = try await Audit.entries(on: app.db).map(\.actor)
            #expect(!actors.contains("structure@demo.passerelle.test"))
            #expect(actors.contains { $0.hasPrefix("Compte supprimé ") })
            #expect(try await Outbox.messages(to: "structure@demo.passerelle.test", on: app.db).isEmpty)
            let again = Browser(app)
            try await again.get("/connexion")
            #expect(try await again.post("/connexion", [("email", "structure@demo.passerelle.test"), ("password", DemoAccounts.password)]).status == .unauthorized)
        }
    }

    @Test func pagesCarryAStrictContentSecurityPolicy() async throws {
        try await withPasserelle(.reference) { app in
            let response = try await app.get("/connexion")
            let policy = try #require(response.headers.first(name: "Content-Security-Policy"))
            #expect(policy.contains("script-src 'self'") && policy.contains("frame-ancestors 'none'") && !policy.contains("unsafe-inline"))
            #expect(response.headers.first(name: "X-Content-Type-Options") == "nosniff")
            #expect(response.headers.first(name: "Referrer-Policy") != nil)
        }
    }
}

@Suite("Outbox")
struct OutboxTests {
    struct FailingTransport: MailTransport {
        func send(_ mail: OutgoingMail) async throws { throw Abort(.serviceUnavailable, reason: "serveur de courrier absent") }
    }

    @Test func failedDeliveriesAreRetriedLaterThenSent() async throws {
        try await withPasserelle(.reference) { app in
            let now = Date()
            try await Outbox.enqueue(.compose(to: "a@exemple.fr", subject: "Essai", greeting: "Bonjour,", paragraphs: ["Un <essai>."]), on: app.db, now: now)
            let failed = try await Outbox.deliverDue(on: app.db, transport: FailingTransport(), now: now)
            #expect(failed.sent == 0 && failed.failed == 1)
            // Not due again straight away: the next attempt waits a minute.
            #expect(try await Outbox.deliverDue(on: app.db, transport: LogMailTransport(logger: app.logger), now: now.addingTimeInterval(30)).sent == 0)
            let sent = try await Outbox.deliverDue(on: app.db, transport: LogMailTransport(logger: app.logger), now: now.addingTimeInterval(61))
            #expect(sent.sent == 1)
            let stored = try #require(try await Outbox.messages(to: "a@exemple.fr", on: app.db).first)
            #expect(stored.attempts == 2 && stored.sentAt != nil && stored.lastError?.contains("serveur de courrier absent") == true)
            #expect(stored.htmlBody.contains("Un &lt;essai&gt;."))
        }
    }
}

@Suite("Demo accounts")
struct DemoAccountTests {
    @Test func everyRoleHasADemoAccountWithItsOrganisation() async throws {
        try await withPasserelle(.demo) { app in
            for account in DemoAccounts.accounts {
                let browser = Browser(app)
                try await browser.get("/connexion")
                let response = try await browser.post("/connexion", [("email", account.email), ("password", DemoAccounts.password)])
                #expect(response.status == .seeOther, "\(account.email)")
                let page = try await browser.get("/compte").body.text
                #expect(page.contains(account.kind.label), "\(account.email)")
                #expect(page.contains("administrateur"))
            }
            let structure = Browser(app)
            try await structure.get("/connexion")
            try await structure.post("/connexion", [("email", "structure@demo.passerelle.test"), ("password", DemoAccounts.password)])
            #expect(try await structure.get("/compte").body.text.contains("href=\"/structures/"))
        }
    }

    @Test func productionRefusesTheDemoAccounts() async throws {
        try await withPasserelle(.demo, adjusting: { $0.environment = .production }) { app in
            let browser = Browser(app)
            try await browser.get("/connexion")
            // Production cookies are Secure; a visitor's form costs no session, only its token's cookie.
            #expect(browser.lastSetCookies["__Host-passerelle_csrf"]?.isSecure == true && browser.lastSetCookies["__Host-passerelle_csrf"]?.isHTTPOnly == true)
            #expect(browser.lastSetCookies["passerelle_session"] == nil)
            let response = try await browser.post("/connexion", [("email", "admin@demo.passerelle.test"), ("password", DemoAccounts.password)])
            #expect(response.status == .unauthorized)
        }
    }
}

@Suite("Security of the forms")
struct FormSecurityTests {
    @Test func oversizedBodiesAreRefused() async throws {
        try await withPasserelle(.reference) { app in
            // Through a real socket: the in-memory tester hands bodies over whole, past the limit.
            var headers = HTTPHeaders()
            headers.contentType = .urlEncodedForm
            let huge = "email=a%40exemple.fr&password=" + String(repeating: "a", count: 200_000)
            let response = try await app.testing(method: .running(port: 0)).sendRequest(.POST, "/connexion", headers: headers, body: ByteBuffer(string: huge))
            #expect(response.status == .payloadTooLarge)
            #expect(response.body.text.contains("lang=\"fr\""))
            #expect(try await Audit.entries(action: .loginFailed, on: app.db).isEmpty)
        }
    }
}

@Suite("Sessions")
struct SessionTests {
    @Test func aSessionEndsFourteenDaysAfterLogInWhateverTheCookieSays() async throws {
        try await withPasserelle(.demo) { app in
            let browser = try await Browser.loggedIn(app, email: "admin@demo.passerelle.test", password: DemoAccounts.password)
            #expect(try await browser.get("/compte").status == .ok)
            // Setup: the session was opened fifteen days ago.
            let sql = app.db.sql
            let fifteenDaysAgo = Date().addingTimeInterval(-15 * 86400).timeIntervalSince1970
            let row = try #require(try await sql.raw("SELECT key, data FROM _fluent_sessions").all().first { try $0.decode(column: "data", as: SessionData.self)["user"] != nil })
            var data = try row.decode(column: "data", as: SessionData.self)
            data["since"] = String(fifteenDaysAgo)
            let key = try row.decode(column: "key", as: String.self)
            try await sql.update("_fluent_sessions").set("data", to: SQLBind(data)).where("key", .equal, SQLBind(key)).run()
            #expect(try await browser.get("/compte").status == .seeOther)
        }
    }
}
