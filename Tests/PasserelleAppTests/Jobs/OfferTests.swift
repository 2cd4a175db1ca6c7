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

/// Offers: a company and an inclusive structure post them, anyone finds them around a commune,
/// in the page, the API, the feed and the CSV, which read the same query.
@Suite("Jobs: offers posted, searched and followed")
struct OfferTests {
    static func title(_ app: Application, job: String) throws -> Rome.Title {
        try #require(app.jobsReference.rome.titles.values.filter { $0.job == job }.min { $0.code < $1.code })
    }

    static func offerForm(_ title: Rome.Title?, typed: String = "", contract: String = "cdi", closes: String? = nil) -> [(String, String)] {
        let next = DateText.parisDay(Date().addingTimeInterval(20 * 86_400))
        return [("title", "Menuisier poseur"), ("rome_q", typed), ("rome_title", title.map { String($0.code) } ?? ""),
                ("description", "Pose de menuiseries intérieures et extérieures chez nos clients de la métropole."), ("commune_q", "Lille"), ("commune", "59350"),
                ("contract", contract), ("weekly_hours", "35"), ("openings", "2"), ("starts_on", next), ("closes_on", closes ?? next),
                ("skills", "Lecture de plans\nPose de menuiseries"), ("open_to_insertion_leavers", "oui"), ("action", "publier")]
    }

    @Test func aCompanyPostsAnOfferThatIsFoundAroundItsCommune() async throws {
        try await withPasserelle(.demo) { app in
            let company = try await Persona.company.browser(app)
            let form = try await company.get("/offres/nouvelle")
            #expect(form.status == .ok && form.body.text.contains("Métier (ROME)"))
            // Words that several titles start with: the form offers them to pick from, and nothing is written.
            let before = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM job_offers").first(decodingColumn: "n", as: Int.self)
            let ambiguous = try await company.post("/offres/nouvelle", Self.offerForm(nil, typed: "menuisier"))
            #expect(ambiguous.status == .unprocessableEntity && ambiguous.body.text.contains("id=\"rome_title\"") && ambiguous.body.text.contains("href=\"#rome_q\""))
            // A company proposes no insertion contract.
            let insertion = try await company.post("/offres/nouvelle", Self.offerForm(try Self.title(app, job: "H2206"), contract: "cddi"))
            #expect(insertion.status == .unprocessableEntity && insertion.body.text.contains("structure inclusive"))
            #expect(try await app.db.sql.raw("SELECT COUNT(*) AS n FROM job_offers").first(decodingColumn: "n", as: Int.self) == before)

            let created = try await company.post("/offres/nouvelle", Self.offerForm(try Self.title(app, job: "H2206")))
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let page = try await company.get(location).body.text
            #expect(page.contains("Offre publiée") && page.contains("Menuisier poseur") && page.contains("H2206") && page.contains("Marquer pourvue"))
            let id = try #require(location.split(separator: "/").last?.split(separator: "?").first.map(String.init))

            let found = try await API.get(app, "/api/v1/offers?near=59512&radius_km=20&rome=H2206").json
            let item = try #require(found["items"].array.first { $0["id"].string == id })
            #expect(item["rome"]["code"].string == "H2206" && item["employer"]["kind"].string == "entreprise" && item["contract"].string == "cdi")
            #expect(item["commune"]["name"].string == "Lille" && item["distance_km"].double.map { $0 > 5 && $0 < 20 } == true)
            let distances = found["items"].array.compactMap { $0["distance_km"].double }
            #expect(distances == distances.sorted())
            #expect(try await app.get("/offres?commune=59512&rayon=20&q=menuisier").body.text.contains("Menuisier poseur"))
            let csv = try await app.get("/offres.csv?commune=59350&q=poseur").body.text
            #expect(csv.contains("Menuisier poseur;") && csv.contains("Lecture de plans, Pose de menuiseries"))
            let feed = try await app.get("/api/v1/offers.atom?rome=H2206").body.text
            #expect(feed.contains("<title>Menuisier poseur — Menuiserie du Val de Deûle (démo) (Lille)</title>"))
            #expect(!(try await app.get("/api/v1/offers.atom?rome=H2206&employer_kind=aci").body.text.contains("Menuisier poseur")))
            let one = try await API.get(app, "/api/v1/offers/\(id)").json
            #expect(one["skills"].array.count == 2 && one["open_to_insertion_leavers"].bool == true && one["state"].string == "publiee")
            let audit = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'offre.creation' AND object = \(bind: "offre:" + id)")
                .first(decodingColumn: "n", as: Int.self)
            #expect(audit == 1)
        }
    }

