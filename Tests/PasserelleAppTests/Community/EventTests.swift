import Foundation
@testable import PasserelleAccounts
@testable import PasserelleCommunity
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Community: agenda, registration, waiting list, organisers, reminders")
struct EventTests {
    /// The demo day of workshops in Arras and its sessions by title.
    static func meeting(_ app: Application) async throws -> (id: UUID, sessions: [String: UUID]) {
        let id = try #require(try await EventStore.eventID(titled: "Rencontre de l’inclusion du Pas-de-Calais (démo)", on: app.db))
        let sessions = try await EventStore.sessions(of: id, on: app.db)
        return (id, Dictionary(uniqueKeysWithValues: sessions.map { ($0.title, $0.id) }))
    }

    static func mails(_ app: Application, to recipient: String, subject: String) async throws -> Int {
        try await Outbox.messages(to: recipient, on: app.db).filter { $0.subject.contains(subject) }.count
    }

    /// The state of the person's registration to a session, as the registration flows keep it.
    static func state(_ app: Application, user email: String, session: UUID) async throws -> String? {
        let address = try #require(EmailAddress(email))
        guard let user = try await AccountQueries.account(email: address, on: app.db) else { return nil }
        let registrations = try await EventStore.registrations(of: user.id, on: app.db).map(\.0.id)
        return try await EventStore.sessionRegistrations(of: registrations, on: app.db).first { $0.sessionID == session }?.state.rawValue
    }

    static func user(_ app: Application, _ local: String) async throws -> UUID {
        let address = try #require(EmailAddress("\(local)@\(DemoAccounts.domain)"))
        return try #require(try await AccountQueries.account(email: address, on: app.db)).id
    }

    @Test func theAgendaListsUpcomingAndPastEventsWithFiltersAndACalendar() async throws {
        try await withPasserelle(.demo) { app in
            let upcoming = try await app.get("/evenements")
            #expect(upcoming.status == .ok)
            let html = upcoming.body.text
            #expect(html.contains("Rencontre de l’inclusion du Pas-de-Calais (démo)") && html.contains("Répondre à plusieurs à un marché"))
            #expect(!html.contains("Rencontres régionales de l’inclusion dans l’emploi 2023"))
            #expect(html.contains("2 événements à venir"))

            let past = try await app.get("/evenements?periode=passes").body.text
            #expect(past.contains("Rencontres régionales de l’inclusion dans l’emploi 2023") && past.contains("jeudi 4 mai 2023"))

            let webinars = try await app.get("/evenements?kind=webinaire").body.text
            #expect(webinars.contains("Répondre à plusieurs") && !webinars.contains("Pas-de-Calais (démo)</a>"))
            let inArras = try await app.get("/evenements?departement=62").body.text
            #expect(inArras.contains("Pas-de-Calais (démo)") && !inArras.contains("Répondre à plusieurs"))
            let reuse = try await app.get("/evenements?periode=tous&theme=filieres-du-reemploi").body.text
            #expect(reuse.contains("Pas-de-Calais (démo)") && reuse.contains("2023") && !reuse.contains("Répondre à plusieurs"))
            let may2023 = try await app.get("/evenements?from=2023-05-01&to=2023-05-31").body.text
            #expect(may2023.contains("2023") && may2023.contains("1 événement"))

            let unknown = try await app.get("/evenements?kind=kermesse&theme=x&from=2023-02-30")
            #expect(unknown.status == .ok)
            let problems = unknown.body.text
            #expect(problems.contains("Type d’événement inconnu « kermesse »") && problems.contains("Thème inconnu") && problems.contains("Date de début invalide"))

            let calendar = try await app.get("/evenements.ics")
            #expect(calendar.headers.contentType?.subType == "calendar")
            let ics = calendar.body.text.replacingOccurrences(of: "\r\n ", with: "")
            #expect(ics.components(separatedBy: "BEGIN:VEVENT").count - 1 == 2)
            #expect(ics.contains("SUMMARY:Rencontre de l’inclusion du Pas-de-Calais (démo)") && ics.contains("LOCATION:Maison des sociétés\\, salle des fêtes\\, Arras (62)"))
        }
    }

