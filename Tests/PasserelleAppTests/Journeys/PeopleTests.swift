import Foundation
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleAccounts
@testable import PasserelleApp
@testable import PasserelleJourneys
@testable import PasserellePlatform
@testable import PasserelleServices

@Suite("Journeys: the people a structure accompanies, their privacy, their hiring")
struct PeopleTests {
    /// A person of the demo structure of `persona`, at `stage`.
    static func person(of persona: Persona, stage: PersonStage, _ app: Application) async throws -> PeopleStore.Person {
        var filter = PeopleStore.Filter(structure: try await persona.structureID(app))
        filter.stage = stage
        return try #require(try await PeopleStore.list(filter, offset: 0, limit: 1, on: app.db).people.first)
    }

    @Test func onlyTheStructuresMembersSeeItsPeopleAndOthersGetA404ThatIsAudited() async throws {
        try await withPasserelle(.demo) { app in
            let mine = try await Self.person(of: .structure, stage: .inJourney, app)
            let theirs = try await Self.person(of: .structure2, stage: .inJourney, app)
            let path = "/parcours/personnes/\(mine.id.uuidString.lowercased())"

            #expect(try await app.get("/parcours/personnes").status == .seeOther)
            #expect(try await app.get(path).status == .seeOther)
            #expect(try await API.get(app, "/api/v1/people").status == .unauthorized)

            let member = try await Persona.structure.browser(app)
            let list = try await member.get("/parcours/personnes")
            #expect(list.status == .ok && list.body.text.contains(mine.fullName) && list.headers.first(name: "X-Robots-Tag") == "noindex, nofollow")
            #expect(list.body.text.contains("<meta name=\"robots\" content=\"noindex, nofollow\">"))
            let page = try await member.get(path)
            #expect(page.status == .ok && page.body.text.contains(mine.fullName) && page.body.text.contains("Agrément"))
            #expect(try await member.get("/parcours/personnes/\(theirs.id.uuidString.lowercased())").status == .notFound)
            #expect(try await member.get("/parcours/personnes/\(UUID().uuidString)").status == .notFound)
            let other = try await Persona.structure2.structureID(app)
            #expect(try await member.get("/parcours/personnes?structure=\(other.uuidString)").status == .forbidden)
            #expect(try await member.get("/parcours/personnes.csv?structure=\(other.uuidString)").status == .forbidden)
            // A search cannot reach another structure's people.
            #expect(!(try await member.get("/parcours/personnes?q=\(theirs.lastName)").body.text.contains("/parcours/personnes/\(theirs.id.uuidString.lowercased())")))
            let csv = try await member.get("/parcours/personnes.csv").body.text
            #expect(csv.contains(mine.lastName) && !csv.contains(theirs.email ?? "∅"))

            for persona in [Persona.admin, .buyer, .partner, .facilitator, .steward] {
                let browser = try await persona.browser(app)
                #expect(try await browser.get("/parcours/personnes").status == .forbidden, "\(persona)")
                #expect(try await browser.get("/parcours/personnes.csv").status == .forbidden, "\(persona)")
                #expect(try await browser.get(path).status == .notFound, "\(persona)")
                #expect(try await browser.get(path + "/modifier").status == .notFound, "\(persona)")
                try await browser.get("/")
                #expect(try await browser.post(path + "/accord", [("purpose", "accompagnement"), ("action", "retirer")]).status == .notFound, "\(persona)")
                let token = try await persona.token(app)
                #expect(try await API.get(app, "/api/v1/people", token: token).status == .forbidden, "\(persona)")
                #expect(try await API.get(app, "/api/v1/people/\(mine.id.uuidString)", token: token).status == .notFound, "\(persona)")
                #expect(try await API.get(app, "/api/v1/people/\(mine.id.uuidString)/timeline", token: token).status == .notFound, "\(persona)")
            }
            let refused = try await Audit.entries(action: .personRefused, limit: 100, on: app.db)
            #expect(refused.count == 5 * 5 + 1 && refused.allSatisfy { $0.object?.hasPrefix("personne:") == true })
            #expect(try await Audit.entries(action: .personRead, on: app.db).contains { $0.object == "personne:\(mine.id.uuidString.lowercased())" })
        }
    }

