import Foundation
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleJourneys
@testable import PasserellePlatform

@Suite("Journeys: the public rules of eligibility and contracts, and their versions")
struct RulesTests {
    static func json(_ response: TestingHTTPResponse) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
    }

    @Test func theAPIAnswersWithTheRulesInForceOnTheDayAsked() async throws {
        try await withPasserelle(.reference) { app in
            let today = try Self.json(try await API.get(app, "/api/v1/eligibility/criteria"))
            #expect(today["rules_version"] as? String == "2021-09-03" && (today["criteria"] as? [Any])?.count == 18)
            let rules = try #require(today["rules"] as? [[String: Any]])
            #expect(rules.map { "\($0["kind"]!) \($0["level_two"]!)" }.sorted() == ["aci 3", "ai 2", "ei 3", "eiti 3", "etti 2"])
            #expect(try await API.get(app, "/api/v1/eligibility/criteria?date=2021-09-02").status == .notFound)
            let bad = try await API.get(app, "/api/v1/eligibility/criteria?date=2021-13-40")
            #expect(bad.status == .badRequest && bad.body.text.contains("AAAA-MM-JJ"))

            let ai = try Self.json(try await API.postJSON(app, "/api/v1/eligibility/check", #"{"kind":"ai","criteria":["moins-de-26-ans","residence-qpv"],"date":"2026-12-07"}"#))
            #expect(ai["eligible"] as? Bool == true && ai["rules_version"] as? String == "2021-09-03" && (ai["reasons"] as? [String])?.count == 3)
            let aci = try Self.json(try await API.postJSON(app, "/api/v1/eligibility/check", #"{"kind":"aci","criteria":["moins-de-26-ans","residence-qpv"]}"#))
            #expect(aci["eligible"] as? Bool == false && (aci["reasons"] as? [String])?.first?.hasPrefix("Pas éligible (ACI") == true)
            for body in [#"{"kind":"ea","criteria":["rsa"]}"#, #"{"kind":"aci","criteria":["licorne"]}"#, #"{"kind":"aci","criteria":[],"date":"hier"}"#, #"{"criteria":[]}"#] {
                let refused = try await API.postJSON(app, "/api/v1/eligibility/check", body)
                #expect(refused.status == .badRequest && refused.body.text.contains(#""error":true"#), "\(body)")
            }
        }
    }

    @Test func theContractCheckNamesEachBoundAndItsArticle() async throws {
        try await withPasserelle(.reference) { app in
            let valid = try Self.json(try await API.postJSON(app, "/api/v1/contracts/check",
                                                             #"{"kind":"cddi","start":"2027-01-01","end":"2027-06-30","weekly_hours":26,"previous_months":0,"exception":null}"#))
            #expect(valid["valid"] as? Bool == true && (valid["problems"] as? [String])?.isEmpty == true)
            let beyond = try Self.json(try await API.postJSON(app, "/api/v1/contracts/check",
                                                              #"{"kind":"cdd_tremplin","start":"2027-01-01","end":"2027-12-31","weekly_hours":30,"previous_months":18}"#))
            let problems = try #require(beyond["problems"] as? [String])
            #expect(beyond["valid"] as? Bool == false && problems == [
                "Un CDD Tremplin dure au plus 24 mois en tout, renouvellements compris (Code du travail, art. L5213-13-2 et R5213-79) : "
                    + "avec 18 mois déjà faits, celui-ci doit finir au plus tard le 30 juin 2027.",
            ])
            for body in [#"{"kind":"cddi","start":"2027-01-01","end":"2027-06-30","weekly_hours":26,"exception":"licorne"}"#,
                         #"{"kind":"cddi","start":"2027-02-30","end":"2027-06-30","weekly_hours":26}"#,
                         #"{"kind":"cddi","start":"2027-01-01","end":"2027-06-30","weekly_hours":0}"#,
                         #"{"kind":"cdi","start":"2027-01-01","end":"2027-06-30","weekly_hours":26}"#] {
                let refused = try await API.postJSON(app, "/api/v1/contracts/check", body)
                #expect(refused.status == .badRequest && refused.body.text.contains(#""error":true"#), "\(body)")
            }
        }
    }

    @Test func thePublicPageChecksASituationAndAContractWithoutKeepingAnything() async throws {
        try await withPasserelle(.reference) { app in
            let page = try await app.get("/parcours/regles?structure=ai&criteres=moins-de-26-ans&criteres=residence-qpv&date=2026-12-07")
            let html = page.body.text
            #expect(page.status == .ok && html.contains("Éligible (AI : 1 critère de niveau 1 ou 2 critères de niveau 2)"))
            #expect(html.contains("version du 3 septembre 2021") && html.contains("Arrêté du 1er septembre 2021"))
            let contract = try await app.get("/parcours/regles?contrat=geiq_professionnalisation&debut=2027-01-01&fin=2028-06-30&heures=35&mois=0").body.text
            #expect(contract.contains("Un contrat de professionnalisation dure au plus 12 mois (Code du travail, art. L6325-11"))
            let wrong = try await app.get("/parcours/regles?structure=ea&date=demain&contrat=cddi&debut=2027-01-01&fin=2027-06-30&heures=beaucoup")
            let problems = wrong.body.text
            #expect(wrong.status == .badRequest && problems.contains("Choisissez un type de SIAE.") && problems.contains("La date doit être un jour")
                && problems.contains("La durée hebdomadaire doit être un nombre"))
        }
    }

    @Test func onlyThePlatformTeamAddsAVersionWhichThenJudgesFromItsDay() async throws {
        try await withPasserelle(.demo) { app in
            #expect(try await app.get("/admin/eligibilite").status == .seeOther)
            let member = try await Persona.structure.browser(app)
            #expect(try await member.get("/admin/eligibilite").status == .forbidden)
            #expect(try await member.post("/admin/eligibilite", [("effective_from", "2030-01-01")]).status == .forbidden)

            let team = try await Persona.admin.browser(app)
            let form = try await team.get("/admin/eligibilite")
            #expect(form.status == .ok && form.body.text.contains("en vigueur aujourd’hui"))
            var fields: [(String, String)] = [("source", "Arrêté imaginaire du 1er janvier 2030 (essai)"), ("note", "Essai")]
            for criterion in try await EligibilityRuleStore.ruleSets(on: app.db)[0].criteria {
                fields += [("code", criterion.id), ("label", criterion.label), ("level", String(criterion.level.rawValue))]
            }
            for kind in ["aci", "ei", "eiti", "ai", "etti"] { fields += [("level_one_\(kind)", "1"), ("level_two_\(kind)", kind == "ai" ? "3" : "2")] }

            let past = try await team.post("/admin/eligibilite", fields + [("effective_from", "2021-01-01")])
            #expect(past.status == .unprocessableEntity && past.body.text.contains("doit prendre effet après elle"))
            let broken = try await team.post("/admin/eligibilite", fields + [("effective_from", "2030-01-01"), ("code", "Mauvais Code"), ("label", "x"), ("level", "2")])
            #expect(broken.status == .unprocessableEntity && broken.body.text.contains("Le code « Mauvais Code » doit faire"))
            #expect(try await EligibilityRuleStore.all(on: app.db).count == 1)

            let added = try await team.post("/admin/eligibilite", fields + [("effective_from", "2030-01-01")])
            #expect(added.status == .seeOther)
            let stored = try await EligibilityRuleStore.all(on: app.db)
            #expect(stored.map(\.rules.effectiveFrom) == ["2021-09-03", "2030-01-01"] && stored[1].createdBy == Persona.admin.email && stored[1].note == "Essai")
            #expect(try await Audit.entries(action: .eligibilityRulesAdded, on: app.db).count == 1)
            #expect(try await team.post("/admin/eligibilite", fields + [("effective_from", "2030-01-01")]).body.text.contains("Une version prend déjà effet le 2030-01-01"))

            // The same criteria judged on either side of the change.
            let before = try Self.json(try await API.postJSON(app, "/api/v1/eligibility/check", #"{"kind":"ai","criteria":["moins-de-26-ans","residence-qpv"],"date":"2029-12-31"}"#))
            let after = try Self.json(try await API.postJSON(app, "/api/v1/eligibility/check", #"{"kind":"ai","criteria":["moins-de-26-ans","residence-qpv"],"date":"2030-01-01"}"#))
            #expect(before["eligible"] as? Bool == true && after["eligible"] as? Bool == false && after["rules_version"] as? String == "2030-01-01")
            let aci = try Self.json(try await API.postJSON(app, "/api/v1/eligibility/check", #"{"kind":"aci","criteria":["moins-de-26-ans","residence-qpv"],"date":"2030-06-01"}"#))
            #expect(aci["eligible"] as? Bool == true)
        }
    }
}
