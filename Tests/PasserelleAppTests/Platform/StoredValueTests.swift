import Foundation
import PasserelleCore
@testable import PasserellePurchasing
import SQLKit
import Synchronization
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// A value read back that no core type knows is a fault, never a default.
@Suite("Stored values that do not decode")
struct StoredValueTests {
    @Test func anUnknownTokenThrowsWithWhereItLies() throws {
        let id = UUID()
        #expect(throws: UnreadableStoredValue(table: "needs", column: "state", id: id.uuidString.lowercased())) {
            try NeedState.stored("perdu", table: "needs", column: "state", id: id)
        }
        #expect(try NeedState.stored("publie", table: "needs", column: "state", id: id) == .published)
        #expect(try NeedState.stored(nil as String?, table: "needs", column: "state", id: id) == nil)
    }

    @Test func camelCasedFieldsNameTheirSnakeCasedColumns() {
        let names = ["id", "eventID", "onlineURL", "registrationClosesAt", "structureID", "startsAt"].map(StoredColumnName.snakeCased)
        #expect(names == ["id", "event_id", "online_url", "registration_closes_at", "structure_id", "starts_at"])
    }

    /// A need whose state was corrupted answers 500, and the log says which row, not a draft.
    @Test func aCorruptNeedIsAFaultLoggedWithItsTableAndId() async throws {
        let needID = Mutex<UUID?>(nil)
        let lines = try await LogCapture.shared.lines {
            try await withPasserelle(.demo) { app in
                try await DemoNeeds.load(app)
                let need = try #require(try await NeedStore.list(.init(), on: app.db).records.first)
                needID.withLock { $0 = need.id }
                // Behind the store's back on purpose: this is the corruption under test.
                try await app.db.sql.update("needs").set("state", to: SQLBind("etat-inconnu")).where("id", .equal, SQLBind(need.id)).run()
                let page = try await app.get(Links.need(need.id))
                #expect(page.status == .internalServerError)
                let api = try await app.get("/api/v1/needs/\(need.id.uuidString.lowercased())")
                #expect(api.status == .internalServerError)
            }
        }
        let id = try #require(needID.withLock { $0 }).uuidString.lowercased()
        #expect(lines.contains { $0.contains("status=500") && $0.contains("UnreadableStoredValue(needs.state, id: \(id))") })
    }

    /// A structure's activity whose reach no longer reads is a fault of its profile, not a
    /// reach over « every perimeter » nor an activity dropped.
    @Test func aCorruptActivityIsAFaultOfItsStructure() async throws {
        let structureID = Mutex<UUID?>(nil)
        let lines = try await LogCapture.shared.lines {
            try await withPasserelle(.demo) { app in
                let structure = try #require(try await DirectoryQueries.demoStructure(kind: .aci, on: app.db))
                structureID.withLock { $0 = structure.id }
                // Behind the store's back on purpose: this is the corruption under test.
                try await app.db.sql.update("structure_activities").set("reach_kind", to: SQLBind("partout"))
                    .where("structure_id", .equal, SQLBind(structure.id)).run()
                #expect(try await app.get(Links.structure(structure.id)).status == .internalServerError)
            }
        }
        let id = try #require(structureID.withLock { $0 }).uuidString.lowercased()
        #expect(lines.contains { $0.contains("status=500") && $0.contains("UnreadableStoredValue(structure_activities.reach_kind, id: \(id))") })
    }

    /// A membership whose role no longer reads gives no rights at all: its account's pages fail
    /// rather than treat the member as having no organisation.
    @Test func aCorruptMembershipIsAFaultOfItsAccount() async throws {
        let lines = try await LogCapture.shared.lines {
            try await withPasserelle(.demo) { app in
                let browser = try await Persona.structure.browser(app)
                let user = try await Persona.structure.userID(app)
                // Behind the store's back on purpose: this is the corruption under test.
                try await app.db.sql.update("memberships").set("role", to: SQLBind("chef")).where("user_id", .equal, SQLBind(user)).run()
                #expect(try await browser.get("/compte").status == .internalServerError)
            }
        }
        #expect(lines.contains { $0.contains("status=500") && $0.contains("UnreadableStoredValue(memberships.role") })
    }
}