    @Test func aReferentOpensARecordWithTheAgreementThenTheAgreementCanBeWithdrawn() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let structure = try await Persona.structure.structureID(app)
            let referent = try await Persona.structure.userID(app)
            try await member.get("/parcours/personnes/nouvelle")
            let wrong = try await member.post("/parcours/personnes/nouvelle", [
                ("structure", structure.uuidString), ("first_name", "Alma"), ("last_name", ""), ("birth_date", "2030-01-01"), ("commune_q", "Atlantide"),
                ("preference", "telephone"), ("referent", referent.uuidString),
            ])
            let problems = wrong.body.text
            #expect(wrong.status == .unprocessableEntity && problems.contains("Nom : obligatoire") && problems.contains("Commune inconnue : « Atlantide »")
                && problems.contains("La personne préfère le téléphone") && problems.contains("Cochez l’accord"))
            let created = try await member.post("/parcours/personnes/nouvelle", [
                ("structure", structure.uuidString), ("first_name", "Alma"), ("last_name", "Essai"), ("birth_date", "1995-04-02"), ("commune_q", "Lille"),
                ("preference", "telephone"), ("phone", "06 00 00 00 00"), ("publics", "jeunes"), ("referent", referent.uuidString), ("consent", "1"),
            ])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let id = try #require(UUID(uuidString: String(location.split(separator: "/").last!.prefix(36))))
            let person = try #require(try await PeopleStore.person(id, on: app.db))
            #expect(person.communeCode == "59350" && person.stage == .welcomed && person.referentID == referent)
            #expect(try await PeopleStore.consents(of: id, on: app.db).map(\.purpose) == [.accompaniment])

            try await member.get("/parcours/personnes/\(id.uuidString)")
            #expect(try await member.post("/parcours/personnes/\(id.uuidString)/accord", [("purpose", "partage"), ("action", "donner")]).status == .seeOther)
            #expect(try await member.post("/parcours/personnes/\(id.uuidString)/accord", [("purpose", "partage"), ("action", "retirer")]).status == .seeOther)
            let consents = try await PeopleStore.consents(of: id, on: app.db)
            #expect(consents.count == 2 && consents[1].purpose == .sharing && consents[1].withdrawnAt != nil)
            #expect(try await member.post("/parcours/personnes/\(id.uuidString)/accord", [("purpose", "licorne"), ("action", "donner")]).status == .badRequest)
            let timeline = try await PeopleStore.timeline(of: id, on: app.db).events.map(\.summary)
            #expect(timeline.first == "Accord retiré : partage avec un partenaire (orientation, transfert)." && timeline.count == 3)
            let consentEntries = try await Audit.entries(action: .consentChanged, limit: 500, on: app.db).filter { $0.object == "personne:\(id.uuidString.lowercased())" }.count
            let creations = try await Audit.entries(action: .personCreated, on: app.db).count
            #expect(consentEntries == 2 && creations >= 1)
        }
    }

    @Test func aHiringIsRefusedOutsideTheRulesAndOpensTheJourneyWithinThem() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let person = try await Self.person(of: .structure, stage: .welcomed, app)
            let path = "/parcours/personnes/\(person.id.uuidString.lowercased())/embauche"
            #expect(try await member.get(path).status == .ok)
            let base: [(String, String)] = [("hired_on", "2026-12-01"), ("diagnosis_date", "2026-11-20"), ("diagnosis_author", "prescripteur"), ("prescriber", "France Travail")]
            let refused = try await member.post(path, base + [("criteres", "moins-de-26-ans"), ("justificatif-moins-de-26-ans", "Carte d’identité"),
                                                              ("contract_kind", "cddi"), ("contract_start", "2026-12-01"), ("contract_end", "2027-01-31"), ("weekly_hours", "26")])
            #expect(refused.status == .unprocessableEntity && refused.body.text.contains("Pas éligible (ACI") && refused.body.text.contains("Un CDDI dure au moins 4 mois"))
            #expect(try await JourneyStore.journeys(of: person.id, on: app.db).isEmpty)

            let hired = try await member.post(path, base + [("criteres", "rsa"), ("justificatif-rsa", "Attestation CAF"),
                                                            ("contract_kind", "cddi"), ("contract_start", "2026-12-01"), ("contract_end", "2027-05-31"), ("weekly_hours", "26")])
            #expect(hired.status == .seeOther)
            let journeys = try await JourneyStore.journeys(of: person.id, on: app.db)
            #expect(journeys.count == 1 && journeys[0].approvalEnd == "2028-11-30" && journeys[0].diagnosis?.rulesVersion == "2021-09-03"
                && journeys[0].contracts.first?.weeklyHours == 26)
            #expect(try await PeopleStore.person(person.id, on: app.db)?.stage == .inJourney)
            #expect(try await member.post(path, base + [("criteres", "rsa"), ("justificatif-rsa", "Attestation CAF")]).status == .conflict)

            // The API gives the same record to the structure's software.
            let token = try await Persona.structure.token(app)
            let detail = try await API.get(app, "/api/v1/people/\(person.id.uuidString)", token: token).json
            #expect(detail["journeys"][0]["approval_end"].string == "2028-11-30" && detail["journeys"][0]["eligibility"]["criteria"][0].string == "rsa")
            let timeline = try await API.get(app, "/api/v1/people/\(person.id.uuidString)/timeline?size=1", token: token).json
            #expect(timeline["total"].int == 2 && timeline["pages"].int == 2 && timeline["items"][0]["kind"].string == "embauche")
            let listed = try await API.get(app, "/api/v1/people?stage=accueilli&size=5", token: token).json
            #expect(listed["total"].int == 9 && listed["items"].array.count == 5)
            #expect(try await API.get(app, "/api/v1/people?structure=x", token: token).status == .badRequest)
            #expect(try await API.get(app, "/api/v1/people/pas-un-uuid", token: token).status == .badRequest)
        }
    }
}

