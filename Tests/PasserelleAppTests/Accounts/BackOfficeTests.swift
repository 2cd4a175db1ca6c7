import Foundation
@testable import PasserelleAccounts
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Back-office: access by role, audit log, users")
struct BackOfficeTests {
    static let routes = [
        "/admin", "/admin/journal", "/admin/journal.csv", "/admin/utilisateurs", "/admin/utilisateurs.csv", "/admin/revendications",
        "/admin/fiches-masquees", "/admin/fiches-masquees.csv", "/admin/organisations", "/admin/organisations.csv",
        "/admin/themes", "/admin/verifications",
    ]

    /// What each demo role gets on each route: 200, 303 (to log in) or 403.
    static let expected: [String: [String: HTTPStatus]] = [
        "visitor": Dictionary(uniqueKeysWithValues: routes.map { ($0, .seeOther) }),
        "structure": Dictionary(uniqueKeysWithValues: routes.map { ($0, .forbidden) }),
        "acheteur": Dictionary(uniqueKeysWithValues: routes.map { ($0, .forbidden) }),
        "partenaire": Dictionary(uniqueKeysWithValues: routes.map { ($0, .forbidden) }),
        "facilitateur": Dictionary(uniqueKeysWithValues: routes.map { ($0, .forbidden) }),
        "dreets": [
            "/admin": .ok, "/admin/journal": .forbidden, "/admin/journal.csv": .forbidden, "/admin/utilisateurs": .forbidden, "/admin/utilisateurs.csv": .forbidden,
            "/admin/revendications": .ok, "/admin/fiches-masquees": .ok, "/admin/fiches-masquees.csv": .ok, "/admin/organisations": .ok, "/admin/organisations.csv": .ok,
            "/admin/themes": .forbidden, "/admin/verifications": .ok,
        ],
        "admin": Dictionary(uniqueKeysWithValues: routes.map { ($0, .ok) }),
    ]

    @Test func everyRouteAsEveryRole() async throws {
        try await withPasserelle(.demo) { app in
            for (role, answers) in Self.expected {
                let browser = role == "visitor" ? Browser(app) : try await Browser.loggedIn(app, email: "\(role)@demo.passerelle.test", password: DemoAccounts.password)
                for (route, status) in answers {
                    let response = try await browser.get(route)
                    #expect(response.status == status, "\(route) as \(role): \(response.status)")
                    if status == .seeOther {
                        #expect(response.headers.first(name: .location)?.hasPrefix("/connexion?next=%2Fadmin") == true)
                    }
                }
            }
        }
    }

    @Test func theAuditLogIsFilteredPagedAndExported() async throws {
        try await withPasserelle(.demo) { app in
            let admin = try await Browser.loggedIn(app, email: "admin@demo.passerelle.test", password: DemoAccounts.password)
            // Setup: 60 failed log-ins of an unknown address, spread over two pages.
            let now = Date()
            for index in 0..<60 {
                try await Audit.record(.loginFailed, actorID: nil, actor: "intrus\(index)@exemple.fr", address: "192.0.2.1", on: app.db, at: now.addingTimeInterval(Double(-index)))
            }
            let failed = try await admin.get("/admin/journal?action=connexion.echec")
            #expect(failed.status == .ok)
            #expect(failed.body.text.contains("60 entrées"))
            #expect(failed.body.text.contains("intrus0@exemple.fr") && !failed.body.text.contains("intrus59@exemple.fr"))
            #expect(failed.body.text.contains("rel=\"next\""))
            let second = try await admin.get("/admin/journal?action=connexion.echec&page=2")
            #expect(second.body.text.contains("intrus59@exemple.fr"))
            let one = try await admin.get("/admin/journal?q=INTRUS42")
            #expect(one.body.text.contains("1 entrée"))
            #expect(try await admin.get("/admin/journal?du=2026-13-40").status == .badRequest)
            #expect(try await admin.get("/admin/journal?action=inconnue").status == .badRequest)
            let tomorrow = DateText.isoDay(now.addingTimeInterval(2 * 86400))
            #expect(try await admin.get("/admin/journal?du=\(tomorrow)").body.text.contains("Aucune entrée"))

            let csv = try await admin.get("/admin/journal.csv?action=connexion.echec")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }.count == 61)
            let exports = try await Audit.entries(action: .exported, on: app.db)
            #expect(exports.first?.object == "journal" && exports.first?.actor == "admin@demo.passerelle.test")
        }
    }

    @Test func usersAreSearchedAndExported() async throws {
        try await withPasserelle(.demo) { app in
            let admin = try await Browser.loggedIn(app, email: "admin@demo.passerelle.test", password: DemoAccounts.password)
            let all = try await admin.get("/admin/utilisateurs")
            #expect(all.body.text.contains("\(DemoAccounts.accounts.count) comptes"))
            let found = try await admin.get("/admin/utilisateurs?q=Facilitatrice")
            #expect(found.body.text.contains("1 compte"))
            #expect(found.body.text.contains("facilitateur@demo.passerelle.test"))
            #expect(try await admin.get("/admin/utilisateurs?q=personne").body.text.contains("Aucun compte ne correspond"))
            let csv = try await admin.get("/admin/utilisateurs.csv?q=demo")
            #expect(csv.body.text.contains("dreets@demo.passerelle.test"))
            #expect(!csv.body.text.contains("$2b$"))
        }
    }
}

