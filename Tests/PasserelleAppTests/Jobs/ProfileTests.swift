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

/// Skills profiles: opened with the person's agreement, matched with offers with their reasons,
/// read by companies without a name, and a contact only through the structure, with consent.
@Suite("Jobs: skills profiles, matching and the companies' contact requests")
struct ProfileTests {
    static func profileForm(contact: Bool, consent: Bool = true) -> [(String, String)] {
        [("projects", "H2206"), ("skills", "Lecture de plans\nPose de menuiseries\nPonctualité"), ("radius_km", "30"), ("mobility", "transports")]
            + (consent ? [("consent", "oui")] : []) + (contact ? [("contact_consent", "oui")] : [])
    }

    @Test func aCompanyReadsAPseudonymAndMeetsThePersonOnlyThroughTheStructureWithConsent() async throws {
        try await withPasserelle(.demo) { app in
            let structureID = try await Persona.structure.structureID(app)
            let people = try await PeopleStore.list(.init(structure: structureID), offset: 0, limit: 60, on: app.db).people
            var person: PeopleStore.Person?
            for candidate in people where ["59350", "59512", "59599"].contains(candidate.communeCode) {
                if try await ProfileStore.profile(ofPerson: candidate.id, on: app.db) == nil { person = candidate; break }
            }
            let followed = try #require(person)
            let structure = try await Persona.structure.browser(app)
            let path = "/profils/personne/\(followed.id.uuidString.lowercased())"
            try await structure.get(path)
            let count = { try await app.db.sql.raw("SELECT COUNT(*) AS n FROM skills_profiles").first(decodingColumn: "n", as: Int.self) }
            let before = try await count()
            let refused = try await structure.post(path, Self.profileForm(contact: false, consent: false))
            #expect(refused.status == .unprocessableEntity && refused.body.text.contains("accord de la personne"))
            #expect(try await count() == before, "no profile without the person's agreement")
            let saved = try await structure.post(path, Self.profileForm(contact: false))
            #expect(saved.status == .seeOther)
            let location = try #require(saved.headers.first(name: .location))
            let profileID = try #require(UUID(uuidString: String(location.dropFirst("/profils/".count).prefix(36))))
            // The structure reads the offers that match, with their reasons.
            let page = try await structure.get(location).body.text
            #expect(page.contains("même métier") && page.contains("compétences en commun"))
            #expect(try await Persona.structure2.browser(app).get(location).status == .notFound)

            // A company's offer of the same job: the profile comes up without a name nor a commune.
            let offer = try await ApplicationTests.post(app, by: .company)
            let company = try await Persona.company.browser(app)
            let listed = try await company.get("/offres/\(offer.uuidString)/profils").body.text
            let pseudonym = ProfileContactRule.pseudonym(of: profileID)
            #expect(listed.contains(pseudonym) && listed.contains("même métier") && listed.contains("à moins de"))
            #expect(!listed.contains("dans la même commune"), "a company reads distances in bands")
            let commune = try #require(try app.platform.reference.gazetteer.commune(followed.communeCode)).name.name
            for secret in [followed.firstName, followed.lastName, commune, followed.email ?? "@"] {
                #expect(!listed.contains(secret), "« \(secret) » reached the company before consent")
            }
            #expect(try await Persona.buyer.browser(app).get("/offres/\(offer.uuidString)/profils").status == .forbidden)
            let asked = try await company.post("/offres/\(offer.uuidString)/profils", [("profile", profileID.uuidString.lowercased()), ("message", "Nous formons au poste.")])
            #expect(asked.status == .seeOther)
            #expect(try await company.post("/offres/\(offer.uuidString)/profils", [("profile", profileID.uuidString.lowercased())]).status == .conflict)
            #expect(try await company.post("/offres/\(offer.uuidString)/profils", [("profile", UUID().uuidString)]).status == .notFound)
            let waiting = try await company.get("/profils/demandes").body.text
            #expect(waiting.contains(pseudonym) && !waiting.contains(followed.lastName))

            // The person has not agreed to contacts: the structure cannot accept.
            let contact = try #require(try await ProfileStore.contacts(ofProfile: profileID, on: app.db).first)
            let noConsent = try await structure.post("/profils/demandes/\(contact.id.uuidString.lowercased())", [("decision", "accepter")])
            #expect(noConsent.status == .unprocessableEntity && noConsent.body.text.contains("n’a pas donné son accord"))
            #expect(try await ProfileStore.contact(contact.id, on: app.db)?.state == .requested)
            let other = try await Persona.structure2.browser(app)
            try await other.get("/profils")
            #expect(try await other.post("/profils/demandes/\(contact.id.uuidString.lowercased())", [("decision", "accepter")]).status == .notFound)
            try await structure.get(path)
            #expect(try await structure.post(path, Self.profileForm(contact: true)).status == .seeOther)
            #expect(try await structure.post("/profils/demandes/\(contact.id.uuidString.lowercased())", [("decision", "accepter")]).status == .seeOther)
            let revealed = try await company.get("/profils/demandes").body.text
            #expect(revealed.contains(followed.fullName) && revealed.contains("Acceptée"))
            // The person withdraws their agreement to contacts: the company no longer reads who they are.
            #expect(try await structure.post(path, Self.profileForm(contact: false)).status == .seeOther)
            let withdrawn = try await company.get("/profils/demandes").body.text
            #expect(!withdrawn.contains(followed.lastName) && withdrawn.contains(pseudonym))

            // Withdrawn: the profile and its requests are gone.
            let unconfirmed = try await structure.post("/profils/\(profileID.uuidString.lowercased())/retrait", [])
            #expect(unconfirmed.status == .unprocessableEntity)
            #expect(try await structure.post("/profils/\(profileID.uuidString.lowercased())/retrait", [("confirm", "oui")]).status == .seeOther)
            let gone = try await ProfileStore.profile(profileID, on: app.db), goneContact = try await ProfileStore.contact(contact.id, on: app.db)
            #expect(gone == nil && goneContact == nil)
        }
    }
}