@Suite("Journeys: the plan, the exit, the follow-up")
struct PlanTests {
    @Test func aReferentFollowsBarriersAndActionsThenRecordsTheExitAndReopens() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let person = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            let base = "/parcours/personnes/\(person.id.uuidString.lowercased())"
            try await member.get(base)
            #expect(try await member.post(base + "/freins", [("category", "souvrir-a-linternational"), ("note", "Pas de permis")]).status == .seeOther)
            let twice = try await member.post(base + "/freins", [("category", "souvrir-a-linternational")])
            #expect(twice.headers.first(name: .location)?.contains("probleme=") == true)
            let barrier = try #require(try await PlanStore.barriers(of: person.id, on: app.db).first { $0.note == "Pas de permis" })
            #expect(barrier.state == .identified && barrier.note == "Pas de permis")
            #expect(try await member.post(base + "/freins/\(barrier.id.uuidString)", [("state", "leve")]).status == .seeOther)
            let wrongMove = try await member.post(base + "/freins/\(barrier.id.uuidString)", [("state", "en-cours")])
            #expect(wrongMove.headers.first(name: .location)?.contains("probleme=") == true)
            #expect(try await PlanStore.barriers(of: person.id, on: app.db).first { $0.id == barrier.id }?.state == .lifted)

            #expect(try await member.post(base + "/actions", [("title", "Code de la route"), ("kind", "action"), ("due", "2027-02-01"), ("barrier", barrier.id.uuidString)])
                .status == .seeOther)
            let action = try #require(try await PlanStore.actions(of: person.id, on: app.db).first { $0.title == "Code de la route" })
            #expect(try await member.post(base + "/actions/\(action.id.uuidString)", [("state", "realisee")]).status == .seeOther)
            #expect(try await PlanStore.actions(of: person.id, on: app.db).first { $0.id == action.id }?.state == .done)
            let detail = try await API.get(app, "/api/v1/people/\(person.id.uuidString)", token: try await Persona.structure.token(app)).json
            #expect(detail["barriers"].array.contains { $0["category"].string == "souvrir-a-linternational" && $0["state"].string == "leve" })
            #expect(detail["actions"].array.contains { $0["title"].string == "Code de la route" && $0["state"].string == "realisee" })

            let noEmployer = try await member.post(base + "/sortie", [("exit_on", "2026-12-01"), ("exit_contract", "cdi")])
            #expect(noEmployer.headers.first(name: .location)?.contains("probleme=") == true)
            #expect(try await member.post(base + "/sortie", [("exit_on", "2026-12-01"), ("exit_contract", "cdi"), ("exit_employer", "Transports Exemple")]).status == .seeOther)
            let journey = try #require(try await JourneyStore.journeys(of: person.id, on: app.db).first)
            #expect(journey.state == .exited && journey.exit?.category == .sustainableEmployment)
            #expect(try await PeopleStore.person(person.id, on: app.db)?.stage == .exited)
            // The month's follow-up is not due before 1 January 2027.
            let early = try await member.post(base + "/suivi", [("months", "1"), ("outcome", "en-emploi")])
            let followUps = try await PlanStore.followUps(of: journey.id, on: app.db)
            #expect(early.headers.first(name: .location)?.contains("probleme=") == true && followUps.isEmpty)
            #expect(try await member.post(base + "/sortie", [("exit_on", "2026-12-01"), ("exit_contract", "cdi"), ("exit_employer", "X")]).status == .conflict)

            #expect(try await member.post(base + "/reouverture", []).status == .seeOther)
            #expect(try await JourneyStore.journeys(of: person.id, on: app.db).first?.state == .open)
            let summaries = try await PeopleStore.timeline(of: person.id, on: app.db).events.map(\.summary)
            #expect(summaries.first == "Parcours rouvert." && summaries.contains { $0.hasPrefix("Sortie le 1er décembre 2026 : CDI chez Transports Exemple") })

            // Another structure's member reaches none of these forms.
            let other = try await Persona.structure2.browser(app)
            try await other.get("/")
            #expect(try await other.post(base + "/freins", [("category", "sante")]).status == .notFound)
            #expect(try await other.post(base + "/sortie", [("exit_on", "2026-12-01"), ("exit_contract", "formation")]).status == .notFound)
        }
    }
}

