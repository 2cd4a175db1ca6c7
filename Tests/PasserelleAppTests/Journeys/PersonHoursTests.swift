import Foundation
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleJourneys
@testable import PasserellePlatform
@testable import PasserellePurchasing

@Suite("Journeys: the insertion hours of won needs attributed to the people who did them")
struct PersonHoursTests {
    /// A need of the demo buyer, awarded to the demo ACI, with `hours` declared by its member for
    /// the current month.
    static func wonNeed(_ app: Application, hours: Int) async throws -> (need: UUID, month: String, member: Browser) {
        let id = try await Factories.publishedNeed(app)
        let aci = try await Persona.structure.structureID(app)
        try await app.db.sql.update("needs").set("state", to: SQLBind(NeedState.awarded.rawValue)).set("winner_kind", to: SQLBind("structure"))
            .set("winner_structure_id", to: SQLBind(aci)).where("id", .equal, SQLBind(id)).run()
        let member = try await Persona.structure.browser(app)
        let page = Links.need(id)
        let month = HoursPages.currentMonth()
        try await member.get(page)
        #expect(try await member.post(page + "/heures", [("month", month), ("hours", String(hours))]).status == .seeOther)
        return (id, month, member)
    }

    @Test func aMemberSharesAMonthsHoursAmongPeopleWithinTheDeclaredFigure() async throws {
        try await withPasserelle(.demo) { app in
            let (need, month, member) = try await Self.wonNeed(app, hours: 100)
            let first = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            var filter = PeopleStore.Filter(structure: first.structureID)
            filter.stage = .welcomed
            let second = try #require(try await PeopleStore.list(filter, offset: 0, limit: 1, on: app.db).people.first)
            let key = PersonHoursStore.key(need, month)

            let page = try await member.get("/parcours/heures")
            #expect(page.status == .ok && page.headers.first(name: "X-Robots-Tag") == "noindex, nofollow")
            #expect(page.body.text.contains("100 heures à attribuer") && page.body.text.contains(first.lastName))
            #expect(try await member.post("/parcours/heures", [("month", key), ("person", first.id.uuidString), ("hours", "60")]).status == .seeOther)
            let over = try await member.post("/parcours/heures", [("month", key), ("person", second.id.uuidString), ("hours", "50")])
            #expect(over.status == .unprocessableEntity && over.body.text.contains("Il reste 40 heures à attribuer pour ce mois"))
            let none = try await member.post("/parcours/heures", [("month", key), ("person", second.id.uuidString), ("hours", "zéro")])
            #expect(none.status == .unprocessableEntity && none.body.text.contains("un nombre entier d’au moins 1"))
            let unknown = try await member.post("/parcours/heures", [("month", "\(need.uuidString.lowercased())|1999-01"), ("person", second.id.uuidString), ("hours", "5")])
            #expect(unknown.status == .unprocessableEntity && unknown.body.text.contains("un besoin que votre structure a remporté"))
            #expect(try await member.post("/parcours/heures", [("month", key), ("person", second.id.uuidString), ("hours", "40")]).status == .seeOther)
            // A new share for the same person and month replaces the earlier one.
            #expect(try await member.post("/parcours/heures", [("month", key), ("person", first.id.uuidString), ("hours", "55")]).status == .seeOther)
            #expect(try await PersonHoursStore.attributed(need: need, month: month, on: app.db) == 95)

            // The person's record and timeline show them; the CSV lists them; all is audited.
            let record = try await member.get("/parcours/personnes/\(first.id.uuidString.lowercased())").body.text
            #expect(record.contains("55 heures sur « Nettoyage") && record.contains("55 heures d’insertion de"))
            let csv = try await member.get("/parcours/heures.csv").body.text
            #expect(csv.contains("\(first.lastName);\(first.firstName);") && csv.contains(";55;") && csv.contains(";40;"))
            #expect(try await Audit.entries(action: .personEdited, limit: 50, on: app.db).contains { $0.detail == "heures \(month) 55" })
            let export = try await member.get("/parcours/personnes/\(first.id.uuidString.lowercased())/donnees.json").body.text
            #expect(export.contains("\"insertion_hours\"") && export.contains("\"hours\" : \"55\""))
            let api = try await API.get(app, "/api/v1/people/\(first.id.uuidString.lowercased())", token: try await Persona.structure.token(app))
            let shares = try api.json["insertion_hours"].array.filter { $0["need"].string == need.uuidString.lowercased() }
            #expect(shares.count == 1 && shares.first?["hours"].int == 55 && shares.first?["month"].string == month)

            // The buyer's clause stays consistent: the month cannot go under what people did.
            let needPage = Links.need(need)
            try await member.get(needPage)
            let lower = try await member.post(needPage + "/heures", [("month", month), ("hours", "90")])
            #expect(lower.status == .conflict && lower.body.text.contains("95 heures de ce mois sont déjà attribuées"))
            #expect(try await HoursStore.months(of: need, on: app.db).map(\.hours) == [100])
            #expect(try await member.post(needPage + "/heures", [("month", month), ("hours", "95")]).status == .seeOther)

            // A share is removed (after its confirmation), and its hours are free again.
            let share = try #require(try await PersonHoursStore.shares(of: second.id, on: app.db).first)
            try await member.get("/parcours/heures")
            #expect(try await member.post("/parcours/heures/\(share.id.uuidString.lowercased())/retrait", []).status == .seeOther)
            #expect(try await PersonHoursStore.attributed(need: need, month: month, on: app.db) == 55)
            #expect(try await member.get("/parcours/heures").body.text.contains("40 heures à attribuer"))
        }
    }