/// Matching reads the profiles from memory: the index follows each write, here or elsewhere.
@Suite("Jobs: the profiles' index for matching")
struct ProfileMatchIndexTests {
    @Test func theIndexFollowsOpeningsChangesAndWithdrawals() async throws {
        try await withPasserelle(.demo) { app in
            let index = ProfileMatchIndex()
            let everywhere = (minLatitude: -90.0, maxLatitude: 90.0, minLongitude: -180.0, maxLongitude: 180.0)
            let before = try await index.candidates(in: everywhere, on: app.db)
            let structureID = try await Persona.structure.structureID(app)
            var person: UUID?
            for candidate in try await PeopleStore.list(.init(structure: structureID), offset: 0, limit: 60, on: app.db).people {
                if try await ProfileStore.profile(ofPerson: candidate.id, on: app.db) == nil { person = candidate.id; break }
            }
            var draft = SkillsProfileDraft()
            draft.projects = ["H2206"]
            draft.skills = ["Lecture de plans"]
            draft.radiusKm = "30"
            draft.consent = true
            let checked = try draft.validate(rome: app.jobsReference.rome).get()
            let place = GeoPoint(latitude: 50.63, longitude: 3.06)
            let id = try await ProfileStore.save(checked, person: try #require(person), structure: structureID, place: place, contactConsent: false, on: app.db)
            let opened = try await index.candidates(in: everywhere, on: app.db)
            #expect(opened.count == before.count + 1 && opened.first { $0.id == id }?.matching.projects == ["H2206"])
            var changed = checked
            changed.projects = ["K2204"]
            _ = try await ProfileStore.save(changed, person: try #require(person), structure: structureID, place: place, contactConsent: false, on: app.db,
                                            now: Date().addingTimeInterval(1))
            #expect(try await index.candidates(in: everywhere, on: app.db).first { $0.id == id }?.matching.projects == ["K2204"])
            // Out of the box asked: not a candidate.
            #expect(try await index.candidates(in: (10, 20, 10, 20), on: app.db).allSatisfy { $0.matching.place == nil })
            try await ProfileStore.delete(id, on: app.db)
            let withdrawn = try await index.candidates(in: everywhere, on: app.db)
            #expect(withdrawn.count == before.count && !withdrawn.contains { $0.id == id })
        }
    }
}

/// Two writes at once meet the table's unique keys: the second is told, never a server error.
@Suite("Jobs: profiles' writes that race")
struct ProfileRaceTests {
    @Test func aSecondRequestAndASecondFirstSaveMeetTheRowTheFirstWrote() async throws {
        try await withPasserelle(.demo) { app in
            let profile = try #require(try await app.db.sql.raw("SELECT id FROM skills_profiles LIMIT 1").first(decodingColumn: "id", as: UUID.self))
            let company = try await Persona.structure2.organisationID(app)
            #expect(try await ProfileStore.request(profile: profile, company: company, offer: nil, by: "essai", message: "Premier", on: app.db))
            #expect(try await !ProfileStore.request(profile: profile, company: company, offer: nil, by: "essai", message: "Second", on: app.db))
            #expect(try await ProfileStore.contacts(ofProfile: profile, on: app.db).filter { $0.company == company }.count == 1)

            // The insert a second first save would make, had it not seen the first: it updates it.
            let record = try #require(try await ProfileStore.profile(profile, on: app.db))
            var draft = SkillsProfileDraft()
            draft.projects = ["K2204"]
            draft.skills = ["Entretien des sols"]
            draft.consent = true
            let checked = try draft.validate(rome: app.jobsReference.rome).get()
            let again = try await ProfileStore.insert(checked, person: record.personID, structure: record.structureID, place: nil, contactConsent: false, on: app.db)
            #expect(again == profile)
            #expect(try await ProfileStore.profile(profile, on: app.db)?.projects == ["K2204"])
        }
    }
}