@Suite("Journeys: the structure's dashboard and its figures in the API")
struct JourneyDashboardTests {
    @Test func membersSeeTheFiguresInFullAndTheAPIHidesSmallCells() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let page = try await member.get("/parcours/tableau-de-bord?du=2020-01-01&au=2030-12-31")
            let html = page.body.text
            #expect(page.status == .ok && html.contains("Taux de sorties dynamiques") && html.contains("Personnes accompagnées sur la période"))
            let csv = try await member.get("/parcours/tableau-de-bord.csv?du=2020-01-01&au=2030-12-31")
            #expect(csv.status == .ok && csv.body.text.contains("Sorties : emploi durable"))
            #expect(try await member.get("/parcours/tableau-de-bord?du=2026-12-31&au=2026-01-01").body.text.contains("La période doit aller"))

            let structure = try await Persona.structure.structureID(app)
            let facts = try await JourneyFactsStore.facts(structure: structure, referent: nil, on: app.db)
            let figures = JourneyFigures.compute(facts, from: "2020-01-01", to: "2030-12-31")
            let token = try await Persona.structure.token(app)
            let stats = try await API.get(app, "/api/v1/structures/\(structure.uuidString)/journey-stats?from=2020-01-01&to=2030-12-31", token: token).json
            #expect(stats["accompanied"].int == figures.accompanied && figures.accompanied == 40)
            for (index, category) in ExitCategory.allCases.enumerated() {
                let count = figures.exits[category] ?? 0
                #expect(stats["exits"][index]["count"].int == (count > 0 && count < 5 ? nil : count), "\(category)")
            }
            #expect(figures.exits.values.contains { $0 > 0 && $0 < 5 }, "the demo has a small cell to hide")
            let other = try await Persona.structure2.token(app)
            #expect(try await API.get(app, "/api/v1/structures/\(structure.uuidString)/journey-stats", token: other).status == .forbidden)
            #expect(try await API.get(app, "/api/v1/structures/\(structure.uuidString)/journey-stats?from=2026-13-01", token: token).status == .badRequest)
            #expect(try await Persona.admin.browser(app).get("/parcours/tableau-de-bord").status == .forbidden)
        }
    }
}

@Suite("Journeys: a person's data on request, and its erasure")
struct PersonDataTests {
    @Test func theRecordIsGivenAsJSONThenErasedAfterAConfirmation() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let person = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            let base = "/parcours/personnes/\(person.id.uuidString.lowercased())"
            let export = try await member.get(base + "/donnees.json")
            let json = try export.json
            #expect(export.status == .ok && json["first_name"].string == person.firstName && json["journeys"][0]["hired_on"].string != nil)
            #expect(json["timeline"].array.count >= 2 && json["consents"][0]["purpose"].string == "accompagnement")
            #expect(try await Persona.structure2.browser(app).get(base + "/donnees.json").status == .notFound)

