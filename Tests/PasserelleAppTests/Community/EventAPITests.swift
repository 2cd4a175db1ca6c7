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

@Suite("Community: the events API")
struct EventAPITests {
    static func register(_ app: Application, event: UUID, sessions: [UUID], token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        let body = #"{"sessions": [\#(sessions.map { "\"\($0.uuidString.lowercased())\"" }.joined(separator: ", "))]}"#
        return try await API.postJSON(app, "/api/v1/events/\(event.uuidString.lowercased())/registrations", body, headers: headers)
    }

    @Test func theAgendaReadsInTheDirectorysListShapeWithTheSameFilters() async throws {
        try await withPasserelle(.demo) { app in
            let page = try await app.get("/api/v1/events").json
            #expect(page["total"].int == 2 && page["page"].int == 1 && page["size"].int == 20 && page["pages"].int == 1)
            let meeting = try #require(page["items"].array.first { $0["title"].string == "Rencontre de l’inclusion du Pas-de-Calais (démo)" })
            #expect(meeting["kind"].string == "rencontre-regionale" && meeting["commune"]["name"].string == "Arras" && meeting["departement"].string == "62")
            #expect(meeting["capacity"].int == 120 && meeting["remaining_seats"].int == 117 && meeting["online"].bool == false)
            #expect(meeting["organisers"][0]["name"].string == "DREETS Hauts-de-France (démo)")

            let may2023 = try await app.get("/api/v1/events?from=2023-05-04&to=2023-05-04&theme=filieres-du-reemploi&kind=rencontre-regionale&departement=59").json
            let meetingTitle = try Meeting2023.files(app).event.title
            #expect(may2023["total"].int == 1 && may2023["items"][0]["title"].string == meetingTitle)
            #expect(try await app.get("/api/v1/events?kind=webinaire").json["total"].int == 1)

            let bad = try await app.get("/api/v1/events?kind=kermesse&departement=999&from=hier")
            #expect(bad.status == .badRequest)
            let reason = try #require(try bad.json["reason"].string)
            #expect(reason.contains("Type d’événement inconnu") && reason.contains("Département inconnu") && reason.contains("AAAA-MM-JJ"))

            let id = try #require(meeting["id"].string)
            let detail = try await app.get("/api/v1/events/\(id)").json
            let sessions = detail["sessions"].array
            #expect(sessions.count == 5)
            let full = try #require(sessions.first { $0["title"].string == "Répondre en groupement momentané d’entreprises" })
            #expect(full["capacity"].int == 2 && full["remaining_seats"].int == 0 && full["waiting"].int == 0)
            #expect(try await app.get("/api/v1/events/\(UUID().uuidString)").status == .notFound)
            #expect(try await app.get("/api/v1/events/pas-un-id").status == .badRequest)

            let ics = try await app.get("/api/v1/events.ics")
            #expect(ics.status == .ok && ics.body.text.contains("BEGIN:VCALENDAR"))
        }
    }

    @Test func registeringAndCancellingWithATokenMovesTheWaitingListUp() async throws {
        try await withPasserelle(.demo) { app in
            let (id, sessions) = try await EventTests.meeting(app)
            let groups = try #require(sessions["Répondre en groupement momentané d’entreprises"]), plenary = try #require(sessions["Plénière d’ouverture"])
            #expect(try await Self.register(app, event: id, sessions: [groups], token: nil).status == .unauthorized)

            let facilitator = try await Persona.facilitator.token(app)
            let bad = try await Self.register(app, event: id, sessions: [], token: facilitator)
            let badReason = try bad.json["reason"].string ?? ""
            #expect(bad.status == .badRequest && badReason.contains("au moins une session"))
            #expect(try await Self.register(app, event: UUID(), sessions: [groups], token: facilitator).status == .notFound)

            let waiting = try await Self.register(app, event: id, sessions: [plenary, groups], token: facilitator)
            #expect(waiting.status == .created)
            let body = try waiting.json
            #expect(body["state"].string == "inscrit")
            let groupChoice = try #require(body["sessions"].array.first { $0["session"].string == groups.uuidString.lowercased() })
            #expect(groupChoice["state"].string == "liste-d-attente" && groupChoice["position"].int == 1)
            let twice = try await Self.register(app, event: id, sessions: [plenary], token: facilitator)
            let twiceReason = try twice.json["reason"].string ?? ""
            #expect(twice.status == .conflict && twiceReason.contains("déjà inscrit"))

            // The partner cancels with their token: the facilitator gets the seat.
            let partner = try await Persona.partner.token(app)
            let partnerRegistration = try #require(try await EventStore.registration(of: try await EventTests.user(app, "partenaire"), event: id, on: app.db))
            var headers = HTTPHeaders()
            headers.bearerAuthorization = BearerAuthorization(token: facilitator)
            let notTheirs = try await app.testing().sendRequest(.DELETE, "/api/v1/registrations/\(partnerRegistration.id.uuidString.lowercased())", headers: headers)
            #expect(notTheirs.status == .forbidden)
            headers.bearerAuthorization = BearerAuthorization(token: partner)
            let cancelled = try await app.testing().sendRequest(.DELETE, "/api/v1/registrations/\(partnerRegistration.id.uuidString.lowercased())", headers: headers)
            let cancelledState = try cancelled.json["state"].string
            #expect(cancelled.status == .ok && cancelledState == "annule")
            #expect(try await EventTests.state(app, user: "facilitateur@demo.passerelle.test", session: groups) == "inscrit")
            let again = try await app.testing().sendRequest(.DELETE, "/api/v1/registrations/\(partnerRegistration.id.uuidString.lowercased())", headers: headers)
            #expect(again.status == .conflict)
        }
    }

    @Test func parallelAPIRequestsForTheLastSeatsNeverExceedThem() async throws {
        try await withPasserelle(.demo) { app in
            let start = Date().addingTimeInterval(5 * 86_400)
            let event = try await EventWriter.create(EventPlan(
                kind: .webinar, title: "Webinaire à cinq places", summary: "Test.", start: start, end: start.addingTimeInterval(3_600), onlineURL: "https://visio.exemple.test",
                capacity: 5, waitingList: false, themes: [],
                sessions: [.init(kind: .webinar, title: "Webinaire", summary: "", start: start, end: start.addingTimeInterval(3_600))]),
                organisers: [], by: nil, gazetteer: try app.platform.reference.gazetteer, on: app.db)
            let session = try #require(try await EventStore.sessions(of: event, on: app.db).first).id
            var tokens: [String] = []
            for index in 0..<16 {
                let email = try #require(EmailAddress("api-\(index)@exemple.test"))
                let user = try await AccountQueries.create(SignUp(name: "Personne \(index)", email: email, password: "x", profile: .structure), passwordHash: "x", on: app.db)
                tokens.append(try await APITokens.create(for: user, email: email.value, name: "essai", address: nil, on: app.db).token)
            }
            let statuses = try await withThrowingTaskGroup(of: HTTPStatus.self) { group in
                for token in tokens {
                    group.addTask { try await Self.register(app, event: event, sessions: [session], token: token).status }
                }
                var all: [HTTPStatus] = []
                for try await status in group { all.append(status) }
                return all
            }
            #expect(statuses.filter { $0 == .created }.count == 5)
            #expect(statuses.filter { $0 == .conflict }.count == 11)
            #expect(try await EventStore.row(event, on: app.db)?.taken == 5)
        }
    }
}
