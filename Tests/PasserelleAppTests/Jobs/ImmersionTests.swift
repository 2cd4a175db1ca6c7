import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserelleJobs
@testable import PasserelleJourneys
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserellePlatform

/// Immersion agreements: written within the legal bounds, signed once by each party from its
/// link, validated by the team, closed by an assessment that goes to the person's journey.
@Suite("Jobs: immersion agreements signed by link, validated and assessed")
struct ImmersionTests {
    static func form(_ app: Application, person: UUID?, start: String, end: String, weekly: String = "35", hostEmail: String = "accueil@example.org") throws -> [(String, String)] {
        let title = try OfferTests.title(app, job: "H2206")
        return [("person", person?.uuidString.lowercased() ?? ""), ("first_name", "Noé"), ("last_name", "Essai"), ("beneficiary_email", "noe.essai@example.org"),
                ("host_name", "Menuiserie d’essai"), ("host_contact", "Camille Accueil"), ("host_email", hostEmail), ("tutor_name", "Dominique Tuteur"),
                ("rome_title", String(title.code)), ("objective", "decouvrir"), ("commune_q", "Lille"), ("commune", "59350"), ("starts_on", start), ("ends_on", end),
                ("weekly_hours", weekly), ("daily_hours", "7"), ("schedule", "Du lundi au vendredi, 8 h – 12 h et 13 h – 16 h"), ("previous_days", "0")]
    }

    static func day(_ offset: Int) -> String { DateText.parisDay(Date().addingTimeInterval(Double(offset) * 86_400)) }

    /// The signature link mailed to `address` about `agreement`, the newest.
    static func link(_ app: Application, to address: String, about agreement: String) async throws -> String {
        let mails = try await Outbox.messages(to: address, on: app.db).filter { $0.textBody.contains(agreement) }
        let newest = try #require(mails.max { $0.createdAt < $1.createdAt })
        let start = try #require(newest.textBody.range(of: "http://passerelle.test/immersions/signature?"))
        return String(newest.textBody[start.lowerBound...].prefix { !$0.isWhitespace }).replacingOccurrences(of: "http://passerelle.test", with: "")
    }

    static func fields(_ link: String) -> [(String, String)] { QueryItems.parse(String(link.split(separator: "?", maxSplits: 1)[1])) }

