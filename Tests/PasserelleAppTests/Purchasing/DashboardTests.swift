import Foundation
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Purchasing: the territory dashboard page and its CSV")
struct DashboardTests {
    /// The CSV line of one département (or `total`), by column name.
    static func line(_ csv: String, _ code: String) throws -> [String: String] {
        let rows = try CSV.parse(csv).map(\.fields)
        let header = try #require(rows.first)
        let row = try #require(rows.first { $0.first == code })
        return Dictionary(uniqueKeysWithValues: zip(header, row))
    }

    @Test func theFacilitatorSeesTheirTerritorysNeedsAnswersAwardsAndHours() async throws {
        try await withPasserelle(.demo) { app in
            let id = try await Factories.publishedNeed(app)
            let sql = app.db.sql
            let facilitator = try await Persona.facilitator.browser(app)
            let before = try Self.line(try await facilitator.get("/besoins/tableau-de-bord.csv").body.text, "59")

            // The need is awarded to an inclusive structure, with an amount and hours done.
            let aci = try await Persona.structure.structureID(app)
            try await sql.update("needs").set("state", to: SQLBind(NeedState.awarded.rawValue)).set("winner_kind", to: SQLBind("structure"))
                .set("winner_structure_id", to: SQLBind(aci)).set("awarded_amount", to: SQLBind(120_000)).set("insertion_hours", to: SQLBind(800))
                .where("id", .equal, SQLBind(id)).run()
            try await sql.insert(into: "insertion_hours").columns("id", "need_id", "month", "hours", "actor", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(id), SQLBind("2026-10"), SQLBind(200), SQLBind("Test"), SQLBind(Date()), SQLBind(Date())).run()
            let after = try Self.line(try await facilitator.get("/besoins/tableau-de-bord.csv").body.text, "59")
            #expect(Int(after["Clos attribués"] ?? "") == Int(before["Clos attribués"] ?? "")! + 1)
            #expect(Int(after["Dont structures inclusives"] ?? "") == Int(before["Dont structures inclusives"] ?? "")! + 1)
            #expect(Int(after["Montant structures inclusives (€)"] ?? "") == Int(before["Montant structures inclusives (€)"] ?? "")! + 120_000)
            #expect(Int(after["Heures réalisées"] ?? "") == Int(before["Heures réalisées"] ?? "")! + 200)
            let sent = try await DisseminationTests.deliveries(app, of: id).count
            #expect(sent > 0 && Int(after["Envois"] ?? "")! >= sent)

            let page = try await facilitator.get("/besoins/tableau-de-bord?departement=59")
            #expect(page.status == .ok)
            let html = page.body.text
            #expect(html.contains("Nord (59)") && html.contains("Montant attribué aux structures inclusives") && html.contains("120"))

            // A need moved to a département the facilitator does not moderate leaves their figures.
            try await sql.update("needs").set("departements", to: SQLBind("|2A|")).set("regions", to: SQLBind("|94|")).where("id", .equal, SQLBind(id)).run()
            let elsewhere = try await facilitator.get("/besoins/tableau-de-bord.csv").body.text
            #expect(try CSV.parse(elsewhere).allSatisfy { $0.fields.first != "2A" })
            #expect(Int(try Self.line(elsewhere, "total")["Clos attribués"] ?? "") == Int(before["Clos attribués"] ?? "")!)
        }
    }

    @Test func onlyModeratorsOpenIt() async throws {
        try await withPasserelle(.demo) { app in
            let visitor = try await app.get("/besoins/tableau-de-bord")
            #expect(visitor.status == .seeOther)
            let structure = try await Persona.structure.browser(app)
            let refused = try await structure.get("/besoins/tableau-de-bord")
            #expect(refused.status == .forbidden && refused.body.text.contains("revient aux facilitateurs"))
            #expect(try await structure.get("/besoins/tableau-de-bord.csv").status == .forbidden)
        }
    }
}