@Suite("Retention")
struct RetentionTests {
    @Test func oldAuditEntriesExpiredLinksAndStaleThrottlesAreForgotten() async throws {
        try await withPasserelle(.demo) { app in
            let now = Date()
            let before = try await Audit.entries(limit: 10_000, on: app.db).count
            try await Audit.record(.login, actorID: nil, actor: "ancien@exemple.fr", address: nil, on: app.db, at: now.addingTimeInterval(-400 * 86400))
            try await Audit.record(.login, actorID: nil, actor: "recent@exemple.fr", address: nil, on: app.db, at: now.addingTimeInterval(-300 * 86400))
            let user = try #require(try await AccountQueries.account(email: .init("admin@demo.passerelle.test")!, on: app.db)).id
            _ = try await AccountQueries.issueToken(for: user, purpose: .resetPassword, on: app.db, now: now.addingTimeInterval(-10 * 86400))
            _ = try await AccountQueries.issueToken(for: user, purpose: .resetPassword, on: app.db, now: now)
            try await AccountQueries.recordFailure("adresse:192.0.2.9", at: now.addingTimeInterval(-2 * 86400), on: app.db)
            try await AccountQueries.recordFailure("adresse:192.0.2.10", at: now, on: app.db)

            // Sessions: a visitor's from two days ago, a visitor's from now, a user's from ten days ago, a user's from fifteen.
            let sql = app.db.sql
            for (key, since, user) in [("a", -2.0, false), ("b", 0.0, false), ("c", -10.0, true), ("d", -15.0, true)] {
                var data = SessionData()
                data["since"] = String(now.addingTimeInterval(since * 86400).timeIntervalSince1970)
                data["csrf"] = "jeton"
                if user { data["user"] = UUID().uuidString }
                try await sql.insert(into: "_fluent_sessions").columns("id", "key", "data").values(SQLBind(UUID()), SQLBind(key), SQLBind(data)).run()
            }

            let pruned = try await Retention.prune(on: app.db, auditRetentionDays: 365, now: now)
            #expect(pruned == Retention.Pruned(auditEntries: 1, links: 1, throttles: 1, sessions: 2))
            let kept = try await sql.raw("SELECT key FROM _fluent_sessions ORDER BY key").all().map { try $0.decode(column: "key", as: String.self) }
            #expect(kept == ["b", "c"])
            let actors = try await Audit.entries(limit: 10_000, on: app.db).map(\.actor)
            #expect(actors.count == before + 1 && actors.contains("recent@exemple.fr") && !actors.contains("ancien@exemple.fr"))
            #expect(try await AccountQueries.throttle("adresse:192.0.2.10", on: app.db).failures == 1)
        }
    }

    @Test func theRetentionPeriodIsChecked() throws {
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(from: ["AUDIT_RETENTION_DAYS": "7"]) }
        #expect(try AppConfig.load(from: ["AUDIT_RETENTION_DAYS": "90"]).auditRetentionDays == 90)
    }

    @Test func organisationsAreSearchedByNameAndKindAndExported() async throws {
        try await withPasserelle(.demo) { app in
            let steward = try await Browser.loggedIn(app, email: "dreets@demo.passerelle.test", password: DemoAccounts.password)
            let all = try await steward.get("/admin/organisations")
            // The seven demo accounts' organisations and the organiser of the 2023 regional meeting.
            #expect(all.body.text.contains("8 organisations"))
            let facilitators = try await steward.get("/admin/organisations?type=facilitateur")
            #expect(facilitators.body.text.contains("1 organisation"))
            #expect(facilitators.body.text.contains("Nord (59)"))
            #expect(try await steward.get("/admin/organisations?type=inconnu").status == .badRequest)
            #expect(try await steward.get("/admin/organisations?q=aucune-organisation").body.text.contains("Aucune organisation ne correspond"))
            let csv = try await steward.get("/admin/organisations.csv?type=structure")
            #expect(csv.headers.contentType?.subType == "csv")
            let lines = csv.body.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            // The two demo structures' teams.
            #expect(lines.count == 3)
            #expect(lines[1].contains("/structures/") && lines[1].contains(";1;1;"))
            #expect(try await Audit.entries(action: .exported, on: app.db).first?.object == "organisations")
        }
    }
}