    @Test func theMeetingOf2023IsThereWithItsProgrammeAndNoContactData() async throws {
        try await withPasserelle(.reference) { app in
            let sql = app.db.sql
            let id = try #require(try await EventStore.eventID(titled: try Meeting2023.files(app).event.title, on: app.db))
            let event = try #require(try await EventStore.event(id, on: app.db))
            #expect(event.sessions.filter { $0.kind == .roundTable }.count == 2)
            #expect(event.sessions.filter { $0.kind == .solutionWorkshop }.count == 10)
            #expect(Set(event.sessions.compactMap(\.theme)) == Set(Theme.defaults.map(\.slug)))
            #expect(event.organisers.map(\.name) == ["DREETS Hauts-de-France"])
            let page = try await app.get(Links.event(id)).body.text
            let bouchart = "Christiane Bouchart, administratrice et ancienne présidente du RTES, maire adjointe honoraire de la Ville de Lille"
            #expect(page.contains(bouchart) && page.contains("Cet événement est passé."))
            // No e-mail address or phone number of anyone. Identifiers go first: ten digits in a row
            // of a random UUID's last group would read as a phone number.
            let text = page.replacingOccurrences(of: #"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"#, with: " ", options: .regularExpression)
            #expect(text.range(of: #"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}"#, options: .regularExpression) == nil)
            #expect(text.range(of: #"0[1-9]( ?[0-9]{2}){4}"#, options: .regularExpression) == nil)
            #expect("/evenements/3f2a9c1e-77b0-4c1d-9e2f-0612345678ab".replacingOccurrences(
                of: #"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"#, with: " ", options: .regularExpression) == "/evenements/ ")
            // Loaded once: a second preparation adds nothing.
            try await Preparation.loadFirstContent(app)
            let count = try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("events").first(decodingColumn: "n", as: Int.self)
            #expect(count == 1)
        }
    }

    @Test func registerToTwoWorkshopsWaitForAFullOneAndMoveUpWhenSomeoneCancels() async throws {
        try await withPasserelle(.demo) { app in
            let (id, sessions) = try await Self.meeting(app)
            let reuse = try #require(sessions["Réemploi : sécuriser ses gisements"]), mobility = try #require(sessions["Mobilité : lever le frein du permis"])
            let groups = try #require(sessions["Répondre en groupement momentané d’entreprises"]), hiring = try #require(sessions["Recruter sur les compétences plutôt que sur le CV"])
            let facilitator = try await Persona.facilitator.browser(app)
            let page = try await facilitator.get(Links.event(id))
            #expect(page.body.text.contains("M’inscrire") && page.body.text.contains("Complet — liste d’attente ouverte"))

            // Two workshops at the same time: refused, nothing written.
            let clash = try await facilitator.post(Links.event(id) + "/inscription", [("session", reuse.uuidString), ("session", mobility.uuidString)])
            #expect(clash.status == .unprocessableEntity)
            #expect(clash.body.text.contains("ont lieu en même temps"))
            #expect(try await Self.state(app, user: "facilitateur@demo.passerelle.test", session: reuse) == nil)

            _ = try await facilitator.get(Links.event(id))
            let done = try await facilitator.post(Links.event(id) + "/inscription", [("session", reuse.uuidString), ("session", hiring.uuidString)])
            #expect(done.status == .seeOther)
            #expect(try await Self.state(app, user: "facilitateur@demo.passerelle.test", session: reuse) == "inscrit")
            #expect(try await Self.state(app, user: "facilitateur@demo.passerelle.test", session: hiring) == "inscrit")

            // Twice: refused with a message.
            _ = try await facilitator.get(Links.event(id))
            let twice = try await facilitator.post(Links.event(id) + "/inscription", [("session", groups.uuidString)])
            #expect(twice.status == .conflict && twice.body.text.contains("déjà inscrit"))

            // The full workshop: on its waiting list.
            let registration = try #require(try await EventStore.registration(of: try await Self.user(app, "facilitateur"), event: id, on: app.db))
            _ = try await facilitator.get(Links.event(id))
            let added = try await facilitator.post(CommunityPaths.addSessions.link(registration.id), [("session", groups.uuidString)])
            #expect(added.status == .seeOther)
            #expect(try await Self.state(app, user: "facilitateur@demo.passerelle.test", session: groups) == "liste-d-attente")
            // The confirmation says what comes next on a waiting list.
            let location = try #require(added.headers.first(name: .location))
            #expect(location.contains("fait=attente"))
            #expect(try await facilitator.get(location).body.text.contains("Dès qu’une place se libère, elle vous revient dans l’ordre d’arrivée"))
            let waiting = try await facilitator.get(Links.event(id)).body.text
            #expect(waiting.contains("Vous : Sur liste d’attente</strong> (position 1)"))
            // The morning's other workshop is not offered: it clashes with the one chosen.
            #expect(waiting.contains("En même temps que « Réemploi : sécuriser ses gisements »"))

            // The partner cancels their seat: the facilitator moves up and is told.
            let partner = try await Persona.partner.browser(app)
            let partnerRegistration = try #require(try await EventStore.registrations(of: try await Self.user(app, "partenaire"), on: app.db).first { $0.event.id == id })
            let confirm = try await partner.get(Links.sessionCancel(partnerRegistration.registration.id, groups))
            #expect(confirm.status == .ok && confirm.body.text.contains("Annuler votre place à « Répondre en groupement"))
            let cancelled = try await partner.post(Links.sessionCancel(partnerRegistration.registration.id, groups), [])
            #expect(cancelled.status == .seeOther)
            #expect(try await Self.state(app, user: "partenaire@demo.passerelle.test", session: groups) == "annule")
            #expect(try await Self.state(app, user: "facilitateur@demo.passerelle.test", session: groups) == "inscrit")
            #expect(try await Self.mails(app, to: "facilitateur@demo.passerelle.test", subject: "Une place s’est libérée") == 1)
            #expect(try await facilitator.get(Links.event(id)).body.text.contains("Vous : Inscrit</strong> · <a href=\"\(Links.sessionCancel(registration.id, groups))\""))

            // Someone else's registration is not theirs to cancel.
            #expect(try await partner.get(Links.registrationCancel(registration.id)).status == .notFound)

            // My registrations and the registration's calendar.
            let mine = try await facilitator.get("/evenements/mes-inscriptions").body.text
            #expect(mine.contains("Rencontre de l’inclusion du Pas-de-Calais (démo)") && mine.contains("Répondre en groupement momentané d’entreprises — inscrit"))
            let ics = try await facilitator.get(CommunityPaths.registrationCalendar.link(registration.id)).body.text
            #expect(ics.components(separatedBy: "BEGIN:VEVENT").count - 1 == 4)
        }
    }

    @Test func closedCancelledAndVisitorRegistrationsAreRefusedClearly() async throws {
        try await withPasserelle(.demo) { app in
            let (id, sessions) = try await Self.meeting(app)
            let sql = app.db.sql
            let visitor = try await app.get(Links.event(id))
            #expect(visitor.body.text.contains("Se connecter pour s’inscrire"))
            let browser = try await Persona.steward.browser(app)
            let hiring = try #require(sessions["Recruter sur les compétences plutôt que sur le CV"])

            try await sql.update("events").set("registration_closes_at", to: SQLBind(Date().addingTimeInterval(-60))).where("id", .equal, SQLBind(id)).run()
            _ = try await browser.get(Links.event(id))
            let closed = try await browser.post(Links.event(id) + "/inscription", [("session", hiring.uuidString)])
            #expect(closed.status == .conflict && closed.body.text.contains("Les inscriptions sont closes depuis le"))

            try await sql.update("events").set("registration_closes_at", to: SQLLiteral.null).set("cancelled_at", to: SQLBind(Date())).where("id", .equal, SQLBind(id)).run()
            _ = try await browser.get(Links.event(id))
            let cancelled = try await browser.post(Links.event(id) + "/inscription", [("session", hiring.uuidString)])
            #expect(cancelled.status == .conflict && cancelled.body.text.contains("Cet événement est annulé"))

            try await sql.update("events").set("cancelled_at", to: SQLLiteral.null).where("id", .equal, SQLBind(id)).run()
            _ = try await browser.get(Links.event(id))
            let nothing = try await browser.post(Links.event(id) + "/inscription", [])
            #expect(nothing.status == .unprocessableEntity && nothing.body.text.contains("Choisissez au moins une session"))
            _ = try await browser.get(Links.event(id))
            let garbage = try await browser.post(Links.event(id) + "/inscription", [("session", "pas-un-identifiant")])
            #expect(garbage.status == .badRequest)
            _ = try await browser.get(Links.event(id))
            let elsewhere = try await browser.post(Links.event(id) + "/inscription", [("session", UUID().uuidString)])
            #expect(elsewhere.status == .unprocessableEntity && elsewhere.body.text.contains("n’appartient pas à cet événement"))

            // Full without a waiting list.
            try await sql.update("events").set("waiting_list", to: SQLBind(false)).where("id", .equal, SQLBind(id)).run()
            _ = try await browser.get(Links.event(id))
            let groups = try #require(sessions["Répondre en groupement momentané d’entreprises"])
            let full = try await browser.post(Links.event(id) + "/inscription", [("session", groups.uuidString)])
            #expect(full.status == .conflict && full.body.text.contains("Il ne reste plus de place à « Répondre en groupement momentané d’entreprises »"))
        }
    }

    @Test func parallelRequestsForTheLastSeatNeverExceedIt() async throws {
        try await withPasserelle(.demo) { app in
            let gazetteer = try app.platform.reference.gazetteer
            let start = Date().addingTimeInterval(3 * 86_400)
            for waitingList in [false, true] {
                let event = try await EventWriter.create(EventPlan(
                    kind: .workshop, title: "Atelier à trois places", summary: "Test.", start: start, end: start.addingTimeInterval(3_600), communeCode: "59350",
                    capacity: 3, waitingList: waitingList, themes: [],
                    sessions: [.init(kind: .solutionWorkshop, title: "Atelier", summary: "", start: start, end: start.addingTimeInterval(3_600), capacity: 2)]),
                    organisers: [], by: nil, gazetteer: gazetteer, on: app.db)
                let session = try #require(try await EventStore.sessions(of: event, on: app.db).first).id
                var users: [UUID] = []
                for index in 0..<12 {
                    let email = try #require(EmailAddress("parallele-\(waitingList)-\(index)@exemple.test"))
                    users.append(try await AccountQueries.create(SignUp(name: "Personne \(index)", email: email, password: "x", profile: .structure), passwordHash: "x", on: app.db))
                }
                let outcomes = await withTaskGroup(of: Result<RegistrationFlows.Outcome, any Error>.self) { group in
                    for user in users {
                        group.addTask {
                            do { return .success(try await RegistrationFlows.register(event: event, sessions: [session], by: .init(id: user, email: "p@exemple.test"), on: app.db)) }
                            catch { return .failure(error) }
                        }
                    }
                    var all: [Result<RegistrationFlows.Outcome, any Error>] = []
                    for await outcome in group { all.append(outcome) }
                    return all
                }
                let row = try #require(try await EventStore.row(event, on: app.db))
                let stored = try #require(try await EventStore.sessions(of: event, on: app.db).first)
                #expect(stored.taken == 2)
                // Without a waiting list, a refusal for the full session takes back the seat at the event too.
                #expect(row.taken == (waitingList ? 3 : 2))
                let successes = outcomes.compactMap { try? $0.get() }
                if waitingList {
                    #expect(successes.count == 12 && row.waiting == 9)
                    #expect(successes.filter { $0.sessions.first?.state == .confirmed }.count == 2)
                    // Places on the waiting list are all different.
                    #expect(Set(successes.compactMap(\.position)).count == 9)
                } else {
                    #expect(successes.count == 2)
                    #expect(outcomes.allSatisfy { outcome in
                        if case .failure(let error) = outcome { return (error as? RegistrationProblem)?.isConflict == true }
                        return true
                    })
                }
            }
        }
    }

    @Test func organisersSeeTheListsMarkAttendanceExportAndWrite() async throws {
        try await withPasserelle(.demo) { app in
            let (id, sessions) = try await Self.meeting(app)
            let manage = Links.event(id) + "/gestion"
            #expect(try await app.get(manage).status == .seeOther)
            let structure = try await Persona.structure.browser(app)
            let refused = try await structure.get(manage)
            #expect(refused.status == .forbidden && refused.body.text.contains("Seuls les organisateurs"))
            #expect(try await structure.get(Links.event(id)).body.text.contains("Gérer les inscriptions") == false)

            let steward = try await Persona.steward.browser(app)
            let page = try await steward.get(manage)
            #expect(page.status == .ok)
            #expect(page.body.text.contains("3 inscrits") && page.body.text.contains("partenaire@demo.passerelle.test"))

            let csv = try CSV.parse(try await steward.get(Links.event(id) + "/inscrits.csv").body.text).map(\.fields)
            #expect(csv.count == 4)
            #expect(csv[0].contains("Répondre en groupement momentané d’entreprises"))
            #expect(csv.contains { $0.first == "Sacha Structure (démo)" && $0.contains("Inscrit") })

            // Attendance waits for the session to begin.
            let plenary = try #require(sessions["Plénière d’ouverture"])
            let choice = try #require(try await app.db.sql.select().column("id").from("session_registrations")
                .where("session_id", .equal, SQLBind(plenary)).first(decodingColumn: "id", as: UUID.self))
            _ = try await steward.get(manage)
            let early = try await steward.post(Links.event(id) + "/presence", [("choice", choice.uuidString), ("presence", "present")])
            #expect(early.status == .conflict && early.body.text.contains("une fois la session commencée"))
            let sql = app.db.sql
            try await sql.update("event_sessions").set("starts_at", to: SQLBind(Date().addingTimeInterval(-600))).where("id", .equal, SQLBind(plenary)).run()
            _ = try await steward.get(manage)
            #expect(try await steward.post(Links.event(id) + "/presence", [("choice", choice.uuidString), ("presence", "present")]).status == .seeOther)
            #expect(try await sql.select().column("state").from("session_registrations").where("id", .equal, SQLBind(choice)).first(decodingColumn: "state", as: String.self) == "present")

            _ = try await steward.get(manage)
            let empty = try await steward.post(Links.event(id) + "/message", [("subject", ""), ("body", "")])
            #expect(empty.status == .unprocessableEntity && empty.body.text.contains("Donnez un objet"))
            _ = try await steward.get(manage)
            let sent = try await steward.post(Links.event(id) + "/message", [("subject", "Plan d’accès"), ("body", "Le parking est derrière la salle.\n\nÀ bientôt.")])
            #expect(sent.status == .seeOther && sent.headers.first(name: .location)?.hasSuffix("message-3") == true)
            #expect(try await Self.mails(app, to: "acheteur@demo.passerelle.test", subject: "Plan d’accès") == 1)
            let audit = try await Audit.entries(action: .eventMessage, on: app.db)
            #expect(audit.first?.actor == "dreets@demo.passerelle.test")
        }
    }

    @Test func theDayBeforeEachPersonRegisteredIsRemindedOnce() async throws {
        try await withPasserelle(.demo) { app in
            let (id, _) = try await Self.meeting(app)
            let gazetteer = try app.platform.reference.gazetteer
            let row = try #require(try await EventStore.row(id, on: app.db))
            let dayBefore = row.startsAt.addingTimeInterval(-86_400)
            #expect(try await EventReminders.send(on: app.db, publicURL: "https://p.test", gazetteer: gazetteer, now: dayBefore.addingTimeInterval(-2 * 86_400)) == 0)
            #expect(try await EventReminders.send(on: app.db, publicURL: "https://p.test", gazetteer: gazetteer, now: dayBefore) == 3)
            #expect(try await EventReminders.send(on: app.db, publicURL: "https://p.test", gazetteer: gazetteer, now: dayBefore.addingTimeInterval(600)) == 0)
            #expect(try await Self.mails(app, to: "structure@demo.passerelle.test", subject: "Demain : Rencontre de l’inclusion du Pas-de-Calais") == 1)
        }
    }
}

