import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserellePurchasing
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Purchasing: dissemination of published needs")
struct DisseminationTests {
    static func deliveries(_ app: Application, of need: UUID) async throws -> [UUID] {
        try await app.db.sql.select().column("structure_id").from("need_deliveries").where("need_id", .equal, SQLBind(need))
            .all(decodingColumn: "structure_id", as: UUID.self)
    }

    static func digests(_ app: Application) async throws -> [Outbox.Stored] {
        try await Outbox.messages(to: "structure@demo.passerelle.test", on: app.db).filter { $0.subject.contains("opportunit") }
    }

    @Test func aPublishedNeedReachesEveryMatchingStructureOnceWithOneDigest() async throws {
        try await withPasserelle(.demo) { app in
            let id = try await Factories.publishedNeed(app)
            let record = try #require(try await NeedStore.need(id: id, on: app.db))
            let expected = Dissemination.recipients(of: record.content, index: try await app.directoryIndex(), answerRates: [:])
            #expect(expected.count > 5)
            #expect(expected.allSatisfy { $0.structure.kind.isSIAE })
            let delivered = try await Self.deliveries(app, of: id)
            #expect(delivered.count == expected.count)
            #expect(Set(delivered) == Set(expected.map(\.structure.id)))

            // The demo structure account's ACI cleans offices in the Nord: it is among them, with a
            // digest to its member, and an unread line in its inbox.
            let aci = try await Persona.structure.structureID(app)
            #expect(delivered.contains(aci))
            let digests = try await Self.digests(app)
            #expect(digests.count == 1)
            #expect(digests.first?.textBody.contains("Nettoyage des locaux de la mairie de Lille") == true)
            #expect(try await AnswerStore.unreadCount(of: aci, on: app.db) == 1)

            // Running again changes nothing.
            #expect(try await Dissemination.runPending(index: try await app.directoryIndex(), on: app.db, publicURL: "http://localhost") == 0)
            #expect(try await Self.deliveries(app, of: id).count == expected.count)
            #expect(try await Self.digests(app).count == 1)
        }
    }

    @Test func aRunKilledMidwayResumesWithoutNotifyingAnyoneTwice() async throws {
        try await withPasserelle(.demo) { app in
            let id = try await Factories.publishedNeed(app)
            let sql = app.db.sql
            let all = Set(try await Self.deliveries(app, of: id))
            // The state a crash leaves in the middle of the writes: the first deliveries are there,
            // the need is not marked sent, no digest went out.
            try await sql.delete(from: "need_deliveries").where("need_id", .equal, SQLBind(id)).where("rank", .greaterThan, SQLBind(3)).run()
            try await sql.update("need_deliveries").set("mailed_at", to: SQLLiteral.null).run()
            try await sql.update("needs").set("disseminated_at", to: SQLLiteral.null).run()
            try await sql.delete(from: "opportunity_digests").run()
            try await sql.delete(from: "outbox").run()
            let before = Set(try await Self.deliveries(app, of: id))
            #expect(before.count == 3)

            let written = try await Dissemination.runPending(index: try await app.directoryIndex(), on: app.db, publicURL: "http://localhost")
            #expect(written == all.count - 3)
            #expect(Set(try await Self.deliveries(app, of: id)) == all)
            #expect(try await Self.digests(app).count == 1)

            // A crash between the digests and the end: the structures already mailed today are not
            // mailed again, even with the need to send once more.
            try await sql.update("needs").set("disseminated_at", to: SQLLiteral.null).run()
            #expect(try await Dissemination.runPending(index: try await app.directoryIndex(), on: app.db, publicURL: "http://localhost") == 0)
            #expect(try await Self.digests(app).count == 1)
        }
    }

    @Test func atMostOneDigestADayAndNoneForThoseWhoDoNotWantIt() async throws {
        try await withPasserelle(.demo) { app in
            _ = try await Factories.publishedNeed(app)
            #expect(try await Self.digests(app).count == 1)
            let second = Factories.completeNeed.replacingOccurrences(of: "Nettoyage des locaux de la mairie de Lille", with: "Nettoyage du gymnase de Lomme")
            _ = try await Factories.publishedNeed(app, second)
            // Same day: the second need waits in the inbox.
            #expect(try await Self.digests(app).count == 1)
            // The next day, it goes out alone.
            try await Digests.sendDue(on: app.db, publicURL: "http://localhost", now: Date().addingTimeInterval(86_400))
            let digests = try await Self.digests(app)
            #expect(digests.count == 2)
            let latest = try #require(digests.first)
            #expect(latest.textBody.contains("Nettoyage du gymnase de Lomme") && !latest.textBody.contains("mairie de Lille"))

            // A structure that turned the mail off gets none, and still sees its inbox.
            for structure in try await OrganisationQueries.structuresWithTeam(on: app.db) {
                try await OrganisationQueries.setOpportunityMail(Digests.Setting.none.rawValue, ofStructure: structure, on: app.db)
            }
            let third = Factories.completeNeed.replacingOccurrences(of: "Nettoyage des locaux de la mairie de Lille", with: "Nettoyage de la médiathèque")
            _ = try await Factories.publishedNeed(app, third)
            try await Digests.sendDue(on: app.db, publicURL: "http://localhost", now: Date().addingTimeInterval(3 * 86_400))
            #expect(try await Self.digests(app).count == 2)
        }
    }

    @Test func feedsFollowTheNeedsAndTheirDeadlines() async throws {
        try await withPasserelle(.demo) { app in
            let id = try await Factories.publishedNeed(app)
            let aci = try #require(try await Self.deliveries(app, of: id).first)
            let feed = try await app.get("/api/v1/structures/\(aci.uuidString.lowercased())/opportunities.atom")
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.subType == "atom+xml")
            #expect(feed.body.text.contains("<title>Nettoyage des locaux de la mairie de Lille</title>"))
            #expect(feed.body.text.contains("urn:uuid:\(id.uuidString.lowercased())"))
            #expect(try await app.get("/api/v1/structures/00000000-0000-4000-8000-000000000000/opportunities.atom").status == .notFound)

            let saved = try await app.get("/api/v1/needs.atom?departement=59&clause=reserved_siae").body.text
            #expect(saved.contains("mairie de Lille"))
            #expect(try await app.get("/api/v1/needs.atom?departement=62").body.text.contains("<entry>") == false)
            // The contract counts lengths in code points: 100 letters with two combining marks each
            // are 100 characters for Swift but 300 for the contract's 200.
            let combined = String(repeating: "e\u{301}\u{323}", count: 100).addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
            #expect(try await app.get("/api/v1/needs.atom?sector=\(combined)").status == .badRequest)

            let calendar = try await app.get("/api/v1/needs/deadlines.ics")
            #expect(calendar.headers.contentType?.subType == "calendar")
            let text = calendar.body.text
            #expect(text.contains("DTSTART;VALUE=DATE:20990115") && text.contains("DTEND;VALUE=DATE:20990116"))
            #expect(text.contains("\r\n") && text.split(separator: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        }
    }
}