            #expect(try await member.get(base + "/effacement").status == .ok)
            #expect(try await member.post(base + "/effacement", []).status == .badRequest)
            #expect(try await PeopleStore.person(person.id, on: app.db) != nil)
            #expect(try await member.post(base + "/effacement", [("confirm", "1")]).status == .seeOther)
            #expect(try await PeopleStore.person(person.id, on: app.db) == nil)
            let journeysLeft = try await JourneyStore.journeys(of: person.id, on: app.db)
            let barriersLeft = try await PlanStore.barriers(of: person.id, on: app.db)
            #expect(journeysLeft.isEmpty && barriersLeft.isEmpty)
            #expect(try await member.get(base).status == .notFound)
            // The demo erased one record of its own.
            let erased = try await Audit.entries(action: .personErased, on: app.db).filter { $0.object == "personne:\(person.id.uuidString.lowercased())" }
            #expect(erased.count == 1 && erased[0].object == "personne:\(person.id.uuidString.lowercased())" && !(erased[0].detail.contains(person.lastName)))
            #expect(try await Audit.entries(action: .personExported, on: app.db).count == 1)
        }
    }
}

@Suite("Journeys: the retention job")
struct JourneyRetentionTests {
    @Test func endedJourneysLoseTheirIdentityAfterTheFollowUpAndTheRetentionMonths() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Persona.structure.structureID(app)
            var exitedFilter = PeopleStore.Filter(structure: structure)
            exitedFilter.stage = .exited
            let exited = try await PeopleStore.list(exitedFilter, offset: 0, limit: 100, on: app.db).people
            var openFilter = PeopleStore.Filter(structure: structure)
            openFilter.stage = .inJourney
            let open = try await PeopleStore.list(openFilter, offset: 0, limit: 100, on: app.db).people
            #expect(!exited.isEmpty && !open.isEmpty)
            // Today nothing is due: the follow-up of the demo's exits runs until 2028 at least.
            #expect(try await JourneyRetentionJob.anonymise(months: 24, today: DateText.parisDay(Date()), on: app.db) == 0)
            let anonymised = try await JourneyRetentionJob.anonymise(months: 24, today: "2031-01-01", on: app.db)
            #expect(anonymised >= exited.count)
            for person in exited {
                let after = try #require(try await PeopleStore.person(person.id, on: app.db))
                #expect(after.fullName == "Personne anonymisée" && after.email == nil && after.birthDate == person.birthDate)
                #expect(try await JourneyStore.journeys(of: person.id, on: app.db).allSatisfy { $0.exit?.employer == nil && $0.diagnosis?.proofs.isEmpty != false })
            }
            for person in open { #expect(try await PeopleStore.person(person.id, on: app.db)?.fullName == person.fullName) }
            #expect(try await JourneyRetentionJob.anonymise(months: 24, today: "2031-01-01", on: app.db) == 0)
            // The figures keep the exits.
            let figures = JourneyFigures.compute(try await JourneyFactsStore.facts(structure: structure, referent: nil, on: app.db), from: "2020-01-01", to: "2031-01-01")
            #expect(figures.exitCount == exited.count)
        }
    }
}

@Suite("Journeys: follow-ups due and their reminders")
struct FollowUpReminderTests {
    @Test func theReferentIsRemindedOncePerMilestoneWithoutThePersonsName() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let person = try await PeopleTests.person(of: .structure, stage: .welcomed, app)
            let base = "/parcours/personnes/\(person.id.uuidString.lowercased())"
            try await member.get(base + "/embauche")
            #expect(try await member.post(base + "/embauche", [("hired_on", "2026-09-01"), ("diagnosis_date", "2026-08-20"), ("diagnosis_author", "structure"),
                                                               ("criteres", "rsa"), ("justificatif-rsa", "Attestation CAF")]).status == .seeOther)
            #expect(try await member.post(base + "/sortie", [("exit_on", "2026-10-01"), ("exit_contract", "cdi"), ("exit_employer", "Transports Exemple")]).status == .seeOther)
            let structure = try await Persona.structure.structureID(app)
            let due = try await FollowUpReminders.due(structure: structure, today: "2026-12-07", on: app.db).filter { $0.person == person.id }
            #expect(due.map(\.months) == [1] && due[0].due == "2026-11-01" && !due[0].reminded)

            let before = try await Outbox.messages(to: Persona.structure.email, on: app.db).count
            #expect(try await FollowUpReminders.remind(today: "2026-12-07", publicURL: "http://passerelle.test", on: app.db) >= 1)
            let mails = try await Outbox.messages(to: Persona.structure.email, on: app.db)
            let reminder = try #require(mails.last { $0.subject == "Un suivi dans l’emploi est à faire" })
            #expect(mails.count > before && !reminder.textBody.contains(person.lastName) && reminder.textBody.contains(base))
            #expect(try await FollowUpReminders.remind(today: "2026-12-07", publicURL: "http://passerelle.test", on: app.db) == 0)
            let workspace = try await member.get("/mon-espace").body.text
            #expect(workspace.contains("dans l’emploi à faire"))

            #expect(try await member.post(base + "/suivi", [("months", "1"), ("outcome", "en-emploi")]).status == .seeOther)
            #expect(try await FollowUpReminders.due(structure: structure, today: "2026-12-07", on: app.db).filter { $0.person == person.id }.isEmpty)
        }
    }
}