@Suite("Community: organisers announce events and sessions, cancel them; themes are edited")
struct EventFormTests {
    @Test func anOrganiserAnnouncesAnEventAddsASessionAndCancelsIt() async throws {
        try await withPasserelle(.demo) { app in
            let partner = try await Persona.partner.browser(app)
            let organisation = try #require(try await OrganisationQueries.memberships(of: try await EventTests.user(app, "partenaire"), on: app.db).first).organisationID
            let day = DateText.parisDay(Date().addingTimeInterval(20 * 86_400))
            _ = try await partner.get("/evenements/nouveau")
            let wrong = try await partner.post("/evenements/nouveau", [("organisation", organisation.uuidString), ("kind", "atelier"), ("title", "Café"), ("summary", "")])
            #expect(wrong.status == .unprocessableEntity && wrong.body.text.contains("Le formulaire contient"))
            _ = try await partner.get("/evenements/nouveau")
            let created = try await partner.post("/evenements/nouveau", [
                ("organisation", organisation.uuidString), ("kind", "atelier"), ("title", "Café emploi de la mission locale"),
                ("summary", "Une matinée pour rencontrer les structures d’insertion du quartier."), ("day", day), ("start_time", "09:30"), ("end_time", "12:00"),
                ("commune_q", "Roubaix"), ("commune", "59512"), ("capacity", "40"), ("waiting_list", "1"), ("themes", "passerelles-vers-l-entreprise"),
            ])
            #expect(created.status == .seeOther)
            let manage = String(try #require(created.headers.first(name: .location)).prefix { $0 != "?" })
            let id = try #require(UUID(uuidString: String(manage.split(separator: "/")[1])))
            let row = try #require(try await EventStore.row(id, on: app.db))
            #expect(row.departement == "59" && row.capacity == 40 && row.themeSlugs == ["passerelles-vers-l-entreprise"])
            #expect(try await app.get("/evenements?departement=59").body.text.contains("Café emploi de la mission locale"))

            _ = try await partner.get(manage)
            let badSession = try await partner.post(Links.event(id) + "/sessions", [("session_kind", "atelier-solutions"), ("session_title", "Speed meeting"),
                ("session_day", day), ("session_start", "13:00"), ("session_end", "14:00"), ("session_speakers", "Paul | conseiller | paul@exemple.org")])
            #expect(badSession.status == .unprocessableEntity && badSession.body.text.contains("pendant l’événement"))
            _ = try await partner.get(manage)
            let session = try await partner.post(Links.event(id) + "/sessions", [("session_kind", "atelier-solutions"), ("session_title", "Speed meeting"),
                ("session_day", day), ("session_start", "10:00"), ("session_end", "11:00"), ("session_capacity", "2"),
                ("session_speakers", "Paul Partenaire (démo) | conseiller | Mission locale de Démoville (démo)")])
            #expect(session.status == .seeOther)
            let event = try #require(try await EventStore.event(id, on: app.db))
            #expect(event.sessions.map(\.title) == ["Speed meeting"] && event.speakers.values.first?.first?.role == "conseiller")

            // Someone registers, then the event is cancelled: they are told.
            let structure = try await Persona.structure.browser(app)
            _ = try await structure.get(Links.event(id))
            #expect(try await structure.post(Links.event(id) + "/inscription", [("session", event.sessions[0].id.uuidString)]).status == .seeOther)
            #expect(try await structure.get(Links.event(id) + "/annuler").status == .forbidden)
            let confirm = try await partner.get(Links.event(id) + "/annuler")
            #expect(confirm.body.text.contains("1 personne inscrite ou en attente"))
            #expect(try await partner.post(Links.event(id) + "/annuler", []).status == .seeOther)
            #expect(try await EventStore.row(id, on: app.db)?.cancelledAt != nil)
            #expect(try await EventTests.mails(app, to: "structure@demo.passerelle.test", subject: "Annulé : Café emploi") == 1)
            let ics = try await app.get(Links.event(id) + "/calendrier.ics").body.text
            #expect(ics.contains("STATUS:CANCELLED"))
        }
    }

    /// The partner's organisation announces a morning in Arras, twenty days ahead, from 9:00 to 13:00.
    static func partnersMorning(_ app: Application, capacity: Int? = nil, sessions: (Date) -> [EventPlan.Session]) async throws -> (id: UUID, start: Date) {
        let organisation = try #require(try await OrganisationQueries.memberships(of: try await EventTests.user(app, "partenaire"), on: app.db).first).organisationID
        let start = try #require(ParisTime.date(day: DateText.parisDay(Date().addingTimeInterval(20 * 86_400)), time: "09:00"))
        let id = try await EventWriter.create(EventPlan(
            kind: .workshop, title: "Matinée des achats responsables", summary: "Une matinée pour rencontrer les acheteurs du territoire.", start: start,
            end: start.addingTimeInterval(4 * 3_600), communeCode: "62041", address: "Maison des sociétés", capacity: capacity, waitingList: true, themes: [],
            sessions: sessions(start)), organisers: [organisation], by: nil, gazetteer: try app.platform.reference.gazetteer, on: app.db)
        return (id, start)
    }

    @Test func anOrganiserEditsASessionAndRemovesAnotherTheirRegistrantsAreTold() async throws {
        try await withPasserelle(.demo) { app in
            let partner = try await Persona.partner.browser(app)
            let (id, start) = try await Self.partnersMorning(app) { start in [
                .init(kind: .solutionWorkshop, title: "Atelier clauses", summary: "", start: start, end: start.addingTimeInterval(3_600), room: "Salle A", capacity: 2,
                      speakers: [.init(name: "Camille Exemple", role: "animatrice", organisation: "Réseau fictif")]),
                .init(kind: .plenary, title: "Plénière de clôture", summary: "", start: start.addingTimeInterval(3 * 3_600), end: start.addingTimeInterval(4 * 3_600)),
            ] }
            let day = DateText.parisDay(start)
            let sessions = try await EventStore.sessions(of: id, on: app.db)
            let clauses = sessions[0].id, closing = sessions[1].id
            for who in [Persona.structure, .steward, .facilitator] {
                let browser = try await who.browser(app)
                _ = try await browser.get(Links.event(id))
                let sessionsChosen = who == .steward ? [clauses] : [clauses, closing]
                #expect(try await browser.post(Links.event(id) + "/inscription", sessionsChosen.map { ("session", $0.uuidString) }).status == .seeOther)
            }
            #expect(try await EventTests.state(app, user: "facilitateur@demo.passerelle.test", session: clauses) == "liste-d-attente")

            // The management page offers both changes; the form comes back filled in.
            let manage = try await partner.get(Links.event(id) + "/gestion").body.text
            #expect(manage.contains(CommunityPaths.editSession.link(id, clauses)) && manage.contains(CommunityPaths.removeSession.link(id, closing)))
            let form = try await partner.get(CommunityPaths.editSession.link(id, clauses))
            #expect(form.status == .ok)
            #expect(form.body.text.contains("value=\"Atelier clauses\"") && form.body.text.contains("Camille Exemple | animatrice | Réseau fictif")
                && form.body.text.contains("value=\"10:00\"") && form.body.text.contains("2 personnes inscrites et 1 en attente"))
            let structure = try await Persona.structure.browser(app)
            #expect(try await structure.get(CommunityPaths.editSession.link(id, clauses)).status == .forbidden)

            func edit(capacity: String, from: String, to: String, room: String) async throws -> TestingHTTPResponse {
                _ = try await partner.get(CommunityPaths.editSession.link(id, clauses))
                return try await partner.post(CommunityPaths.editSession.link(id, clauses), [
                    ("session_kind", "atelier-solutions"), ("session_title", "Atelier clauses sociales"), ("session_day", day), ("session_start", from), ("session_end", to),
                    ("session_room", room), ("session_capacity", capacity), ("session_speakers", "Camille Exemple | animatrice | Réseau fictif"),
                ])
            }
            // Seats given are not taken back; hours outside the event are refused; nothing changes.
            let shrink = try await edit(capacity: "1", from: "10:00", to: "11:00", room: "Salle B")
            #expect(shrink.status == .conflict && shrink.body.text.contains("2 personnes sont déjà inscrites à cette session"))
            let outside = try await edit(capacity: "3", from: "07:00", to: "08:00", room: "Salle B")
            #expect(outside.status == .unprocessableEntity && outside.body.text.contains("pendant l’événement"))
            // The shared error summary: it takes the focus and leads to the field.
            #expect(outside.body.text.contains("id=\"erreurs\" autofocus") && outside.body.text.contains("<a href=\"#session_day\">"))
            #expect(try await EventStore.session(clauses, on: app.db)?.title == "Atelier clauses")

            // More seats and a new hour and room: the first waiting moves up, all three are told.
            #expect(try await edit(capacity: "3", from: "10:00", to: "11:00", room: "Salle B").status == .seeOther)
            let edited = try #require(try await EventStore.session(clauses, on: app.db))
            #expect(edited.title == "Atelier clauses sociales" && edited.capacity == 3 && edited.room == "Salle B" && ParisTime.clock(edited.startsAt) == "10:00")
            #expect(try await EventTests.state(app, user: "facilitateur@demo.passerelle.test", session: clauses) == "inscrit")
            #expect(try await EventTests.mails(app, to: "facilitateur@demo.passerelle.test", subject: "Une place s’est libérée") == 1)
            for who in [Persona.structure, .steward, .facilitator] {
                #expect(try await EventTests.mails(app, to: who.email, subject: "Programme modifié") == 1, "\(who)")
            }
            #expect(try await partner.get(Links.event(id) + "/gestion?fait=session-modifiee").body.text.contains("La session est modifiée"))

            // Moved onto the closing plenary's hour: those who hold both are asked to choose.
            #expect(try await edit(capacity: "3", from: "12:00", to: "12:30", room: "Salle B").status == .seeOther)
            func lastChange(_ who: Persona) async throws -> String {
                try await Outbox.messages(to: who.email, on: app.db).filter { $0.subject.hasPrefix("Programme modifié") }
                    .max { $0.createdAt < $1.createdAt }?.textBody ?? ""
            }
            #expect(try await lastChange(.structure).contains("en même temps que « Plénière de clôture »"))
            #expect(try await lastChange(.facilitator).contains("en même temps que « Plénière de clôture »"))
            let dreetsMail = try await lastChange(.steward)
            #expect(!dreetsMail.contains("en même temps") && dreetsMail.contains("Nouvel horaire"))

            // The closing plenary goes: its two registrants are told, their registration stays.
            let confirm = try await partner.get(CommunityPaths.removeSession.link(id, closing))
            #expect(confirm.body.text.contains("Retirer « Plénière de clôture » du programme ?") && confirm.body.text.contains("2 personnes inscrites ou en attente"))
            let removed = try await partner.post(CommunityPaths.removeSession.link(id, closing), [])
            #expect(removed.status == .seeOther && removed.headers.first(name: .location)?.hasSuffix("session-retiree-2") == true)
            #expect(try await EventStore.session(closing, on: app.db) == nil)
            #expect(try await EventTests.state(app, user: "structure@demo.passerelle.test", session: closing) == nil)
            #expect(try await EventTests.mails(app, to: "structure@demo.passerelle.test", subject: "Session retirée") == 1)
            #expect(try await EventTests.mails(app, to: "dreets@demo.passerelle.test", subject: "Session retirée") == 0)
            let registration = try #require(try await EventStore.registration(of: try await EventTests.user(app, "structure"), event: id, on: app.db))
            #expect(registration.isActive)
            let audit = try await app.db.sql.select().column("detail").from("audit_log").where("action", .equal, SQLBind("evenement.modification"))
                .all(decodingColumn: "detail", as: String.self)
            #expect(audit.contains("Session modifiée : Atelier clauses sociales") && audit.contains("Session retirée : Plénière de clôture — 2 personne(s) prévenue(s)"))

            // Once begun, a session stays as it was.
            try await app.db.sql.update("event_sessions").set("starts_at", to: SQLBind(Date().addingTimeInterval(-60))).where("id", .equal, SQLBind(clauses)).run()
            #expect(try await partner.get(CommunityPaths.removeSession.link(id, clauses)).status == .conflict)
            _ = try await partner.get(Links.event(id) + "/gestion")
            let late = try await partner.post(CommunityPaths.removeSession.link(id, clauses), [])
            #expect(late.status == .conflict && late.body.text.contains("a commencé"))
            #expect(!(try await partner.get(Links.event(id) + "/gestion").body.text.contains(CommunityPaths.editSession.link(id, clauses))))
        }
    }

