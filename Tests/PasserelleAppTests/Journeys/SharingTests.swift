import Foundation
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleJourneys
@testable import PasserellePlatform

@Suite("Journeys: a record shared with another structure, or transferred, and ended")
struct SharingTests {
    static func path(_ person: PeopleStore.Person) -> String { "/parcours/personnes/\(person.id.uuidString.lowercased())" }

    static func consent(_ browser: Browser, _ person: PeopleStore.Person, _ action: String) async throws {
        try await browser.get(path(person))
        #expect(try await browser.post(path(person) + "/accord", [("purpose", "partage"), ("action", action)]).status == .seeOther)
    }

    static func share(_ browser: Browser, _ person: PeopleStore.Person, _ kind: String, to structure: UUID) async throws -> TestingHTTPResponse {
        try await browser.get(path(person))
        let response = try await browser.post(path(person) + "/partages", [("kind", kind), ("structure", structure.uuidString.lowercased()), ("note", "Pour la suite du parcours")])
        #expect(response.status == .seeOther)
        return try await browser.get(response.headers.first(name: .location) ?? "/")
    }

    @Test func aSharedJourneyIsReadByTheOtherStructureUntilItEndsOrTheAgreementGoes() async throws {
        try await withPasserelle(.demo) { app in
            let owner = try await Persona.structure.browser(app)
            let partner = try await Persona.structure2.browser(app)
            let ei = try await Persona.structure2.structureID(app)
            let person = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            #expect(try await partner.get(Self.path(person)).status == .notFound)

            // Without the person's agreement to sharing, nothing leaves.
            let refused = try await Self.share(owner, person, "partage", to: ei)
            #expect(refused.body.text.contains("La personne n’a pas donné son accord au partage"))
            #expect(try await PersonShareStore.shares(of: person.id, on: app.db).isEmpty)
            try await Self.consent(owner, person, "donner")
            let shared = try await Self.share(owner, person, "partage", to: ei)
            #expect(shared.body.text.contains("Le parcours est partagé") && shared.body.text.contains("Parcours partagé — Armentières Services : en cours"))

            // The EI reads it, read only, and every reading is logged with the share.
            let read = try await partner.get(Self.path(person))
            #expect(read.status == .ok && read.body.text.contains("Dossier partagé par") && read.body.text.contains(person.fullName))
            #expect(read.headers.first(name: "X-Robots-Tag") == "noindex, nofollow" && !read.body.text.contains("/modifier"))
            #expect(try await Audit.entries(action: .personRead, limit: 20, on: app.db).contains { $0.detail.hasPrefix("page, partage ") })
            #expect(try await partner.get(Self.path(person) + "/modifier").status == .notFound)
            try await partner.get("/parcours/partages")
            #expect(try await partner.post(Self.path(person) + "/freins", [("category", "sante")]).status == .notFound)
            #expect(try await partner.get(Self.path(person) + "/donnees.json").status == .notFound)
            #expect(try await API.get(app, "/api/v1/people/\(person.id.uuidString)", token: try await Persona.structure2.token(app)).status == .notFound)
            let list = try await partner.get("/parcours/partages").body.text
            #expect(list.contains("Reçus par la structure") && list.contains(person.fullName) && list.contains("Pour la suite du parcours"))

            // The agreement withdrawn: the EI reads nothing from this instant.
            try await Self.consent(owner, person, "retirer")
            #expect(try await partner.get(Self.path(person)).status == .notFound)
            let ended = try #require(try await PersonShareStore.shares(of: person.id, on: app.db).first)
            #expect(ended.state == .ended && ended.endReason == .consentWithdrawn)
            #expect(try await owner.get(Self.path(person)).body.text.contains("la personne a retiré son accord au partage"))

            // Shared again, then ended by the receiving side.
            try await Self.consent(owner, person, "donner")
            _ = try await Self.share(owner, person, "partage", to: ei)
            let again = try #require(try await PersonShareStore.shares(of: person.id, on: app.db).first { $0.state == .active })
            try await partner.get("/parcours/partages")
            #expect(try await partner.post("/parcours/partages/\(again.id.uuidString.lowercased())/fin", []).status == .seeOther)
            #expect(try await PersonShareStore.share(again.id, on: app.db)?.endReason == .byReceiver)
            #expect(try await partner.get(Self.path(person)).status == .notFound)
            let timeline = try await PeopleStore.timeline(of: person.id, on: app.db).events.map(\.summary)
            #expect(timeline.contains("Partage avec Armentières Services terminé : arrêté par la structure qui le recevait."))
        }
    }

