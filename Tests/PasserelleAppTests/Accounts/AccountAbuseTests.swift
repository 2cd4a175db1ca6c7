import Foundation
import Logging
import NIOPosix
@testable import PasserelleAccounts
import PasserelleCore
import SQLiteNIO
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Accounts under attack: throttles, sign-up floods, forged input")
struct AccountAbuseTests {
    static func tokenRequest(_ tester: any TestingApplicationTester, email: String, password: String, from address: String) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        headers.replaceOrAdd(name: .xForwardedFor, value: address)
        return try await tester.sendRequest(.POST, "/api/v1/auth/token", headers: headers,
                                            body: ByteBuffer(string: #"{"email": "\#(email)", "password": "\#(password)", "name": "essai"}"#))
    }

    /// Behind a proxy every user comes from its address: one account's failures must not lock the
    /// others out, and the proxy's word is taken only when TRUSTED_PROXIES names it.
    @Test func failuresOfOneAccountDoNotBlockTheOthers() async throws {
        try await withPasserelle(.demo, adjusting: { $0.trustedProxies = TrustedProxies.parse("127.0.0.1, ::1").proxies }) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            let attacker = "203.0.113.5"
            for _ in 1...LoginThrottle.Scope.accountFromAddress.freeFailures {
                let refused = try await Self.tokenRequest(tester, email: "acheteur@demo.passerelle.test", password: "mauvais", from: attacker)
                #expect(refused.status == .unauthorized)
            }
            // That account, from that address, now waits…
            let throttled = try await Self.tokenRequest(tester, email: "acheteur@demo.passerelle.test", password: DemoAccounts.password, from: attacker)
            #expect(throttled.status == .tooManyRequests)
            // …but another account behind the same address logs in, and so does the owner from elsewhere.
            #expect(try await Self.tokenRequest(tester, email: "structure@demo.passerelle.test", password: DemoAccounts.password, from: attacker).status == .created)
            #expect(try await Self.tokenRequest(tester, email: "acheteur@demo.passerelle.test", password: DemoAccounts.password, from: "198.51.100.7").status == .created)
            // The success cleared the account's own count, not the attacker's pair.
            #expect(try await AccountQueries.throttle("compte:acheteur@demo.passerelle.test", on: app.db).failures == 0)
            #expect(try await AccountQueries.throttle("compte-adresse:acheteur@demo.passerelle.test|203.0.113.5", on: app.db).failures == 5)
            #expect(try await AccountQueries.throttle("adresse:203.0.113.5", on: app.db).failures == 5)
            // The audit log records the client's address, as the trusted proxy forwarded it.
            #expect(try await Audit.entries(action: .loginFailed, on: app.db).allSatisfy { $0.address == attacker })
        }
    }