@Suite("Journeys: a referral started from a barrier moves it")
struct BarrierReferralTests {
    @Test func theServicesAcceptancePutsTheBarrierInProgress() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let person = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            let base = "/parcours/personnes/\(person.id.uuidString.lowercased())"
            try await member.get(base)
            #expect(try await member.post(base + "/freins", [("category", "souvrir-a-linternational")]).status == .seeOther)
            let barrier = try #require(try await PlanStore.barriers(of: person.id, on: app.db).first { $0.category == "souvrir-a-linternational" })
            let service = try #require(try await ServiceStore.published(on: app.db).first)
            let path = base + "/freins/\(barrier.id.uuidString.lowercased())/orienter"
            #expect(try await member.get(path).status == .ok)
            let fields = [("service", service.id.uuidString), ("reason", "Préparer un séjour de travail à l’étranger avec un accompagnement dédié."), ("criteria", "1")]
            // No agreement to sharing yet: nothing leaves the record.
            #expect(try await member.post(path, fields).status == .conflict)
            #expect(try await member.post(base + "/accord", [("purpose", "partage"), ("action", "donner")]).status == .seeOther)
            try await member.get(path)
            let short = try await member.post(path, [("service", service.id.uuidString), ("reason", "Court")])
            #expect(short.status == .unprocessableEntity && short.body.text.contains("Expliquez le motif"))
            #expect(try await member.post(path, fields).status == .seeOther)
            let tied = try #require(try await PlanStore.barriers(of: person.id, on: app.db).first { $0.id == barrier.id })
            let referral = try #require(tied.referralID)
            #expect(tied.referralState == "ouverte" && tied.state == .identified)

            let answered = try await ReferralFlows.answer(referral, with: .accept, by: .init(userID: nil, label: "partenaire", address: nil),
                                                          publicURL: "http://passerelle.test", on: app.db)
            #expect((try? answered.get()) == .accepted)
            let page = try await member.get(base).body.text
            #expect(page.contains("Orientation validée"))
            let moved = try #require(try await PlanStore.barriers(of: person.id, on: app.db).first { $0.id == barrier.id })
            #expect(moved.state == .inProgress && moved.referralState == "validee")
            let summaries = try await PeopleStore.timeline(of: person.id, on: app.db).events.map(\.summary)
            #expect(summaries.contains("Orientation vers « \(service.name) » validée : le frein « S’ouvrir à l’international » est en cours de levée."))
            // Seen once: a second reading changes nothing.
            try await BarrierReferralSync.syncAll(on: app.db)
            #expect(try await PeopleStore.timeline(of: person.id, on: app.db).total == summaries.count)
        }
    }
}

@Suite("Journeys: appointment reminders")
struct AppointmentReminderTests {
    @Test func theReferentIsMailedOnceTheDayBeforeWithoutThePersonsName() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let person = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            let base = "/parcours/personnes/\(person.id.uuidString.lowercased())"
            try await member.get(base)
            for title in ["Rendez-vous à la mission locale", "Rendez-vous chez le médecin du travail"] {
                #expect(try await member.post(base + "/actions", [("title", title), ("kind", "rendez-vous"), ("due", "2027-02-01")]).status == .seeOther)
            }
            #expect(try await AppointmentReminders.remind(today: "2027-01-30", publicURL: "http://passerelle.test", on: app.db) == 0)
            #expect(try await AppointmentReminders.remind(today: "2027-01-31", publicURL: "http://passerelle.test", on: app.db) == 1)
            #expect(try await AppointmentReminders.remind(today: "2027-01-31", publicURL: "http://passerelle.test", on: app.db) == 0)
            let mail = try #require(try await Outbox.messages(to: Persona.structure.email, on: app.db).last { $0.subject == "Un rendez-vous demain" })
            #expect(mail.textBody.contains("1er février 2027") && !mail.textBody.contains(person.lastName) && !mail.textBody.contains("médecin"))
        }
    }
}
