import Foundation
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleJourneys
@testable import PasserellePlatform

@Suite("Journeys: an approval suspended and extended from the record")
struct ApprovalPageTests {
    @Test func suspensionsPushTheEndAndExtensionsStayWithinTheirReasonsLimits() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let person = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            let path = "/parcours/personnes/\(person.id.uuidString.lowercased())"
            let journey = try #require(try await JourneyStore.journeys(of: person.id, on: app.db).first { $0.state == .open })
            let before = try #require(journey.approvalEnd)
            let page = try await member.get(path)
            #expect(page.body.text.contains("Suspendre ou prolonger l’agrément"))

            let from = try #require(CivilDay(journey.hiredOn)).addingDays(10)
            let suspended = try await member.post(path + "/agrement", [("change", "suspension"), ("reason", "contrat-suspendu"), ("from", from.text),
                                                                      ("to", from.addingDays(29).text)])
            #expect(suspended.status == .seeOther && suspended.headers.first(name: .location)?.contains("fait=agrement") == true)
            let afterSuspension = try #require(try await JourneyStore.journeys(of: person.id, on: app.db).first { $0.id == journey.id }?.approvalEnd)
            #expect(afterSuspension == CivilDay(before)!.addingDays(30).text)
            let shown = try await member.get(path).body.text
            #expect(shown.contains("Suspendu du \(DateText.frenchDay(iso: from.text))") && shown.contains(DateText.frenchDay(iso: afterSuspension)))

            // Overlapping the first, and an extension beyond its reason's limit: refused, nothing written.
            let overlap = try await member.post(path + "/agrement", [("change", "suspension"), ("reason", "contrat-rompu"), ("from", from.addingDays(20).text),
                                                                    ("to", from.addingDays(40).text)])
            #expect(overlap.headers.first(name: .location)?.contains("probleme=") == true)
            #expect(try await member.get(overlap.headers.first(name: .location)!).body.text.contains("Deux suspensions se chevauchent"))
            for months in ["12", "12", "12"] {
                #expect(try await member.post(path + "/agrement", [("change", "prolongation"), ("reason", "rqth"), ("months", months), ("granted_by", "Cap emploi")])
                    .headers.first(name: .location)?.contains("fait=agrement") == true)
            }
            let beyond = try await member.post(path + "/agrement", [("change", "prolongation"), ("reason", "rqth"), ("months", "1"), ("granted_by", "Cap emploi")])
            let refusal = try await member.get(beyond.headers.first(name: .location)!).body.text
            #expect(refusal.contains("ne dépassent pas 36 mois en tout (37 demandés)"))
            let tooLong = try await member.post(path + "/agrement", [("change", "prolongation"), ("reason", "50-ans-et-plus"), ("months", "18"), ("granted_by", "Cap emploi")])
            #expect(try await member.get(tooLong.headers.first(name: .location)!).body.text.contains("ne dépasse pas 12 mois (18 demandés)"))
            let missing = try await member.post(path + "/agrement", [("change", "prolongation"), ("reason", "rqth"), ("months", "2"), ("granted_by", "")])
            #expect(try await member.get(missing.headers.first(name: .location)!).body.text.contains("Indiquez qui a accordé la prolongation"))
            let final = try #require(try await JourneyStore.journeys(of: person.id, on: app.db).first { $0.id == journey.id }?.approvalEnd)
            #expect(final == CivilDay(journey.hiredOn)!.addingMonths(24 + 36).addingDays(-1 + 30).text)
            #expect(try await ApprovalStore.changes(of: journey.id, on: app.db).count == 4)
            #expect(try await PeopleStore.timeline(of: person.id, on: app.db).events.contains { $0.summary.hasPrefix("Agrément prolongé de 12 mois") })

            // Nobody else changes it.
            let other = try await Persona.structure2.browser(app)
            try await other.get("/parcours/personnes")
            #expect(try await other.post(path + "/agrement", [("change", "prolongation"), ("reason", "rqth"), ("months", "1"), ("granted_by", "X")]).status == .notFound)
        }
    }
}

@Suite("Journeys: a contract added to an open journey, within its bounds with the earlier ones")
struct ContractPageTests {
    @Test func aRenewalCountsTheFirstContractAndAnOverlapIsRefused() async throws {
        try await withPasserelle(.demo) { app in
            let member = try await Persona.structure.browser(app)
            let person = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            let path = "/parcours/personnes/\(person.id.uuidString.lowercased())"
            let journey = try #require(try await JourneyStore.journeys(of: person.id, on: app.db).first { $0.state == .open })
            let first = try #require(journey.contracts.first)
            #expect(try await member.get(path).body.text.contains("Ajouter un contrat (renouvellement)"))
            let next = try #require(CivilDay(first.end)).addingDays(1)
            func add(_ start: CivilDay, months: Int, hours: String = "26") async throws -> String {
                let response = try await member.post(path + "/contrats", [("kind", "cddi"), ("start", start.text), ("end", start.addingMonths(months).addingDays(-1).text),
                                                                        ("weekly_hours", hours), ("exception", "")])
                return response.headers.first(name: .location) ?? ""
            }
            #expect(try await add(next, months: 6).contains("fait=contrat"))
            let overlapping = try await add(next.addingDays(10), months: 6)
            #expect(try await member.get(overlapping).body.text.contains("avant la fin du précédent"))
            // The first two make 12 months: 13 more would pass the 24 in all.
            let beyond = try await add(next.addingMonths(6), months: 13)
            #expect(try await member.get(beyond).body.text.contains("24 mois en tout, renouvellements compris"))
            let few = try await add(next.addingMonths(6), months: 6, hours: "12")
            #expect(try await member.get(few).body.text.contains("au moins 20 heures par semaine"))
            #expect(try await JourneyStore.journeys(of: person.id, on: app.db).first { $0.id == journey.id }?.contracts.count == 2)
            let other = try await Persona.structure2.browser(app)
            try await other.get("/parcours/personnes")
            #expect(try await other.post(path + "/contrats", [("kind", "cddi"), ("start", next.text), ("end", next.text), ("weekly_hours", "26")]).status == .notFound)
        }
    }
}