    /// The count is kept by the database, one statement per failure: parallel failures all count,
    /// and a failure a day after the last starts again from one.
    @Test func failuresAreCountedInTheDatabase() async throws {
        try await withPasserelle(.reference) { app in
            let start = Date(timeIntervalSince1970: 1_800_000_000)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<8 { group.addTask { try await AccountQueries.recordFailure("compte:essai@exemple.fr", at: start, on: app.db) } }
                try await group.waitForAll()
            }
            #expect(try await AccountQueries.throttle("compte:essai@exemple.fr", on: app.db) == LoginThrottle(failures: 8, lastFailure: start))
            try await AccountQueries.recordFailure("compte:essai@exemple.fr", at: start.addingTimeInterval(LoginThrottle.memory + 1), on: app.db)
            #expect(try await AccountQueries.throttle("compte:essai@exemple.fr", on: app.db).failures == 1)
        }
    }

    @Test func anUntrustedForwardedHeaderIsIgnored() async throws {
        try await withPasserelle(.demo) { app in
            let tester = try app.testing(method: .running(hostname: "127.0.0.1", port: 0))
            _ = try await Self.tokenRequest(tester, email: "acheteur@demo.passerelle.test", password: "mauvais", from: "203.0.113.5")
            #expect(try await Audit.entries(action: .loginFailed, on: app.db).first?.address == "127.0.0.1")
            #expect(try await AccountQueries.throttle("adresse:203.0.113.5", on: app.db).failures == 0)
        }
    }

    /// Signing up again with a taken address mails its owner once in five minutes, and costs the
    /// same password hash as a new address (a full hashing queue answers both alike).
    @Test func signingUpAgainDoesNotFloodNorTell() async throws {
        try await withPasserelle(.demo) { app in
            let browser = Browser(app)
            try await browser.get("/inscription")
            for _ in 1...4 {
                let again = try await browser.post("/inscription", Factories.signUpFields(email: "acheteur@demo.passerelle.test"))
                #expect(again.status == .ok && again.body.text.contains("Vérifiez votre messagerie"))
            }
            let told = try await Outbox.messages(to: "acheteur@demo.passerelle.test", on: app.db).filter { $0.subject == "Vous avez déjà un compte sur Passerelle" }
            #expect(told.count == 1)
        }
        try await withPasserelle(.demo, adjusting: { $0.passwordWorkCapacity = 0 }) { app in
            let browser = Browser(app)
            try await browser.get("/inscription")
            let taken = try await browser.post("/inscription", Factories.signUpFields(email: "acheteur@demo.passerelle.test"))
            let fresh = try await browser.post("/inscription", Factories.signUpFields(email: "nouvelle.personne@exemple.fr"))
            #expect(taken.status == .serviceUnavailable && fresh.status == .serviceUnavailable)
        }
    }

    @Test func controlCharactersAreRefusedAtInput() async throws {
        try await withPasserelle(.demo) { app in
            let browser = Browser(app)
            try await browser.get("/inscription")
            let folded = try await browser.post("/inscription", Factories.signUpFields(email: "claude@exemple.fr", name: "Claude\r\nBcc: tous@exemple.fr"))
            #expect(folded.status == .unprocessableEntity && folded.body.text.contains("Ce champ tient sur une ligne"))
            let nul = try await browser.post("/inscription", Factories.signUpFields(email: "claude@exemple.fr", name: "Arme\u{0}ntières"))
            #expect(nul.status == .badRequest && nul.body.text.contains("caractère nul"))
            let claude = try #require(EmailAddress("claude@exemple.fr"))
            #expect(try await AccountQueries.account(email: claude, on: app.db) == nil)

            let token = try await Persona.partner.token(app)
            let organisation = try #require(try await DemoAccounts.organisation(of: "partenaire", on: app.db))
            let broken = try await API.send(app, .POST, "/api/v1/services", Factories.serviceBody(organisation: organisation, name: "Permanence\\nmobilité"), token: token)
            let brokenReason = try broken.json["reason"].string ?? ""
            #expect(broken.status == .badRequest && brokenReason.contains("Ce champ tient sur une ligne"), "\(brokenReason)")
            let withNul = try await API.send(app, .POST, "/api/v1/services", Factories.serviceBody(organisation: organisation, name: "Perma\\u0000nence"), token: token)
            let nulReason = try withNul.json["reason"].string ?? ""
            #expect(withNul.status == .badRequest && nulReason.contains("caractère nul"), "\(nulReason)")
        }
    }

    @Test func metricsAskForTheirTokenWhenOneIsSet() async throws {
        try await withPasserelle(.reference, adjusting: { config in config.metricsToken = "jeton-des-metriques-0123456789" }) { (app: Application) async throws in
            #expect(try await app.get("/metrics").status == .unauthorized)
            var wrong = HTTPHeaders(), right = HTTPHeaders()
            wrong.bearerAuthorization = BearerAuthorization(token: "pas-le-bon")
            right.bearerAuthorization = BearerAuthorization(token: "jeton-des-metriques-0123456789")
            #expect(try await app.get("/metrics", headers: wrong).status == .unauthorized)
            #expect(try await app.get("/metrics", headers: right).body.text.contains("passerelle_http_requests_total"))
        }
        #expect(throws: AppConfig.Invalid.self) { _ = try AppConfig.load(from: ["METRICS_TOKEN": "court"]) }
        #expect(throws: AppConfig.Invalid.self) { _ = try AppConfig.load(from: ["TRUSTED_PROXIES": "10.0.0.0/8, partout"]) }
        let proxies = try AppConfig.load(from: ["TRUSTED_PROXIES": "10.0.0.0/8 ::1"]).trustedProxies
        #expect(proxies.networks.count == 2)
    }

    /// A write refused because another connection wrote meanwhile is the platform being busy: a
    /// 503 with Retry-After, not a 500.
    @Test func aBusyDatabaseIsA503() async throws {
        let path = NSTemporaryDirectory() + "busy-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let threads = NIOThreadPool(numberOfThreads: 2)
        threads.start()
        let loop = MultiThreadedEventLoopGroup.singleton.any()
        let logger = Logger(label: "busy-test")
        let first = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threads, logger: logger, on: loop).get()
        let second = try await SQLiteConnection.open(storage: .file(path: path), threadPool: threads, logger: logger, on: loop).get()
        _ = try await first.query("PRAGMA journal_mode=WAL").get()
        _ = try await first.query("CREATE TABLE t (x INTEGER)").get()
        _ = try await first.query("BEGIN").get()
        _ = try await first.query("SELECT COUNT(*) FROM t").get()
        _ = try await second.query("INSERT INTO t VALUES (1)").get()
        do {
            _ = try await first.query("INSERT INTO t VALUES (2)").get()
            Issue.record("the write should have been refused")
        } catch {
            let failure = PublicError.from(error, environment: .production)
            #expect(failure.status == .serviceUnavailable)
            #expect(failure.headers.first(name: "Retry-After") != nil)
        }
        _ = try? await first.query("ROLLBACK").get()
        try await first.close().get()
        try await second.close().get()
        try await threads.shutdownGracefully()
    }
}
