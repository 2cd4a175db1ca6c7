import Foundation
@testable import PasserelleAccounts
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Accounts: API tokens, /api/v1/me, /api/v1/auth/token")
struct AccountAPITests {
    static func me(_ app: Application, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.get("/api/v1/me", headers: headers)
    }

    @Test func aScriptGetsATokenAndReadsItsAccount() async throws {
        try await withPasserelle(.demo) { app in
            // Without a token, or with a wrong one: 401 with a reason.
            for token in [nil, "pas_inconnu", "n-importe-quoi"] {
                let refused = try await Self.me(app, token: token)
                #expect(refused.status == .unauthorized)
                #expect(try refused.json["error"].bool == true)
            }
            let created = try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "structure@demo.passerelle.test", "password": "passerelle-demo", "name": "export hebdomadaire"}"#)
            #expect(created.status == .created)
            let token = try #require(try created.json["token"].string)
            #expect(token.hasPrefix("pas_"))
            #expect(try created.json["name"].string == "export hebdomadaire")

            let me = try await Self.me(app, token: token)
            #expect(me.status == .ok)
            let body = try me.json
            #expect(body["email"].string == "structure@demo.passerelle.test")
            #expect(body["memberships"][0]["role"].string == "admin")
            #expect(body["memberships"][0]["organisation"]["kind"].string == "structure")
            #expect(body["memberships"][0]["organisation"]["structure_id"].string != nil)
            #expect(try await Audit.entries(action: .tokenCreated, on: app.db).count == 1)
            #expect(try await Audit.entries(action: .tokenUsed, on: app.db).count == 1)
            _ = try await Self.me(app, token: token)
            #expect(try await Audit.entries(action: .tokenUsed, on: app.db).count == 1)
        }
    }

    @Test func tokenCreationRefusesBadInputAndIsThrottled() async throws {
        try await withPasserelle(.demo) { app in
            #expect(try await API.postJSON(app, "/api/v1/auth/token", "pas du json").status == .badRequest)
            #expect(try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "admin@demo.passerelle.test", "password": "passerelle-demo", "name": "   "}"#).status == .badRequest)
            for _ in 0..<5 {
                let wrong = try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "admin@demo.passerelle.test", "password": "mauvais", "name": "essai"}"#)
                #expect(wrong.status == .unauthorized)
            }
            let throttled = try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "admin@demo.passerelle.test", "password": "passerelle-demo", "name": "essai"}"#)
            #expect(throttled.status == .tooManyRequests)
            // The 30-second window runs from the first failure; the five Bcrypt checks may take seconds.
            let retryAfter = throttled.headers.first(name: .retryAfter).flatMap(Int.init)
            #expect(retryAfter.map { (20...30).contains($0) } == true, "\(String(describing: retryAfter))")
            #expect(try throttled.json["reason"].string?.hasPrefix("Trop de tentatives") == true)
        }
    }

    @Test func tokensAreCreatedShownOnceAndRevokedFromTheAccountPage() async throws {
        try await withPasserelle(.demo) { app in
            let browser = try await Browser.loggedIn(app, email: "partenaire@demo.passerelle.test", password: DemoAccounts.password)
            try await browser.get("/compte")
            #expect(try await browser.post("/compte/jetons", [("token_name", ""), ("token_password", DemoAccounts.password)]).status == .unprocessableEntity)
            // The session alone is not enough: the password is asked.
            let withoutPassword = try await browser.post("/compte/jetons", [("token_name", "tableau de bord"), ("token_password", "pas le bon")])
            #expect(withoutPassword.status == .unprocessableEntity && withoutPassword.body.text.contains("Ce n’est pas votre mot de passe actuel."))
            let owner = try #require(try await AccountQueries.account(email: .init("partenaire@demo.passerelle.test")!, on: app.db))
            #expect(try await APITokens.list(of: owner.id, on: app.db).isEmpty)
            let created = try await browser.post("/compte/jetons", [("token_name", "tableau de bord"), ("token_password", DemoAccounts.password)])
            let html = created.body.text
            let token = try #require(html.components(separatedBy: "id=\"new-token\" class=\"token\" value=\"").last?.prefix { $0 != "\"" })
            #expect(token.hasPrefix("pas_"))
            #expect(try await Self.me(app, token: String(token)).status == .ok)
            #expect(!(try await browser.get("/compte").body.text.contains(String(token))))

            let id = try #require(try await APITokens.list(of: owner.id, on: app.db).first?.id)
            let path = "/compte/jetons/\(id.uuidString.lowercased())/revoquer"
            // Another user cannot revoke it.
            let stranger = try await Browser.loggedIn(app, email: "acheteur@demo.passerelle.test", password: DemoAccounts.password)
            try await stranger.get("/compte")
            #expect(try await stranger.post(path, []).status == .notFound)

            let confirm = try await browser.get(path)
            #expect(confirm.body.text.contains("Révoquer le jeton « tableau de bord » ?"))
            let revoked = try await browser.post(path, [])
            #expect(revoked.body.text.contains("Le jeton est révoqué"))
            #expect(revoked.body.text.contains("révoqué le"))
            #expect(try await Self.me(app, token: String(token)).status == .unauthorized)
            #expect(try await browser.post(path, []).status == .notFound)
            #expect(try await Audit.entries(action: .tokenRevoked, on: app.db).count == 1)
        }
    }

    /// A token made with the old password stops with it: a reset ends every token (and says
    /// which by mail), a change does when the user asks.
    @Test func aNewPasswordEndsTheTokens() async throws {
        try await withPasserelle(.demo) { app in
            let email = "partenaire@demo.passerelle.test"
            let first = try await Persona.partner.token(app)
            let browser = try await Persona.partner.browser(app)
            #expect(try await browser.get("/compte").body.text.contains("Révoquer aussi mon jeton d’API actif"))
            let keep = try await browser.post("/compte/mot-de-passe", [("current_password", DemoAccounts.password), ("new_password", "une phrase toute neuve"),
                                                                     ("new_password_confirmation", "une phrase toute neuve")])
            #expect(keep.status == .ok)
            #expect(try await Self.me(app, token: first).status == .ok)
            let revoke = try await browser.post("/compte/mot-de-passe", [("current_password", "une phrase toute neuve"), ("new_password", "une autre phrase neuve"),
                                                                       ("new_password_confirmation", "une autre phrase neuve"), ("revoke_tokens", "oui")])
            #expect(revoke.status == .ok && revoke.body.text.contains("vos jetons d’API révoqués"))
            #expect(try await Self.me(app, token: first).status == .unauthorized)

            // A token made now, then a reset by the mailed link: the token ends and its owner is told.
            let made = try await API.postJSON(app, "/api/v1/auth/token", #"{"email": "\#(email)", "password": "une autre phrase neuve", "name": "export du lundi"}"#)
            let second = try #require(try made.json["token"].string)
            #expect(try await Self.me(app, token: second).status == .ok)
            let visitor = Browser(app)
            try await visitor.get("/mot-de-passe-oublie")
            try await visitor.post("/mot-de-passe-oublie", [("email", email)])
            let link = try #require(try await Outbox.messages(to: email, on: app.db).first { $0.subject.hasPrefix("Choisir un nouveau mot de passe") })
            let reset = try #require(link.textBody.components(separatedBy: "jeton=").last?.prefix { !$0.isWhitespace })
            try await visitor.get("/mot-de-passe/nouveau?jeton=\(reset)")
            let changed = try await visitor.post("/mot-de-passe/nouveau", [("jeton", String(reset)), ("password", "encore une phrase neuve"), ("password_confirmation", "encore une phrase neuve")])
            #expect(changed.status == .ok)
            #expect(try await Self.me(app, token: second).status == .unauthorized)
            let told = try await Outbox.messages(to: email, on: app.db).filter { $0.subject == "Vos jetons d’API Passerelle ont été révoqués" }
            #expect(told.count == 1 && told.first?.textBody.contains("« export du lundi »") == true && told.first?.textBody.contains("« essai »") == false)
        }
    }
}
