import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// Two upcoming demonstration events, with registrations of the demo accounts: a webinar of the
/// Nord's facilitators, and a day of workshops in Arras whose afternoon workshop is full, so that
/// the waiting list can be tried. Loaded once, when no upcoming event exists.
package enum DemoEvents {
    package static func load(_ app: Application, now: Date = Date()) async throws {
        guard try await EventStore.list(.init(period: .upcoming), now: now, on: app.db).total == 0 else { return }
        func organisation(_ kind: OrganisationKind) async throws -> UUID? {
            try await OrganisationQueries.first(kind: kind, nameEndingWith: "(démo)", on: app.db)
        }
        func user(_ local: String) async throws -> UUID? {
            guard let email = EmailAddress("\(local)@\(DemoAccounts.domain)") else { return nil }
            return try await AccountQueries.account(email: email, on: app.db)?.id
        }
        guard let facilitator = try await organisation(.facilitator), let steward = try await organisation(.steward) else { return }
        let gazetteer = try app.platform.reference.gazetteer
        let webinarDay = DateText.parisDay(now.addingTimeInterval(8 * 86_400)), meetingDay = DateText.parisDay(now.addingTimeInterval(15 * 86_400))
        func at(_ day: String, _ time: String) -> Date { ParisTime.date(day: day, time: time)! }

        let webinar = try await EventWriter.create(EventPlan(
            kind: .webinar, title: "Répondre à plusieurs à un marché avec clause sociale (démo)",
            summary: """
                Une heure trente pour comprendre comment plusieurs structures inclusives répondent ensemble à un marché public : groupement momentané \
                d’entreprises, rôle du mandataire, répartition des lots et des heures d’insertion.

                Avec les facilitateurs des clauses sociales du Nord, et le témoignage de deux structures qui ont remporté un marché de nettoyage en groupement.
                """,
            start: at(webinarDay, "10:00"), end: at(webinarDay, "11:30"), onlineURL: "https://visio.demo.passerelle.test/groupements",
            audience: "Dirigeants et chargés de développement des SIAE et des EA", capacity: 100, registrationCloses: at(webinarDay, "09:00"),
            themes: ["clauses-et-achat-public"],
            sessions: [.init(kind: .webinar, title: "Webinaire", summary: "Présentation, témoignages, puis questions des participants.",
                             start: at(webinarDay, "10:00"), end: at(webinarDay, "11:30"), capacity: nil, theme: "clauses-et-achat-public",
                             speakers: [.init(name: "Fanny Facilitatrice (démo)", role: "facilitatrice des clauses sociales", organisation: "Facilitation des clauses sociales du Nord (démo)")])]),
            organisers: [facilitator], by: try await user("facilitateur"), gazetteer: gazetteer, on: app.db, now: now)

        let meeting = try await EventWriter.create(EventPlan(
            kind: .regionalMeeting, title: "Rencontre de l’inclusion du Pas-de-Calais (démo)",
            summary: """
                Une journée pour les structures inclusives, les partenaires et les entreprises du Pas-de-Calais : une plénière, puis des ateliers \
                solutions en petits groupes. Choisissez vos ateliers ; deux ateliers à la même heure ne peuvent pas être suivis ensemble.
                """,
            start: at(meetingDay, "09:00"), end: at(meetingDay, "17:00"), communeCode: "62041", address: "Maison des sociétés, salle des fêtes",
            audience: "Structures de l’IAE, entreprises adaptées, partenaires de l’emploi, entreprises", capacity: 120,
            registrationCloses: at(meetingDay, "00:00").addingTimeInterval(-12 * 3_600),
            themes: ["filieres-du-reemploi", "outils-d-accompagnement-et-freins", "clauses-et-achat-public", "diversite-dans-le-recrutement"],
            sessions: [
                .init(kind: .plenary, title: "Plénière d’ouverture", summary: "Les chiffres de l’inclusion dans le département et les projets de l’année.",
                      start: at(meetingDay, "09:30"), end: at(meetingDay, "10:30"), room: "Grande salle", capacity: nil),
                .init(kind: .solutionWorkshop, title: "Réemploi : sécuriser ses gisements", summary: "Trouver des matières de qualité et dans la durée : partenariats avec les entreprises et les collectivités.",
                      start: at(meetingDay, "10:45"), end: at(meetingDay, "12:15"), room: "Salle 1", capacity: 20, theme: "filieres-du-reemploi"),
                .init(kind: .solutionWorkshop, title: "Mobilité : lever le frein du permis", summary: "Auto-écoles sociales, aides au financement, covoiturage : ce qui marche sur le territoire.",
                      start: at(meetingDay, "10:45"), end: at(meetingDay, "12:15"), room: "Salle 2", capacity: 20, theme: "outils-d-accompagnement-et-freins"),
                .init(kind: .solutionWorkshop, title: "Répondre en groupement momentané d’entreprises", summary: "Un atelier pratique, en très petit groupe, sur un vrai dossier de consultation.",
                      start: at(meetingDay, "14:00"), end: at(meetingDay, "15:30"), room: "Salle 3", capacity: 2, theme: "clauses-et-achat-public"),
                .init(kind: .solutionWorkshop, title: "Recruter sur les compétences plutôt que sur le CV", summary: "Mises en situation, immersions, méthodes de recrutement sans CV.",
                      start: at(meetingDay, "15:45"), end: at(meetingDay, "17:00"), room: "Salle 1", capacity: 15, theme: "diversite-dans-le-recrutement"),
            ]),
            organisers: [steward], by: try await user("dreets"), gazetteer: gazetteer, on: app.db, now: now)

        // The afternoon workshop is full: the structure and the partner took its two seats.
        guard let sessions = try await EventStore.event(meeting, on: app.db)?.sessions else { return }
        let plenary = sessions[0].id, reuse = sessions[1].id, groups = sessions[3].id
        for (local, picks) in [("structure", [plenary, reuse, groups]), ("partenaire", [plenary, groups]), ("acheteur", [plenary, reuse])] {
            guard let id = try await user(local) else { continue }
            _ = try await RegistrationFlows.register(event: meeting, sessions: picks, by: .init(id: id, email: "\(local)@\(DemoAccounts.domain)", address: nil), on: app.db, now: now)
        }
        let webinarSession = try await EventStore.sessions(of: webinar, on: app.db).map(\.id)
        for local in ["structure2", "acheteur"] {
            guard let id = try await user(local) else { continue }
            _ = try await RegistrationFlows.register(event: webinar, sessions: webinarSession, by: .init(id: id, email: "\(local)@\(DemoAccounts.domain)", address: nil), on: app.db, now: now)
        }
        app.logger.info("Demo events loaded", metadata: ["events": "2"])
    }
}
