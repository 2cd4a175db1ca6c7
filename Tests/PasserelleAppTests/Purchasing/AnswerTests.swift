import Foundation
import PasserelleCore
@testable import PasserellePurchasing
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Purchasing: answers of structures")
struct AnswerTests {
    @Test func aStructureAnswersOnceThroughTheAPIAndTheBuyerSeesTheFunnel() async throws {
        try await withPasserelle(.demo) { app in
            let id = try await Factories.publishedNeed(app)
            let structure = try await Persona.structure.token(app)
            let interested = #"{"stance": "interessee", "responses": ["Trois sites de bureaux à Lille depuis 2019."], "comment": "Équipe disponible."}"#

            #expect(try await API.answer(app, need: id, interested, token: nil).status == .unauthorized)
            let missing = try await API.answer(app, need: id, #"{"stance": "interessee"}"#, token: structure)
            #expect(missing.status == .badRequest)
            #expect(try missing.json["reason"].string?.contains("Répondez à la question 1") == true)
            let noReason = try await API.answer(app, need: id, #"{"stance": "pas-interessee"}"#, token: structure)
            #expect(noReason.status == .badRequest)

            let first = try await API.answer(app, need: id, interested, token: structure)
            #expect(first.status == .created)
            #expect(try first.json["stance"].string == "interessee")
            // Sent twice: still one answer, changed.
            let again = try await API.answer(app, need: id, #"{"stance": "pas-interessee", "reason": "pas-disponible"}"#, token: structure)
            #expect(again.status == .ok)
            let count = try await app.db.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("need_answers")
                .first(decodingColumn: "n", as: Int.self)
            #expect(count == 1)
            #expect(try await Audit.entries(action: .needAnswered, on: app.db).count == 2)

            // Only the buyer (and the territory's moderators) read the answers.
            let buyer = try await Persona.buyer.token(app)
            let answers = try await API.get(app, "/api/v1/needs/\(id.uuidString.lowercased())/answers", token: buyer).json
            #expect(answers["funnel"]["not_interested"].int == 1 && answers["funnel"]["interested"].int == 0)
            #expect(answers["funnel"]["seen"].int == 1)
            #expect(answers["items"][0]["reason"].string == "pas-disponible")
            #expect(try await API.get(app, "/api/v1/needs/\(id.uuidString.lowercased())/answers", token: structure).status == .forbidden)
            let facilitator = try await Persona.facilitator.token(app)
            #expect(try await API.get(app, "/api/v1/needs/\(id.uuidString.lowercased())/answers", token: facilitator).status == .ok)
        }
    }

    @Test func onlyEligibleStructuresAnswerAndOnlyWhileTheNeedIsOpen() async throws {
        try await withPasserelle(.demo) { app in
            // A need reserved to STPA: the demo ACI is not admitted.
            let stpa = Factories.completeNeed.replacingOccurrences(of: #"{"kind": "reserved_siae"}"#, with: #"{"kind": "reserved_stpa"}"#)
            let id = try await Factories.publishedNeed(app, stpa)
            let structure = try await Persona.structure.token(app)
            let body = #"{"stance": "interessee", "responses": ["Oui."]}"#
            let refused = try await API.answer(app, need: id, body, token: structure)
            #expect(refused.status == .forbidden)
            #expect(try refused.json["reason"].string?.contains("ne correspond pas à ce besoin") == true)
            let buyer = try await Persona.buyer.token(app)
            #expect(try await API.answer(app, need: id, body, token: buyer).status == .forbidden)
            #expect(try await API.answer(app, need: UUID(), body, token: structure).status == .notFound)

            // Closed: no more answers.
            let open = try await Factories.publishedNeed(app, Factories.completeNeed.replacingOccurrences(of: "mairie de Lille", with: "crèche de Lomme"))
            try await NeedStore.record((from: .published, to: .awarded), of: open, by: nil, actor: "essai", on: app.db)
            let closed = try await API.answer(app, need: open, body, token: structure)
            #expect(closed.status == .conflict)
            #expect(try closed.json["reason"].string?.contains("n’attend plus de réponses") == true)
        }
    }

    @Test func thePagesTakeAModeratorsDecisionAndAStructuresAnswer() async throws {
        try await withPasserelle(.demo) { app in
            let buyerToken = try await Persona.buyer.token(app)
            let submitted = try await API.postNeed(app, Factories.completeNeed, token: buyerToken)
            let id = try #require(try submitted.json["id"].string)
            let page = "/besoins/\(id)"

            // Not published yet: the public does not see it; the facilitator of the Nord does.
            #expect(try await Browser(app).get(page).status == .notFound)
            let facilitator = try await Persona.facilitator.browser(app)
            #expect(try await facilitator.get("/besoins/a-valider").body.text.contains("Nettoyage des locaux de la mairie de Lille"))
            #expect(try await facilitator.get(page).body.text.contains("Publier le besoin"))
            // Refusing needs a message.
            let empty = try await facilitator.post(page + "/refuser", [("message", "  ")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.text.contains("le message est obligatoire"))
            // A buyer cannot publish its own need.
            let buyer = try await Persona.buyer.browser(app)
            try await buyer.get(page)
            #expect(try await buyer.post(page + "/publier", []).status == .forbidden)
            // Without the form's token, nothing happens.
            #expect(try await facilitator.post(page + "/publier", [], withToken: false).status == .forbidden)
            try await facilitator.get(page)
            let published = try await facilitator.post(page + "/publier", [])
            #expect(published.status == .seeOther)
            await app.dissemination.run(app)

            // A visitor sees it without the contact; the structure sees it in its inbox and answers.
            let visitor = try await Browser(app).get(page).body.text
            #expect(visitor.contains("Connectez-vous") && !visitor.contains("achats@demoville.example"))
            #expect(try await Browser(app).get("/besoins").body.text.contains("Nettoyage des locaux de la mairie de Lille"))
            let structure = try await Persona.structure.browser(app)
            let aci = try await Persona.structure.structureID(app)
            let inbox = try await structure.get(Links.opportunities(aci)).body.text
            #expect(inbox.contains("1 opportunité non lue") && inbox.contains("Nouveau"))
            let form = try await structure.get(page).body.text
            #expect(form.contains("Répondre pour") && form.contains("achats@demoville.example"))
            #expect(try await AnswerStore.unreadCount(of: aci, on: app.db) == 0)
            let invalid = try await structure.post(page + "/reponse", [("structure", aci.uuidString), ("stance", "interessee")])
            #expect(invalid.status == .unprocessableEntity)
            #expect(invalid.body.text.contains("Répondez à la question 1"))
            let saved = try await structure.post(page + "/reponse", [("structure", aci.uuidString), ("stance", "interessee"), ("response-1", "Les bureaux de la CAF depuis 2021.")])
            #expect(saved.status == .seeOther)
            #expect(try await structure.get(Links.opportunities(aci)).body.text.contains("Votre réponse : <strong>Intéressée</strong>"))
            // Another user cannot see the inbox.
            #expect(try await buyer.get(Links.opportunities(aci)).status == .forbidden)

            // The buyer sees the answer, exports it, and closes the need.
            let view = try await buyer.get(page).body.text
            #expect(view.contains("Les bureaux de la CAF depuis 2021.") && view.contains("Intéressées"))
            let csv = try await buyer.get(page + "/reponses.csv")
            #expect(csv.headers.contentType?.subType == "csv")
            #expect(csv.body.text.contains("Les bureaux de la CAF depuis 2021."))
            #expect(try await structure.get(page + "/reponses.csv").status == .forbidden)
            let noOutcome = try await buyer.post(page + "/clore", [("outcome", "")])
            #expect(noOutcome.status == .unprocessableEntity)
            try await buyer.get(page)
            #expect(try await buyer.post(page + "/clore", [("outcome", "attribue"), ("winner", "structure:\(aci.uuidString.lowercased())")]).status == .seeOther)
            #expect(try await NeedStore.need(id: UUID(uuidString: id)!, on: app.db)?.state == .awarded)
            let events = try await NeedStore.transitions(of: UUID(uuidString: id)!, on: app.db)
            #expect(events.map(\.toState.rawValue) == ["brouillon", "soumis", "publie", "attribue"])
            #expect(events[2].actor == "Fanny Facilitatrice (démo)")
        }
    }

    @Test func aRefusedNeedGoesBackToItsBuyerWithTheMessageAndCanBeCancelled() async throws {
        try await withPasserelle(.demo) { app in
            let buyerToken = try await Persona.buyer.token(app)
            let id = try #require(try await API.postNeed(app, Factories.completeNeed, token: buyerToken).json["id"].string)
            let page = "/besoins/\(id)"
            let steward = try await Persona.steward.browser(app)
            try await steward.get(page)
            #expect(try await steward.post(page + "/refuser", [("message", "Précisez le nombre de passages par semaine.")]).status == .seeOther)
            let mail = try #require(try await Outbox.messages(to: "acheteur@demo.passerelle.test", on: app.db).first)
            #expect(mail.textBody.contains("Précisez le nombre de passages par semaine."))
            let buyer = try await Persona.buyer.browser(app)
            let view = try await buyer.get(page).body.text
            #expect(view.contains("Précisez le nombre de passages par semaine.") && view.contains("Reprendre en brouillon"))
            #expect(try await buyer.get("/mes-besoins?etat=refuse").body.text.contains("mairie de Lille"))
            // Cancelling asks first.
            let confirm = try await buyer.get(page + "/annuler")
            #expect(confirm.body.text.contains("Cette décision est définitive"))
            #expect(try await buyer.post(page + "/annuler", []).status == .seeOther)
            #expect(try await NeedStore.need(id: UUID(uuidString: id)!, on: app.db)?.state == .cancelled)
        }
    }
}