    @Test func anOrganiserEditsTheEventAndItsRegistrantsAreTold() async throws {
        try await withPasserelle(.demo) { app in
            let partner = try await Persona.partner.browser(app)
            let (id, start) = try await Self.partnersMorning(app, capacity: 1) { start in
                [.init(kind: .plenary, title: "Plénière", summary: "", start: start.addingTimeInterval(3_600), end: start.addingTimeInterval(2 * 3_600))]
            }
            let day = DateText.parisDay(start)
            let plenary = try #require(try await EventStore.sessions(of: id, on: app.db).first).id
            for who in [Persona.structure, .steward] {
                let browser = try await who.browser(app)
                _ = try await browser.get(Links.event(id))
                #expect(try await browser.post(Links.event(id) + "/inscription", [("session", plenary.uuidString)]).status == .seeOther)
            }
            let dreets = try #require(try await EventStore.registration(of: try await EventTests.user(app, "dreets"), event: id, on: app.db))
            #expect(dreets.state == .waiting)

            let form = try await partner.get(Links.event(id) + "/modifier")
            #expect(form.status == .ok)
            let html = form.body.text
            #expect(html.contains("value=\"Matinée des achats responsables\"") && html.contains("value=\"Arras\"") && html.contains("value=\"09:00\"")
                && html.contains("value=\"1\"") && !html.contains("Organisé par") && html.contains("2 personnes inscrites ou en attente"))
            #expect(try await partner.get(Links.event(id) + "/gestion").body.text.contains(Links.event(id) + "/modifier"))
            let structure = try await Persona.structure.browser(app)
            #expect(try await structure.get(Links.event(id) + "/modifier").status == .forbidden)

            func edit(from: String, to: String, capacity: String) async throws -> TestingHTTPResponse {
                _ = try await partner.get(Links.event(id) + "/modifier")
                return try await partner.post(Links.event(id) + "/modifier", [
                    ("kind", "atelier"), ("title", "Matinée des achats responsables"), ("summary", "Une matinée pour rencontrer les acheteurs du territoire."),
                    ("day", day), ("start_time", from), ("end_time", to), ("commune_q", "Lens"), ("commune", "62498"), ("address", "Salle des fêtes"),
                    ("capacity", capacity), ("waiting_list", "1"),
                ])
            }
            // The plenary would no longer fit: refused, nothing changes.
            let squeezed = try await edit(from: "10:30", to: "13:00", capacity: "2")
            #expect(squeezed.status == .conflict && squeezed.body.text.contains("La session « Plénière »") && squeezed.body.text.contains("sortirait de l’événement"))
            #expect(try await EventStore.row(id, on: app.db)?.communeCode == "62041")

            // A new place and a seat more: the person waiting is admitted, both are told.
            #expect(try await edit(from: "09:00", to: "13:00", capacity: "2").status == .seeOther)
            let row = try #require(try await EventStore.row(id, on: app.db))
            #expect(row.communeCode == "62498" && row.departement == "62" && row.address == "Salle des fêtes" && row.capacity == 2)
            #expect(try await EventStore.registration(of: try await EventTests.user(app, "dreets"), event: id, on: app.db)?.state == .confirmed)
            // Admitted to the event, then to the plenary they had chosen: told of both in one mail.
            #expect(try await EventTests.state(app, user: "dreets@demo.passerelle.test", session: plenary) == "inscrit")
            #expect(try await EventTests.mails(app, to: "dreets@demo.passerelle.test", subject: "Une place s’est libérée") == 1)
            for who in [Persona.structure, .steward] {
                #expect(try await EventTests.mails(app, to: who.email, subject: "Modifié : Matinée des achats responsables") == 1, "\(who)")
            }
            let body = try await app.db.sql.select().column("text_body").from("outbox").where("recipient", .equal, SQLBind("structure@demo.passerelle.test"))
                .where("subject", .like, SQLBind("Modifié :%")).first(decodingColumn: "text_body", as: String.self)
            #expect(body?.contains("Nouveau lieu : Salle des fêtes, Lens (62).") == true)

            // Nothing that matters to them changed: nobody is written to again.
            _ = try await edit(from: "09:00", to: "13:00", capacity: "3")
            #expect(try await EventTests.mails(app, to: "structure@demo.passerelle.test", subject: "Modifié :") == 1)

            // Once begun, the event stays as it was.
            try await app.db.sql.update("events").set("starts_at", to: SQLBind(Date().addingTimeInterval(-60))).where("id", .equal, SQLBind(id)).run()
            #expect(try await partner.get(Links.event(id) + "/modifier").status == .conflict)
            #expect(!(try await partner.get(Links.event(id) + "/gestion").body.text.contains(Links.event(id) + "/modifier")))
        }
    }

    @Test func thePlatformTeamRenamesAndAddsThemes() async throws {
        try await withPasserelle(.demo) { app in
            let admin = try await Persona.admin.browser(app)
            _ = try await admin.get("/admin/themes")
            #expect(try await admin.post("/admin/themes", [("name", "Mobilité")]).status == .seeOther)
            _ = try await admin.get("/admin/themes")
            let twice = try await admin.post("/admin/themes", [("name", "mobilite")])
            #expect(twice.status == .unprocessableEntity && twice.body.text.contains("existe déjà"))
            _ = try await admin.get("/admin/themes")
            #expect(try await admin.post("/admin/themes/filieres-du-reemploi", [("name", "Réemploi et économie circulaire")]).status == .seeOther)
            let themes = try await EventStore.themes(on: app.db)
            #expect(themes.last?.slug == "mobilite" && themes.first { $0.slug == "filieres-du-reemploi" }?.name == "Réemploi et économie circulaire")
            #expect(try await app.get("/connaissances/pratiques").body.text.contains("Réemploi et économie circulaire"))
            let steward = try await Persona.steward.browser(app)
            #expect(try await steward.get("/admin/themes").status == .forbidden)
        }
    }

    @Test func removingAThemeMovesWhatItClassifiesToAnother() async throws {
        try await withPasserelle(.demo) { app in
            let sql = app.db.sql
            let before = try await ThemePages.Usage.of("filieres-du-reemploi", on: app.db)
            #expect(before.events >= 2 && before.sessions >= 1 && before.contents >= 1)
            let target = try await ThemePages.Usage.of("ess-et-territoires", on: app.db)
            func either(_ table: String) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM \(ident: table) WHERE themes LIKE '%|ess-et-territoires|%' OR themes LIKE '%|filieres-du-reemploi|%'")
                    .first(decodingColumn: "n", as: Int.self) ?? 0
            }
            let eventsWithEither = try await either("events"), contentsWithEither = try await either("knowledge_items")
            #expect(eventsWithEither < target.events + before.events || contentsWithEither < target.contents + before.contents)
            let admin = try await Persona.admin.browser(app)
            #expect(try await admin.get("/admin/themes").body.text.contains("/admin/themes/filieres-du-reemploi/supprimer"))
            let confirm = try await admin.get("/admin/themes/filieres-du-reemploi/supprimer")
            #expect(confirm.status == .ok && confirm.body.text.contains("Il classe \(French.count(before.events, "événement", "événements"))"))
            #expect(confirm.body.text.contains("Thème qui le remplace"))

            // Used: a replacement is needed, and it must be another existing theme.
            let none = try await admin.post("/admin/themes/filieres-du-reemploi/supprimer", [("into", "")])
            #expect(none.status == .unprocessableEntity && none.body.text.contains("l’utilisent : choisissez le thème qui le remplace"))
            _ = try await admin.get("/admin/themes/filieres-du-reemploi/supprimer")
            let itself = try await admin.post("/admin/themes/filieres-du-reemploi/supprimer", [("into", "filieres-du-reemploi")])
            #expect(itself.status == .unprocessableEntity && itself.body.text.contains("un autre thème"))
            #expect(try await EventStore.themes(on: app.db).contains { $0.slug == "filieres-du-reemploi" })

            let steward = try await Persona.steward.browser(app)
            _ = try await steward.get("/evenements")
            #expect(try await steward.post("/admin/themes/filieres-du-reemploi/supprimer", [("into", "ess-et-territoires")]).status == .forbidden)

            _ = try await admin.get("/admin/themes/filieres-du-reemploi/supprimer")
            let removed = try await admin.post("/admin/themes/filieres-du-reemploi/supprimer", [("into", "ess-et-territoires")])
            #expect(removed.status == .seeOther)
            #expect(!(try await EventStore.themes(on: app.db).contains { $0.slug == "filieres-du-reemploi" }))
            #expect(try await ThemePages.Usage.of("filieres-du-reemploi", on: app.db).total == 0)
            let after = try await ThemePages.Usage.of("ess-et-territoires", on: app.db)
            // Moved once each: an event or content that had both themes keeps one.
            #expect(after.sessions == target.sessions + before.sessions)
            #expect(after.events == eventsWithEither && after.contents == contentsWithEither)
            #expect(try await app.get("/evenements?periode=tous&theme=ess-et-territoires").body.text.contains("Rencontre de l’inclusion du Pas-de-Calais (démo)"))
            let themes = try await sql.select().column("themes").from("events").all(decodingColumn: "themes", as: String.self)
            #expect(themes.allSatisfy { !$0.contains("reemploi") && BarList.split($0).count == Set(BarList.split($0)).count })
            let audit = try await sql.select().column("detail").from("audit_log").where("object", .equal, SQLBind("theme:filieres-du-reemploi"))
                .all(decodingColumn: "detail", as: String.self)
            #expect(audit.contains { $0.hasPrefix("Supprimé : Filières du réemploi — ") && $0.hasSuffix("reporté(s) sur « ESS et territoires »") })

            // A theme nobody uses goes without a replacement.
            _ = try await admin.get("/admin/themes")
            #expect(try await admin.post("/admin/themes", [("name", "Mobilité")]).status == .seeOther)
            let unused = try await admin.get("/admin/themes/mobilite/supprimer").body.text
            #expect(unused.contains("Aucun événement, aucune session ni aucun contenu ne l’utilise.") && !unused.contains("Thème qui le remplace"))
            #expect(try await admin.post("/admin/themes/mobilite/supprimer", []).status == .seeOther)
            #expect(try await admin.get("/admin/themes?fait=suppression").body.text.contains("Le thème est supprimé"))
            #expect(try await admin.get("/admin/themes/mobilite/supprimer").status == .notFound)
        }
    }
}