    @Test func theDemoACIsPeopleDidMostOfTheHoursOfTheNeedItWon() async throws {
        try await withPasserelle(.demo) { app in
            // The test seed leaves the demo needs out; they come in here, then the people's shares.
            try await DemoNeeds.load(app)
            let aci = try await Persona.structure.structureID(app)
            let user = try await Persona.structure.userID(app)
            try await DemoJourneys.shareHours(of: aci, by: SignedInUser(id: user, name: "Démo", email: "structure@demo.passerelle.test"), on: app.db)
            let won = try await HoursStore.wonMonths(by: aci, on: app.db)
            #expect(won.count == 3 && won.allSatisfy { $0.title.hasPrefix("Entretien des cours") })
            let shared = try await PersonHoursStore.attributed(needs: [try #require(won.first?.needID)], on: app.db)
            #expect(won.allSatisfy { month in shared[PersonHoursStore.key(month.needID, month.month)] == month.hours / 5 * 4 })
            let page = try await Persona.structure.browser(app).get("/parcours/heures").body.text
            #expect(page.contains("12 attributions") && page.contains("Entretien des cours et des abords"))
            #expect(try await HoursStore.wonMonths(by: try await Persona.structure2.structureID(app), on: app.db).isEmpty)
        }
    }

    @Test func nobodyElseSeesOrGivesTheseHours() async throws {
        try await withPasserelle(.demo) { app in
            let (need, month, member) = try await Self.wonNeed(app, hours: 30)
            let mine = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            let theirs = try await PeopleTests.person(of: .structure2, stage: .inJourney, app)
            let key = PersonHoursStore.key(need, month)
            // Another structure's person by id: 404, logged, nothing written.
            let before = try await Audit.entries(action: .personRefused, limit: 100, on: app.db).count
            #expect(try await member.post("/parcours/heures", [("month", key), ("person", theirs.id.uuidString), ("hours", "5")]).status == .notFound)
            #expect(try await Audit.entries(action: .personRefused, limit: 100, on: app.db).count == before + 1)
            #expect(try await member.post("/parcours/heures", [("month", key), ("person", mine.id.uuidString), ("hours", "10")]).status == .seeOther)
            let share = try #require(try await PersonHoursStore.shares(of: mine.id, on: app.db).first)

            // The other structure did not win the need: it has no month to share, and cannot touch ours.
            let other = try await Persona.structure2.browser(app)
            let otherPage = try await other.get("/parcours/heures").body.text
            #expect(!otherPage.contains("Nettoyage") && !otherPage.contains(mine.lastName))
            let refused = try await other.post("/parcours/heures", [("month", key), ("person", theirs.id.uuidString), ("hours", "5")])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await other.post("/parcours/heures/\(share.id.uuidString.lowercased())/retrait", []).status == .notFound)
            for persona in [Persona.admin, .buyer, .partner, .facilitator, .steward] {
                let browser = try await persona.browser(app)
                #expect(try await browser.get("/parcours/heures").status == .forbidden, "\(persona)")
                #expect(try await browser.get("/parcours/heures.csv").status == .forbidden, "\(persona)")
                try await browser.get("/")
                #expect(try await browser.post("/parcours/heures/\(share.id.uuidString.lowercased())/retrait", []).status == .forbidden, "\(persona)")
            }
            #expect(try await app.get("/parcours/heures").status == .seeOther)
            #expect(try await PersonHoursStore.attributed(need: need, month: month, on: app.db) == 10)

            // Erasing the person erases their hours.
            try await member.get("/parcours/personnes/\(mine.id.uuidString.lowercased())/effacement")
            #expect(try await member.post("/parcours/personnes/\(mine.id.uuidString.lowercased())/effacement", [("confirm", "1")]).status == .seeOther)
            #expect(try await PersonHoursStore.attributed(need: need, month: month, on: app.db) == 0)
        }
    }
}
