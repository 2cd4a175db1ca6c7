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

/// The steering figures of jobs: for the territory's stewards within their perimeter and the
/// platform team; counts only.
@Suite("Jobs: steering figures by territory")
struct SteeringTests {
    @Test func theStewardReadsTheFiguresOfItsTerritoryAndNobodyElse() async throws {
        try await withPasserelle(.demo) { app in
            let year = String(DateText.parisDay(Date()).prefix(4))
            let period = "?du=\(year)-01-01&au=\(DateText.parisDay(Date()))"
            #expect(try await Browser(app).get("/offres/pilotage").status == .seeOther, "a visitor signs in")
            for outsider in [Persona.structure, .company, .partner] {
                #expect(try await outsider.browser(app).get("/offres/pilotage").status == .forbidden, "\(outsider)")
            }
            let steward = try await Persona.steward.browser(app)
            let page = try await steward.get("/offres/pilotage" + period)
            #expect(page.status == .ok && page.body.text.contains("Pilotage des emplois et passerelles") && page.body.text.contains("Hauts-de-France"))
            #expect(!page.body.text.contains("Menuiserie du Val de Deûle"), "no company named")
            let csv = try await steward.get("/offres/pilotage.csv" + period).body.text
            let total = try #require(csv.split(whereSeparator: \.isNewline).dropFirst().first).split(separator: ";", omittingEmptySubsequences: false).map(String.init)
            let start = try #require(DateText.parseISODay(year + "-01-01"))
            let published = try #require(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM job_offers WHERE published_at IS NOT NULL AND published_at >= \(bind: start)")
                .first(decodingColumn: "n", as: Int.self))
            #expect(total[0] == "Total" && Int(total[4]) == published, "every demo offer lies in the Hauts-de-France")
            // A period that does not read is said, and the CSV refuses it.
            #expect(try await steward.get("/offres/pilotage?du=2026-12-31&au=2026-01-01").body.text.contains("La période doit aller"))
            #expect(try await steward.get("/offres/pilotage.csv?du=demain").status == .badRequest)
            // A steward of another region reads none of it.
            try await app.db.sql.update("organisations").set("territory", to: SQLBind("region:84")).where("id", .equal, SQLBind(try await Persona.steward.organisationID(app))).run()
            let elsewhere = try await steward.get("/offres/pilotage.csv" + period).body.text
            let line = try #require(elsewhere.split(whereSeparator: \.isNewline).dropFirst().first).split(separator: ";", omittingEmptySubsequences: false)
            #expect(line[4] == "0" && elsewhere.split(whereSeparator: \.isNewline).count == 2)
        }
    }
}