@Suite("Community: the event's own waiting list and its sessions")
struct EventWaitingListTests {
    @Test func someoneWaitingForTheEventHoldsNoSessionSeatUntilAdmitted() async throws {
        try await withPasserelle(.demo) { app in
            let start = Date().addingTimeInterval(4 * 86_400)
            let event = try await EventWriter.create(EventPlan(
                kind: .workshop, title: "Atelier à une place", summary: "Test.", start: start, end: start.addingTimeInterval(7_200), communeCode: "59350",
                capacity: 1, waitingList: true, themes: [],
                sessions: [.init(kind: .solutionWorkshop, title: "Première heure", summary: "", start: start, end: start.addingTimeInterval(3_600), capacity: 5)]),
                organisers: [], by: nil, gazetteer: try app.platform.reference.gazetteer, on: app.db)
            let session = try #require(try await EventStore.sessions(of: event, on: app.db).first).id
            let first = try await EventTests.user(app, "structure"), second = try await EventTests.user(app, "acheteur")
            let admitted = try await RegistrationFlows.register(event: event, sessions: [session], by: .init(id: first, email: "structure@demo.passerelle.test"), on: app.db)
            #expect(admitted.state == .confirmed && admitted.sessions.first?.state == .confirmed)
            let waiting = try await RegistrationFlows.register(event: event, sessions: [session], by: .init(id: second, email: "acheteur@demo.passerelle.test"), on: app.db)
            // Four seats are free in the session, but the event itself is full.
            #expect(waiting.state == .waiting && waiting.position == 1 && waiting.sessions.first?.state == .waiting)
            #expect(try await EventStore.session(session, on: app.db)?.taken == 1)

            try await RegistrationFlows.cancel(admitted.registrationID, by: .init(id: first, email: "structure@demo.passerelle.test"), publicURL: "https://p.test", on: app.db)
            #expect(try await EventStore.registration(waiting.registrationID, on: app.db)?.state == .confirmed)
            #expect(try await EventTests.state(app, user: "acheteur@demo.passerelle.test", session: session) == "inscrit")
            #expect(try await EventTests.mails(app, to: "acheteur@demo.passerelle.test", subject: "Une place s’est libérée") == 1)
            let body = try await app.db.sql.select().column("text_body").from("outbox").where("recipient", .equal, SQLBind("acheteur@demo.passerelle.test"))
                .where("subject", .like, SQLBind("Une place%")).first(decodingColumn: "text_body", as: String.self)
            #expect(body?.contains("aux inscrits pour l’événement et la session « Première heure » de « Atelier à une place »") == true)
        }
    }
}

