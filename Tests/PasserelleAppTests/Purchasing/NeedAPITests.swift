import Foundation
@testable import PasserelleAccounts
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Purchasing: needs through the API")
struct NeedAPITests {
    @Test func aBuyerSavesADraftThenSubmitsAndOnlyThenCanItBeSeen() async throws {
        try await withPasserelle(.demo) { app in
            #expect(try await API.postNeed(app, Factories.completeNeed, token: nil).status == .unauthorized)
            let structure = try await Persona.structure.token(app)
            let refused = try await API.postNeed(app, Factories.completeNeed, token: structure)
            #expect(refused.status == .forbidden)
            #expect(try refused.json["reason"].string?.contains("organisation d’acheteur") == true)

            let buyer = try await Persona.buyer.token(app)
            let draft = try await API.postNeed(app, #"{"kind": "sourcing", "title": "Espaces verts du collège"}"#, token: buyer)
            #expect(draft.status == .created)
            #expect(try draft.json["state"].string == "brouillon")
            #expect(try draft.json["place"].string == "Lieu à préciser")

            let incomplete = try await API.postNeed(app, #"{"kind": "appel-d-offres", "title": "Nettoyage", "submit": true, "deadline": "2020-01-01"}"#, token: buyer)
            #expect(incomplete.status == .badRequest)
            let reason = try #require(try incomplete.json["reason"].string)
            #expect(reason.contains("La date limite de réponse est passée") && reason.contains("Choisissez au moins un secteur"))

            let submitted = try await API.postNeed(app, Factories.completeNeed, token: buyer)
            #expect(submitted.status == .created)
            let body = try submitted.json
            #expect(body["state"].string == "soumis")
            #expect(body["insertion_hours"].int == 1200)
            #expect(body["clauses"].array.compactMap(\.string) == ["reserved_siae", "insertion_hours"])
            #expect(body["place"].string == "Lille (59350)")
            #expect(body["deadline"].string == "2099-01-15")
            let id = try #require(body["id"].string)

            // Submitted, not yet published: the public sees nothing; the buyer sees it with status.
            #expect(try await API.get(app, "/api/v1/needs").json["total"].int == 0)
            #expect(try await API.get(app, "/api/v1/needs/\(id)").status == .notFound)
            #expect(try await API.get(app, "/api/v1/needs?status=soumis").status == .unauthorized)
            let mine = try await API.get(app, "/api/v1/needs?status=soumis", token: buyer).json
            #expect(mine["total"].int == 1 && mine["items"][0]["id"].string == id)
            let own = try await API.get(app, "/api/v1/needs/\(id)", token: buyer).json
            #expect(own["contact"]["answer_address"].string == "https://marches.demoville.example/42")
            #expect(own["questions"][0].string == "Vos références en nettoyage de bureaux ?")
            #expect(try await API.get(app, "/api/v1/needs/\(id)", token: structure).status == .notFound)

            // Every step is recorded with who and when.
            let events = try await app.db.sql.select().column("to_state").from("need_events")
                .where("need_id", .equal, SQLBind(UUID(uuidString: id)!)).all(decodingColumn: "to_state", as: String.self)
            #expect(Set(events) == ["brouillon", "soumis"])
            #expect(try await Audit.entries(action: .needCreated, on: app.db).count == 2)
            #expect(try await Audit.entries(action: .needTransition, on: app.db).count == 1)
        }
    }

    @Test func aTrustedBuyersNeedIsPublishedAtOnceAndListedWithFilters() async throws {
        try await withPasserelle(.demo) { app in
            try await OrganisationQueries.trustBuyer(try await Persona.buyer.organisationID(app), on: app.db)
            let buyer = try await Persona.buyer.token(app)
            let published = try await API.postNeed(app, Factories.completeNeed, token: buyer)
            #expect(try published.json["state"].string == "publie")
            let id = try #require(try published.json["id"].string)

            for query in ["", "?sector=nettoyage-de-locaux-16", "?departement=59", "?region=32", "?clause=insertion_hours", "?kind=appel-d-offres"] {
                #expect(try await API.get(app, "/api/v1/needs\(query)").json["total"].int == 1, "\(query)")
            }
            for query in ["?sector=restauration", "?departement=62", "?clause=reserved_stpa", "?kind=sourcing"] {
                #expect(try await API.get(app, "/api/v1/needs\(query)").json["total"].int == 0, "\(query)")
            }
            // A visitor reads the need without the buyer's contact.
            let visitor = try await API.get(app, "/api/v1/needs/\(id)").json
            #expect(visitor["title"].string == "Nettoyage des locaux de la mairie de Lille")
            #expect(visitor["contact"].isNull)
            #expect(try await API.get(app, "/api/v1/needs/pas-un-uuid").status == .badRequest)
            #expect(try await API.get(app, "/api/v1/needs?page=0").status == .badRequest)
            #expect(try await API.get(app, "/api/v1/needs?sector=\(String(repeating: "0", count: 201))").status == .badRequest)
        }
    }

    @Test func thePreviewPathIsNotANeed() async throws {
        try await withPasserelle(.reference) { app in
            let get = try await app.get("/api/v1/needs/match-preview")
            #expect(get.status == .methodNotAllowed && get.headers.first(name: .allow) == "POST")
            let options = try await app.testing().sendRequest(.OPTIONS, "/api/v1/needs/match-preview")
            #expect(options.status == .methodNotAllowed && options.headers.first(name: .allow) == "POST")
            let needs = try await app.testing().sendRequest(.OPTIONS, "/api/v1/needs/4c1d6a3e-0000-4000-8000-000000000000")
            #expect(needs.headers.first(name: .allow) == "GET, HEAD")
        }
    }
}