    @Test func aTransferMovesTheRecordOnceAcceptedAndTheJourneysStayWithTheirStructure() async throws {
        try await withPasserelle(.demo) { app in
            let owner = try await Persona.structure.browser(app)
            let partner = try await Persona.structure2.browser(app)
            let aci = try await Persona.structure.structureID(app), ei = try await Persona.structure2.structureID(app)
            let current = try await PeopleTests.person(of: .structure, stage: .inJourney, app)
            try await Self.consent(owner, current, "donner")
            #expect(try await Self.share(owner, current, "transfert", to: ei).body.text.contains("Le parcours est en cours : enregistrez d’abord sa sortie"))

            let person = try await PeopleTests.person(of: .structure, stage: .exited, app)
            let exitsBefore = try await JourneyFactsStore.facts(structure: aci, referent: nil, on: app.db).flatMap(\.journeys).filter { $0.exitOn != nil }.count
            let eiBefore = try await JourneyFactsStore.facts(structure: ei, referent: nil, on: app.db)
            try await Self.consent(owner, person, "donner")
            #expect(try await Self.share(owner, person, "transfert", to: ei).body.text.contains("Le transfert est proposé"))
            // Proposed is not given: the EI does not read the record yet, and declines or accepts it.
            #expect(try await partner.get(Self.path(person)).status == .notFound)
            let proposal = try #require(try await PersonShareStore.shares(of: person.id, on: app.db).first)
            #expect(try await partner.get("/mon-espace").body.text.contains("1 transfert de dossier à accepter ou refuser"))
            let page = try await partner.get("/parcours/partages").body.text
            #expect(page.contains("Accepter le transfert") && page.contains("proposé, en attente de réponse"))
            #expect(try await owner.post("/parcours/partages/\(proposal.id.uuidString.lowercased())/accepter", []).status == .forbidden)
            #expect(try await partner.post("/parcours/partages/\(proposal.id.uuidString.lowercased())/accepter", []).status == .seeOther)

            let moved = try #require(try await PeopleStore.person(person.id, on: app.db))
            let referent = try await Persona.structure2.userID(app)
            #expect(moved.structureID == ei && moved.referentID == referent)
            #expect(try await owner.get(Self.path(person)).status == .notFound)
            #expect(try await partner.get(Self.path(person) + "/modifier").status == .ok)
            #expect(try await PersonShareStore.share(proposal.id, on: app.db)?.state == .accepted)
            // The ACI keeps the exit it achieved in its figures; the EI gets the person, not that journey.
            let exitsAfter = try await JourneyFactsStore.facts(structure: aci, referent: nil, on: app.db).flatMap(\.journeys).filter { $0.exitOn != nil }.count
            #expect(exitsAfter == exitsBefore)
            let eiAfter = try await JourneyFactsStore.facts(structure: ei, referent: nil, on: app.db)
            #expect(eiAfter.count == eiBefore.count + 1 && eiAfter.flatMap(\.journeys).count == eiBefore.flatMap(\.journeys).count)
            // A second answer finds nothing to answer.
            try await partner.get("/parcours/partages")
            #expect(try await partner.post("/parcours/partages/\(proposal.id.uuidString.lowercased())/refuser", []).headers.first(name: .location)?.contains("probleme") == true)
        }
    }

    @Test func aTransferCanBeDeclinedOrWithdrawnAndStrangersGetNothing() async throws {
        try await withPasserelle(.demo) { app in
            let owner = try await Persona.structure.browser(app)
            let partner = try await Persona.structure2.browser(app)
            let ei = try await Persona.structure2.structureID(app)
            let person = try await PeopleTests.person(of: .structure, stage: .welcomed, app)
            try await Self.consent(owner, person, "donner")
            _ = try await Self.share(owner, person, "transfert", to: ei)
            let first = try #require(try await PersonShareStore.shares(of: person.id, on: app.db).first)
            try await partner.get("/parcours/partages")
            #expect(try await partner.post("/parcours/partages/\(first.id.uuidString.lowercased())/fin", []).status == .forbidden)
            #expect(try await partner.post("/parcours/partages/\(first.id.uuidString.lowercased())/refuser", []).status == .seeOther)
            #expect(try await PersonShareStore.share(first.id, on: app.db)?.state == .declined)
            #expect(try await PeopleStore.person(person.id, on: app.db)?.structureID == person.structureID)

            _ = try await Self.share(owner, person, "transfert", to: ei)
            let second = try #require(try await PersonShareStore.shares(of: person.id, on: app.db).first { $0.state == .proposed })
            for persona in [Persona.admin, .buyer, .partner, .facilitator, .steward] {
                let browser = try await persona.browser(app)
                #expect(try await browser.get("/parcours/partages").status == .forbidden, "\(persona)")
                try await browser.get("/")
                for action in ["fin", "accepter", "refuser"] {
                    #expect(try await browser.post("/parcours/partages/\(second.id.uuidString.lowercased())/\(action)", []).status == .forbidden, "\(persona) \(action)")
                }
                #expect(try await browser.post(Self.path(person) + "/partages", [("kind", "partage"), ("structure", ei.uuidString)]).status == .notFound, "\(persona)")
            }
            try await owner.get("/parcours/partages")
            #expect(try await owner.post("/parcours/partages/\(second.id.uuidString.lowercased())/fin", []).status == .seeOther)
            #expect(try await PersonShareStore.share(second.id, on: app.db)?.endReason == .byOwner)
            try await partner.get("/parcours/partages")
            #expect(try await partner.post("/parcours/partages/\(second.id.uuidString.lowercased())/accepter", []).headers.first(name: .location)?.contains("probleme") == true)
            #expect(try await PeopleStore.person(person.id, on: app.db)?.structureID == person.structureID)
        }
    }
}
