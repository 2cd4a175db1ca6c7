import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleJobs
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserellePlatform

/// The prospection board: the structure's team adds the companies it approaches, moves them along,
/// and nobody outside the team sees them.
@Suite("Jobs: the companies a structure's team prospects")
struct ProspectBoardTests {
    @Test func theTeamKeepsItsBoardAndNobodyElseSeesIt() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Persona.structure.browser(app)
            let board = try await structure.get("/prospection").body.text
            #expect(board.contains("À contacter") && board.contains("Embauche obtenue") && board.contains("en retard"))
            let me = try await Persona.structure.userID(app).uuidString.lowercased()
            try await structure.get("/prospection/nouvelle")
            let missing = try await structure.post("/prospection/nouvelle", [("company", "Garage d’essai"), ("stage", "contactee"), ("owner", me)])
            #expect(missing.status == .unprocessableEntity && missing.body.text.contains("Dites la prochaine étape"))
            let added = try await structure.post("/prospection/nouvelle", [("company", "Garage d’essai"), ("stage", "contactee"), ("owner", me),
                                                                           ("next_step", "Rappeler jeudi"), ("next_step_on", "2020-01-02"), ("commune_q", "Lille")])
            #expect(added.status == .seeOther)
            let id = try #require(try await app.db.sql.raw("SELECT id FROM company_prospects WHERE company = 'Garage d’essai'").first(decodingColumn: "id", as: UUID.self))
            #expect(try await ProspectStore.prospect(id, on: app.db)?.communeCode == "59350")
            #expect(try await structure.get("/mon-espace").body.text.contains("prospection"))
            let moved = try await structure.post("/prospection/\(id.uuidString.lowercased())", [("company", "Garage d’essai"), ("stage", "immersion"), ("owner", me)])
            let stage = try await ProspectStore.prospect(id, on: app.db)?.stage
            #expect(moved.status == .seeOther && stage == .immersion)
            for outsider in [Persona.structure2, .company, .partner] {
                let browser = try await outsider.browser(app)
                let status = try await browser.get("/prospection/\(id.uuidString.lowercased())").status
                #expect(status == .notFound || status == .forbidden, "\(outsider): \(status)")
                let theirs = try await browser.get("/prospection").body.text
                #expect(!theirs.contains("Garage d’essai"), "\(outsider)")
            }
        }
    }
}
