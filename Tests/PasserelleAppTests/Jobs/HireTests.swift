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

/// Transitions: a company confirms the hiring on an accepted application, and the journey of the
/// person the sending structure follows closes with the exit the contract gives, on its day.
@Suite("Jobs: a hiring confirmed by a company closes the person's journey")
struct HireTests {
    /// A person the demo ACI follows whose journey is open.
    static func followedInJourney(_ app: Application) async throws -> UUID {
        let structure = try await Persona.structure.structureID(app)
        return try #require(try await app.db.sql.raw("""
            SELECT p.id FROM people p JOIN journeys j ON j.person_id = p.id
            WHERE p.structure_id = \(bind: structure) AND j.state = \(bind: JourneyState.open.rawValue) ORDER BY p.id LIMIT 1
            """).first(decodingColumn: "id", as: UUID.self))
    }

    static func journeyExit(_ app: Application, person: UUID) async throws -> (state: String, contract: String?, day: String?) {
        struct Row: Decodable { var state: String; var exitContract: String?; var exitOn: String? }
        let row = try #require(try await app.db.sql.raw("SELECT state, exit_contract, exit_on FROM journeys WHERE person_id = \(bind: person) ORDER BY hired_on DESC LIMIT 1")
            .first(decoding: Row.self, table: "journeys", keys: .snakeCaseColumns))
        return (row.state, row.exitContract, row.exitOn)
    }

    /// The ACI applies for `person` to the company's new offer on `contract`, and the company accepts; the application's id.
    static func accepted(_ app: Application, person: UUID, contract: String) async throws -> String {
        let offer = try await ApplicationTests.post(app, by: .company, contract: contract)
        let structure = try await Persona.structure.browser(app)
        try await structure.get("/offres/\(offer.uuidString)/candidater")
        let sent = try await structure.post("/offres/\(offer.uuidString)/candidater", [
            ("organisation", try await Persona.structure.organisationID(app).uuidString.lowercased()), ("person", person.uuidString.lowercased()),
            ("message", "Un an de pose en chantier d’insertion."), ("consent", "oui"),
        ])
        #expect(sent.status == .seeOther)
        let location = try #require(sent.headers.first(name: .location))
        let id = String(location.dropFirst("/candidatures/".count).prefix(36))
        let company = try await Persona.company.browser(app)
        try await company.get("/candidatures/\(id)")
        #expect(try await company.post("/candidatures/\(id)/reponse", [("change", "accepter")]).status == .seeOther)
        return id
    }

    @Test func theCompanyConfirmsTheHiringAndTheJourneyExitsWithAPermanentJob() async throws {
        try await withPasserelle(.demo) { app in
            let person = try await Self.followedInJourney(app)
            let id = try await Self.accepted(app, person: person, contract: "cdi")
            let company = try await Persona.company.browser(app)
            let page = try await company.get("/candidatures/\(id)").body.text
            #expect(page.contains("Confirmer l’embauche") && !page.contains("id=\"months\""), "a CDI asks no length")
            // The sending team does not confirm the employer's hiring.
            let structure = try await Persona.structure.browser(app)
            try await structure.get("/candidatures/\(id)")
            #expect(try await structure.post("/candidatures/\(id)/embauche", [("day", DateText.parisDay(Date()))]).status == .forbidden)
            // A day before the application is refused, and nothing is written.
            let early = try await company.post("/candidatures/\(id)/embauche", [("day", "2020-01-06")])
            #expect(early.status == .unprocessableEntity && early.body.text.contains("L’embauche ne peut précéder la candidature"))
            #expect(try await Self.journeyExit(app, person: person).state == JourneyState.open.rawValue)

            let today = DateText.parisDay(Date())
            let confirmed = try await company.post("/candidatures/\(id)/embauche", [("day", today)])
            #expect(confirmed.status == .seeOther)
            let exit = try await Self.journeyExit(app, person: person)
            #expect(exit.state == JourneyState.exited.rawValue && exit.contract == ExitContract.permanent.rawValue && exit.day == today)
            let timeline = try await app.db.sql.raw("SELECT summary FROM journey_events WHERE person_id = \(bind: person) AND kind = 'sortie'")
                .all(decodingColumn: "summary", as: String.self)
            #expect(timeline.contains { $0.contains("CDI chez Menuiserie du Val de Deûle (démo)") && $0.contains("Embauche confirmée par l’employeur") })
            // The sending team reads what became of the journey, and is told by mail.
            let seen = try await structure.get("/candidatures/\(id)").body.text
            #expect(seen.contains("sortie enregistrée : CDI (emploi durable)"))
            #expect(try await Outbox.messages(to: Persona.structure.email, on: app.db).contains { $0.subject.contains("Embauche confirmée") })
            // Confirmed once.
            let twice = try await company.post("/candidatures/\(id)/embauche", [("day", today)])
            #expect(twice.status == .unprocessableEntity && twice.body.text.contains("rien n’a été enregistré"))
        }
    }

    @Test func aHiringToComeClosesTheJourneyOnItsDayWithTheContractsLength() async throws {
        try await withPasserelle(.demo) { app in
            let person = try await Self.followedInJourney(app)
            let id = try await Self.accepted(app, person: person, contract: "cdd")
            let company = try await Persona.company.browser(app)
            try await company.get("/candidatures/\(id)")
            let day = try #require(CivilDay(DateText.parisDay(Date()))).addingDays(5).text
            let missing = try await company.post("/candidatures/\(id)/embauche", [("day", day)])
            #expect(missing.status == .unprocessableEntity && missing.body.text.contains("Durée du contrat : en mois, de 1 à 36."))
            #expect(try await company.post("/candidatures/\(id)/embauche", [("day", day), ("months", "8")]).status == .seeOther)
            #expect(try await Self.journeyExit(app, person: person).state == JourneyState.open.rawValue, "the exit waits for the hiring's day")
            let structure = try await Persona.structure.browser(app)
            #expect(try await structure.get("/candidatures/\(id)").body.text.contains("s’enregistrera le"))
            // The daily work, the day after the hiring.
            let later = Date().addingTimeInterval(6 * 86_400)
            let done = try await ApplicationFlows.housekeeping(on: app.db, publicURL: ApplicationTests.base, now: later)
            #expect(done.exits == 1)
            let exit = try await Self.journeyExit(app, person: person)
            #expect(exit.state == JourneyState.exited.rawValue && exit.contract == ExitContract.longFixedTerm.rawValue && exit.day == day)
            #expect(try await ApplicationFlows.housekeeping(on: app.db, publicURL: ApplicationTests.base, now: later).exits == 0, "once")
        }
    }

    @Test func aRecordThatMovedToAnotherStructureKeepsItsJourneyOpen() async throws {
        try await withPasserelle(.demo) { app in
            let person = try await Self.followedInJourney(app)
            let id = try await Self.accepted(app, person: person, contract: "cdi")
            // The record moves to the demo EI meanwhile: the ACI's word no longer closes anything there.
            let other = try await Persona.structure2.structureID(app)
            try await app.db.sql.update("people").set("structure_id", to: SQLBind(other)).where("id", .equal, SQLBind(person)).run()
            let company = try await Persona.company.browser(app)
            try await company.get("/candidatures/\(id)")
            // A day written without its zeros reads as the day it is.
            let today = try #require(CivilDay(DateText.parisDay(Date())))
            let loose = today.text.split(separator: "-").map { String(Int($0)!) }.joined(separator: "-")
            #expect(try await company.post("/candidatures/\(id)/embauche", [("day", loose)]).status == .seeOther)
            #expect(try await Self.journeyExit(app, person: person).state == JourneyState.open.rawValue)
            let uuid = try #require(UUID(uuidString: id))
            let application = try #require(try await ApplicationStore.application(uuid, on: app.db)?.application)
            #expect(application.hire?.day == today.text && application.hire?.settledAt != nil && application.hire?.exitJourneyID == nil)
        }
    }

    @Test func onlyAVerifiedEmployersTeamConfirms() async throws {
        try await withPasserelle(.demo) { app in
            let person = try await Self.followedInJourney(app)
            let id = try await Self.accepted(app, person: person, contract: "cdi")
            let own = try await Persona.company.organisationID(app)
            try await app.db.sql.update("organisations").set("verification", to: SQLBind(OrganisationVerification.pending.rawValue)).where("id", .equal, SQLBind(own)).run()
            let company = try await Persona.company.browser(app)
            #expect(!(try await company.get("/candidatures/\(id)").body.text.contains("Confirmer l’embauche")))
            #expect(try await company.post("/candidatures/\(id)/embauche", [("day", DateText.parisDay(Date()))]).status == .forbidden)
            #expect(try await Self.journeyExit(app, person: person).state == JourneyState.open.rawValue)
        }
    }
}