@Suite("Community: registrations in the account's data and at its deletion")
struct RegistrationAccountTests {
    @Test func theExportListsThemAndDeletingTheAccountFreesTheSeats() async throws {
        try await withPasserelle(.demo) { app in
            let (id, sessions) = try await EventTests.meeting(app)
            let groups = try #require(sessions["Répondre en groupement momentané d’entreprises"])
            let facilitator = try await EventTests.user(app, "facilitateur")
            _ = try await RegistrationFlows.register(event: id, sessions: [groups], by: .init(id: facilitator, email: "facilitateur@demo.passerelle.test"), on: app.db)
            #expect(try await EventTests.state(app, user: "facilitateur@demo.passerelle.test", session: groups) == "liste-d-attente")

            let structure = try await Persona.structure.browser(app)
            let export = try await structure.get("/compte/donnees").json
            let registration = try #require(export["event_registrations"].array.first { $0["event"].string == "Rencontre de l’inclusion du Pas-de-Calais (démo)" })
            #expect(registration["state"].string == "inscrit" && registration["sessions"].array.contains { $0.string == "Répondre en groupement momentané d’entreprises : inscrit" })

            _ = try await structure.get("/compte")
            #expect(try await structure.post("/compte/supprimer", [("delete_password", DemoAccounts.password), ("delete_confirmed", "oui")]).status == .ok)
            #expect(try await EventTests.state(app, user: "facilitateur@demo.passerelle.test", session: groups) == "inscrit")
        }
    }
}
