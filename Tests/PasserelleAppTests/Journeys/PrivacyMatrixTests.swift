import Foundation
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleJourneys
@testable import PasserellePlatform

/// Every journey route and API operation, as every demo role, a member of another structure and
/// a visitor: only the person's structure reads or writes the record, and the person's name shows
/// on no other page of the platform, search and CSV included.
@Suite("Journeys: the privacy matrix")
struct PrivacyMatrixTests {
    /// A name found nowhere else, so that any page that shows it leaks the record.
    static let secret = (first: "Zéphyrine", last: "Confidentielle")

    /// The ACI's person with the secret name, a barrier, an action, an hours share and a shared
    /// journey with a third structure; the values of every route parameter.
    static func fixture(_ app: Application) async throws -> [String: String] {
        let member = try await Persona.structure.browser(app)
        let structure = try await Persona.structure.structureID(app)
        let referent = try await Persona.structure.userID(app)
        try await member.get("/parcours/personnes/nouvelle")
        let created = try await member.post("/parcours/personnes/nouvelle", [
            ("structure", structure.uuidString), ("first_name", secret.first), ("last_name", secret.last), ("birth_date", "1990-05-04"), ("commune_q", "Lille"),
            ("commune", "59350"), ("preference", "referent"), ("referent", referent.uuidString), ("consent", "1"),
        ])
        let location = try #require(created.headers.first(name: .location))
        let person = try #require(UUID(uuidString: String(location.split(separator: "/").last!.prefix(36))))
        try await member.get(location)
        #expect(try await member.post("/parcours/personnes/\(person.uuidString.lowercased())/freins", [("category", "mobilite")]).status == .seeOther)
        #expect(try await member.post("/parcours/personnes/\(person.uuidString.lowercased())/actions", [("title", "Code de la route"), ("kind", "action")]).status == .seeOther)
        let barrier = try #require(try await PlanStore.barriers(of: person, on: app.db).first?.id)
        let action = try #require(try await PlanStore.actions(of: person, on: app.db).first?.id)
        let (need, month, _) = try await PersonHoursTests.wonNeed(app, hours: 10)
        try await member.get("/parcours/heures")
        #expect(try await member.post("/parcours/heures", [("month", PersonHoursStore.key(need, month)), ("person", person.uuidString), ("hours", "4")]).status == .seeOther)
        let hours = try #require(try await PersonHoursStore.shares(of: person, on: app.db).first?.id)
        // A journey shared with a structure none of the personas belongs to.
        let ei = try await Persona.structure2.structureID(app)
        let third = try #require(try await app.db.sql.raw("SELECT id FROM structures WHERE id NOT IN (\(bind: structure), \(bind: ei)) LIMIT 1")
            .first(decodingColumn: "id", as: UUID.self))
        let stored = try #require(try await PeopleStore.person(person, on: app.db))
        try await PersonShareStore.start(.sharedJourney, person: stored, to: third, toName: "Structure tierce", note: nil,
                                         by: SignedInUser(id: referent, name: "Référent", email: Persona.structure.email), address: nil, on: app.db)
        let share = try #require(try await PersonShareStore.shares(of: person, on: app.db).first?.id)
        return ["id": person.uuidString.lowercased(), "barrier": barrier.uuidString.lowercased(), "action": action.uuidString.lowercased(),
                "hours": hours.uuidString.lowercased(), "share": share.uuidString.lowercased(), "structure": structure.uuidString.lowercased()]
    }

    static func path(_ route: Route, _ values: [String: String]) -> String {
        let isHours = route.path.first { $0.description == "heures" } != nil
        return "/" + route.path.map { component -> String in
            guard case .parameter(let name) = component else { return component.description }
            return (name == "share" && isHours ? values["hours"] : values[name]) ?? UUID().uuidString.lowercased()
        }.joined(separator: "/")
    }

    static func leaks(_ response: TestingHTTPResponse) -> Bool {
        let text = response.body.text
        return text.contains(secret.last) || text.contains(secret.first)
    }

    /// A search page repeats what was searched: only the rest of the record counts there.
    static func leaksBeyondQuery(_ response: TestingHTTPResponse) -> Bool {
        response.body.text.contains(secret.first)
    }

    @Test func onlyThePersonsStructureReadsOrWritesAnyOfItsRoutes() async throws {
        try await withPasserelle(.demo) { app in
            let values = try await Self.fixture(app)
            let routes = app.routes.all.filter { route in
                let path = route.path.map(\.description).joined(separator: "/")
                return path.hasPrefix("parcours/") && !path.hasPrefix("parcours/regles") && (route.method == .GET || route.method == .POST)
            }
            #expect(routes.count >= 30, "\(routes.count) journey routes")
            let visitor = Browser(app)
            try await visitor.get("/connexion")
            var checked = 0
            for persona in [Persona.admin, .structure2, .buyer, .partner, .facilitator, .steward] {
                let browser = try await persona.browser(app)
                try await browser.get("/")
                for route in routes {
                    let path = Self.path(route, values)
                    let response = route.method == .GET ? try await browser.get(path) : try await browser.post(path, [("structure", values["structure"]!)])
                    // Another structure's member lists their own people (200); nobody gets the record.
                    #expect([.ok, .forbidden, .notFound, .seeOther, .unprocessableEntity].contains(response.status), "\(persona) \(route.method) \(path): \(response.status)")
                    #expect(!Self.leaks(response), "\(persona) \(route.method) \(path) shows the person")
                    if route.method == .POST { #expect(response.status == .forbidden || response.status == .notFound, "\(persona) POST \(path): \(response.status)") }
                    if persona != .structure2 && route.method == .GET { #expect(response.status == .forbidden || response.status == .notFound, "\(persona) GET \(path)") }
                    checked += 1
                }
            }
            for route in routes {
                let path = Self.path(route, values)
                let response = route.method == .GET ? try await visitor.get(path) : try await visitor.post(path, [])
                #expect(response.status == .seeOther && response.headers.first(name: .location)?.hasPrefix("/connexion") == true, "visitor \(route.method) \(path)")
            }
            // The structure itself reads its record: the matrix would not see a leak that never renders.
            let owner = try await Persona.structure.browser(app)
            #expect(Self.leaks(try await owner.get("/parcours/personnes/\(values["id"]!)")))
            let peopleCSV = try await owner.get("/parcours/personnes.csv"), hoursCSV = try await owner.get("/parcours/heures.csv")
            #expect(Self.leaks(peopleCSV) && Self.leaks(hoursCSV))
            #expect(checked == routes.count * 6)

            // The API: a token of anyone but the structure's members gets nothing of it.
            let person = values["id"]!, structure = values["structure"]!
            let operations = ["/api/v1/people?structure=\(structure)", "/api/v1/people?q=Confidentielle", "/api/v1/people/\(person)",
                              "/api/v1/people/\(person)/timeline", "/api/v1/structures/\(structure)/journey-stats"]
            for path in operations { #expect(try await API.get(app, path).status == .unauthorized, "visitor \(path)") }
            for persona in [Persona.admin, .structure2, .buyer, .partner, .facilitator, .steward] {
                let token = try await persona.token(app)
                for path in operations {
                    let response = try await API.get(app, path, token: token)
                    #expect(!Self.leaks(response), "\(persona) \(path)")
                    #expect(response.status != .internalServerError && (response.status != .ok || path.contains("q=")), "\(persona) \(path): \(response.status)")
                }
            }
            #expect(Self.leaks(try await API.get(app, "/api/v1/people/\(person)", token: try await Persona.structure.token(app))))
        }
    }

    @Test func theNameShowsOnNoOtherPageOfThePlatform() async throws {
        try await withPasserelle(.demo) { app in
            _ = try await Self.fixture(app)
            // Every page without a parameter, as every role but the structure's, and the searches by the name.
            let pages = app.routes.all.filter { $0.method == .GET && !$0.path.contains { if case .parameter = $0 { true } else { false } } }
                .map { "/" + $0.path.map(\.description).joined(separator: "/") }
                .filter { (!$0.hasPrefix("/api/") || $0 == "/api/openapi.json") && $0 != "/deconnexion" }
            let searches = ["/structures?q=Confidentielle", "/services?q=Confidentielle", "/connaissances?q=Confidentielle", "/besoins?q=Confidentielle",
                            "/evenements?q=Confidentielle", "/api/v1/structures?q=Confidentielle", "/api/v1/services?q=Confidentielle"]
            for persona in [Persona?.none, .admin, .structure2, .buyer, .partner, .facilitator, .steward] {
                let browser = try await persona?.browser(app) ?? Browser(app)
                for path in pages + searches {
                    let response = try await browser.get(path)
                    #expect(response.status != .internalServerError, "\(persona?.rawValue ?? "visitor") \(path)")
                    let leaked = searches.contains(path) ? Self.leaksBeyondQuery(response) : Self.leaks(response)
                    #expect(!leaked, "\(persona?.rawValue ?? "visitor") \(path) shows the person")
                }
            }
            // The check reads what it should: the structure's own list shows the first name.
            #expect(Self.leaksBeyondQuery(try await Persona.structure.browser(app).get("/parcours/personnes?q=Confidentielle")))
        }
    }
}