    @Test func onlyTheEmployersTeamWritesAndADraftIsTheirsAlone() async throws {
        try await withPasserelle(.demo) { app in
            #expect(try await app.get("/offres/nouvelle").status == .seeOther)
            #expect(try await Persona.buyer.browser(app).get("/offres/nouvelle").status == .forbidden)
            let company = try await Persona.company.browser(app)
            try await company.get("/offres/nouvelle")
            var draft = Self.offerForm(try Self.title(app, job: "H2206"))
            draft.removeAll { $0.0 == "action" }
            let created = try await company.post("/offres/nouvelle", draft + [("action", "brouillon")])
            let location = try #require(created.headers.first(name: .location))
            let id = try #require(location.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            // The team's workspace counts it among the drafts to publish.
            let organisation = try await Persona.company.organisationID(app)
            let today = DateText.parisDay(Date())
            let waiting = try await OfferStore.attention(of: organisation, today: today, limit: try #require(OfferLifecycle.closingSoonLimit(today: today)), on: app.db)
            #expect(waiting.drafts >= 1)
            #expect(try await company.get("/mon-espace").body.text.contains(French.count(waiting.drafts, "offre d’emploi en brouillon", "offres d’emploi en brouillon")))
            // A draft does not exist for anyone else, in the pages or the API.
            #expect(try await app.get("/offres/\(id)").status == .notFound)
            #expect(try await Persona.structure.browser(app).get("/offres/\(id)").status == .notFound)
            #expect(try await API.get(app, "/api/v1/offers/\(id)").status == .notFound)
            #expect(try await Persona.structure.browser(app).get("/offres/\(id)/modifier").status == .notFound)
            let structure = try await Persona.structure.browser(app)
            try await structure.get("/offres")
            #expect(try await structure.post("/offres/\(id)/etat", [("change", "publier")]).status == .notFound)
            // A draft is not closed, which would show a text never published: it is published or stays.
            try await company.get(location)
            #expect(try await company.post("/offres/\(id)/etat", [("change", "fermer")]).status == .conflict)
            // Published, it is read by all and still written by its team only.
            #expect(try await company.post("/offres/\(id)/etat", [("change", "publier")]).status == .seeOther)
            #expect(try await app.get("/offres/\(id)").status == .ok)
            #expect(try await Persona.structure.browser(app).get("/offres/\(id)/modifier").status == .forbidden)
            #expect(try await company.post("/offres/\(id)/etat", [("change", "publier")]).status == .conflict)
            #expect(try await company.post("/offres/\(id)/etat", [("change", "pourvoir")]).status == .seeOther)
            #expect(try await API.get(app, "/api/v1/offers/\(id)").json["state"].string == "pourvue")
            #expect(!(try await API.get(app, "/api/v1/offers?rome=H2206&size=100").body.text.contains(id)))
            #expect(try await company.get("/offres/mes-offres").body.text.contains("Pourvue"))
            // Filled, it is no longer edited, and its page offers no « Modifier ».
            #expect(try await company.get("/offres/\(id)/modifier").status == .conflict)
            let filled = try await company.get("/offres/\(id)").body.text
            #expect(!filled.contains("/modifier\""))
        }
    }

    @Test func anInclusiveStructurePostsAnInsertionPostAndOffersCloseOnTheirDay() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Persona.structure.browser(app)
            try await structure.get("/offres/nouvelle")
            let created = try await structure.post("/offres/nouvelle", Self.offerForm(try Self.title(app, job: "A1203"), contract: "cddi"))
            #expect(created.status == .seeOther)
            let id = try #require(created.headers.first(name: .location)?.split(separator: "/").last?.split(separator: "?").first.map(String.init))
            let json = try await API.get(app, "/api/v1/offers/\(id)").json
            #expect(json["contract"].string == "cddi" && json["employer"]["kind"].string == "aci" && json["employer"]["structure_id"].string != nil)
            // The hourly job closes what is past its day.
            let today = DateText.parisDay(Date())
            try await app.db.sql.update("job_offers").set("closes_on", to: SQLBind("2020-01-01")).where("id", .equal, SQLBind(UUID(uuidString: id)!)).run()
            #expect(try await OfferStore.closeExpired(today: today, on: app.db) >= 1)
            #expect(try await API.get(app, "/api/v1/offers/\(id)").json["state"].string == "fermee")
        }
    }

    @Test func badSearchesAndUnknownOffersAreSaidInFrench() async throws {
        try await withPasserelle(.demo) { app in
            let bad = try await API.get(app, "/api/v1/offers?near=99999&rome=ZZ")
            #expect(bad.status == .badRequest)
            let reason = try #require(try bad.json["reason"].string)
            #expect(reason.contains("Commune inconnue") && reason.contains("code ROME"))
            #expect(try await API.get(app, "/api/v1/offers/pas-un-id").status == .badRequest)
            #expect(try await API.get(app, "/api/v1/offers/\(UUID())").status == .notFound)
            let page = try await app.get("/offres?commune=99999").body.text
            #expect(page.contains("Commune inconnue"))
            let all = try await API.get(app, "/api/v1/offers?size=100").json
            #expect(all["total"].int.map { $0 >= 100 } == true && all["pages"].int == (all["total"].int! + 99) / 100)
        }
    }

    @Test func theImmersionCheckCitesItsArticles() async throws {
        try await withPasserelle { app in
            let valid = try await API.postJSON(app, "/api/v1/immersions/check", #"{"start": "2027-03-01", "end": "2027-03-26", "weekly_hours": 35, "previous_days": 0}"#).json
            #expect(valid["valid"].bool == true && valid["problems"].array.isEmpty)
            let long = try await API.postJSON(app, "/api/v1/immersions/check", #"{"start": "2027-03-01", "end": "2027-04-15", "weekly_hours": 50, "previous_days": 40}"#).json
            let problems = long["problems"].array.compactMap(\.string)
            #expect(long["valid"].bool == false && problems.count == 3)
            #expect(problems.contains { $0.contains("D5135-3") } && problems.contains { $0.contains("L3121-20") })
            let farAway = try await API.postJSON(app, "/api/v1/immersions/check", #"{"start": "3000000000000-01-01", "end": "2027-03-26", "weekly_hours": 35}"#)
            #expect(farAway.status == .badRequest)
            let bad = try await API.postJSON(app, "/api/v1/immersions/check", #"{"start": "2027-03-01", "end": "2027-03-26", "weekly_hours": 0}"#)
            #expect(bad.status == .badRequest)
            let wrongDate = try await API.postJSON(app, "/api/v1/immersions/check", #"{"start": "le 3 mars", "end": "2027-03-26", "weekly_hours": 35}"#)
            let reason = try wrongDate.json["reason"].string
            #expect(wrongDate.status == .badRequest && reason?.contains("AAAA-MM-JJ") == true)
        }
    }
}