    @Test func boundsAndSharedAddressesAreRefusedAndNothingIsWritten() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Persona.structure.browser(app)
            try await structure.get("/immersions/nouvelle")
            let count = { try await app.db.sql.raw("SELECT COUNT(*) AS n FROM immersion_agreements").first(decodingColumn: "n", as: Int.self) }
            let before = try await count()
            let long = try await structure.post("/immersions/nouvelle", try Self.form(app, person: nil, start: Self.day(10), end: Self.day(50)))
            #expect(long.status == .unprocessableEntity && long.body.text.contains("D5135-3"))
            let week = try await structure.post("/immersions/nouvelle", try Self.form(app, person: nil, start: Self.day(10), end: Self.day(20), weekly: "50"))
            #expect(week.status == .unprocessableEntity && week.body.text.contains("L3121-20"))
            let shared = try await structure.post("/immersions/nouvelle", try Self.form(app, person: nil, start: Self.day(10), end: Self.day(20), hostEmail: "NOE.essai@example.org"))
            #expect(shared.status == .unprocessableEntity && shared.body.text.contains("les deux courriels diffèrent"))
            #expect(try await count() == before)
            #expect(try await Persona.company.browser(app).get("/immersions").status == .forbidden)
        }
    }

    @Test func eachPartySignsOnceFromItsLinkThenTheTeamValidatesAndAssesses() async throws {
        try await withPasserelle(.demo) { app in
            let structureID = try await Persona.structure.structureID(app)
            let person = try #require(try await PeopleStore.list(.init(structure: structureID), offset: 0, limit: 50, on: app.db).people
                .first { $0.stage == .inJourney && $0.email != nil })
            let structure = try await Persona.structure.browser(app)
            try await structure.get("/immersions/nouvelle")
            // Dates in the past, so that the assessment may follow at once.
            let email = try #require(person.email)
            let filled = try Self.form(app, person: person.id, start: Self.day(-20), end: Self.day(-1)).map { $0.0 == "beneficiary_email" ? ($0.0, "") : $0 }
            let created = try await structure.post("/immersions/nouvelle", filled)
            #expect(created.status == .seeOther)
            let location = try #require(created.headers.first(name: .location))
            let id = String(location.dropFirst("/immersions/".count).prefix(36))
            #expect(try await structure.get(location).body.text.contains("Envoyer pour signature"))
            #expect(try await structure.post("/immersions/\(id)/etat", [("change", "envoyer")]).status == .seeOther)

            // The person signs from the link, once; an altered link signs nothing.
            let mine = try await Self.link(app, to: email, about: id)
            let visitor = Browser(app)
            let page = try await visitor.get(mine)
            #expect(page.status == .ok && page.body.text.contains("Menuiserie d’essai") && page.body.text.contains("D5135-3"))
            let unread = try await visitor.post("/immersions/signature", Self.fields(mine))
            #expect(unread.status == .unprocessableEntity && unread.body.text.contains("J’ai lu la convention"))
            let forged = Self.fields(mine).map { $0.0 == "p" ? ($0.0, "entreprise") : $0 }
            #expect(try await visitor.post("/immersions/signature", forged + [("read", "oui")]).status == .forbidden)
            #expect(try await visitor.post("/immersions/signature", Self.fields(mine) + [("read", "oui")]).status == .ok)
            let again = try await visitor.post("/immersions/signature", Self.fields(mine) + [("read", "oui")])
            #expect(again.status == .conflict && again.body.text.contains("ne sert qu’une fois"))

            // A change of terms voids the signatures and the links; the new ones sign.
            let uuid = try #require(UUID(uuidString: id))
            var fields = try Self.form(app, person: nil, start: Self.day(-20), end: Self.day(-1))
            fields = fields.filter { $0.0 != "person" } + [("person", "")]
            fields = fields.map { $0.0 == "beneficiary_email" ? ($0.0, email) : $0.0 == "first_name" ? ($0.0, person.firstName) : $0.0 == "last_name" ? ($0.0, person.lastName) : $0 }
            fields = fields.map { $0.0 == "tutor_name" ? ($0.0, "Alex Tutrice") : $0 }
            #expect(try await structure.post("/immersions/\(id)/modifier", fields).status == .seeOther)
            let edited = try #require(try await ImmersionStore.agreement(uuid, on: app.db))
            #expect(edited.version == 2 && edited.signed.isEmpty && edited.state == .toSign && edited.personID == person.id)
            let stale = try await visitor.post("/immersions/signature", Self.fields(mine) + [("read", "oui")])
            #expect(stale.status == .gone && stale.body.text.contains("La convention a changé"))
            for address in [email, "accueil@example.org"] {
                let link = try await Self.link(app, to: address, about: id)
                #expect(link.contains("v=2"))
                let party = Browser(app)
                try await party.get(link)
                #expect(try await party.post("/immersions/signature", Self.fields(link) + [("read", "oui")]).status == .ok)
            }
            let validateEarly = try await structure.post("/immersions/\(id)/etat", [("change", "valider")])
            #expect(validateEarly.status == .unprocessableEntity && validateEarly.body.text.contains("Il manque la signature"))
            #expect(try await structure.post("/immersions/\(id)/etat", [("change", "signer"), ("version", "1")]).status == .unprocessableEntity)
            #expect(try await structure.post("/immersions/\(id)/etat", [("change", "signer"), ("version", "2")]).status == .seeOther)
            #expect(try await ImmersionStore.agreement(uuid, on: app.db)?.state == .signed)
            #expect(try await structure.post("/immersions/\(id)/etat", [("change", "valider")]).status == .seeOther)
            #expect(try await Outbox.messages(to: "accueil@example.org", on: app.db).contains { $0.subject.contains("validée") })

            // Only the team reads it; the printable agreement carries the signatures.
            for outsider in [Persona.structure2, .partner, .admin] {
                #expect(try await outsider.browser(app).get("/immersions/\(id)").status == .notFound, "\(outsider)")
            }
            let printed = try await structure.get("/immersions/\(id)/convention").body.text
            #expect(printed.contains("signée le") && printed.contains("Alex Tutrice") && printed.contains("Validation"))

            let assessed = try await structure.post("/immersions/\(id)/bilan", [("attendance", "complete"), ("skills", "Lecture de plans\nPonçage"),
                                                                                 ("hired", "oui"), ("hiring_contract", "CDD de six mois")])
            #expect(assessed.status == .seeOther)
            let done = try #require(try await ImmersionStore.agreement(uuid, on: app.db))
            #expect(done.state == .assessed && done.endedInHiring == true && done.skillsObserved == "|Lecture de plans|Ponçage|")
            let timeline = try await PeopleStore.timeline(of: person.id, on: app.db).events
            #expect(timeline.contains { $0.kind == "immersion" && $0.summary.contains("Menuiserie d’essai") && $0.summary.contains("CDD de six mois") })
            let audit = try await app.db.sql.raw("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'immersion.signature' AND object = \(bind: "immersion:" + id)")
                .first(decodingColumn: "n", as: Int.self)
            #expect(audit == 4)
        }
    }

    @Test func theAPIReadsAgreementsAndProfilesForTheTeamsThatKeepThem() async throws {
        try await withPasserelle(.demo) { app in
            let token = try await Persona.structure.token(app)
            let list = try await API.get(app, "/api/v1/immersions?state=validee", token: token)
            let listed = try list.json
            #expect(list.status == .ok && listed["total"].int == 1)
            let id = try #require(listed["items"].array.first?["id"].string)
            let one = try await API.get(app, "/api/v1/immersions/\(id)", token: token)
            let agreement = try one.json
            #expect(one.status == .ok && agreement["state"].string == "validee" && agreement["signatures"]["entreprise"].string != nil)
            for outsider in [Persona.structure2, .company, .admin] {
                #expect(try await API.get(app, "/api/v1/immersions/\(id)", token: try await outsider.token(app)).status == .notFound, "\(outsider)")
            }
            #expect(try await API.get(app, "/api/v1/immersions/\(id)").status == .unauthorized)
            let profiles = try await API.get(app, "/api/v1/profiles", token: token).json
            #expect(profiles["items"].array.count == 12)
            #expect(try await API.get(app, "/api/v1/profiles", token: try await Persona.company.token(app)).json["items"].array.isEmpty)
        }
    }
}
