import Foundation
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Purchasing: what a need tells to whom")
struct NeedPrivacyTests {
    /// The buyer's contact is for the inclusive structures (as the form promises), the buyer and
    /// the moderators; how many structures answered is for the buyer and the moderators.
    @Test func theContactAndTheAnswersAreForThoseEntitled() async throws {
        try await withPasserelle(.demo) { app in
            let id = try await Factories.publishedNeed(app)
            let page = "/besoins/\(id.uuidString.lowercased())"
            for (who, seesContact) in [(Persona.structure, true), (.buyer, true), (.facilitator, true), (.steward, true), (.partner, false)] {
                let html = try await who.browser(app).get(page).body.text
                #expect(html.contains("achats@demoville.example") == seesContact, "\(who) sees the contact: \(seesContact)")
                if !seesContact { #expect(html.contains("réservé aux membres des structures inclusives"), "\(who)") }
                let token = try await who.token(app)
                let json = try await API.get(app, "/api/v1/needs/\(id.uuidString)", token: token).json
                #expect(json["contact"].isNull == !seesContact, "\(who) in the API")
            }
            #expect(!(try await Browser(app).get(page).body.text.contains("achats@demoville.example")))

            // The demo structure says it is interested: the count is the buyer's and the moderators'.
            let structure = try await Persona.structure.browser(app)
            try await structure.get(page)
            let aci = try await Persona.structure.structureID(app)
            #expect(try await structure.post(page + "/reponse", [("structure", aci.uuidString), ("stance", "interessee"), ("response-1", "Oui, sur Lille.")]).status == .seeOther)
            for (who, status) in [(Persona.partner, HTTPStatus.forbidden), (.structure, .forbidden), (.buyer, .ok), (.facilitator, .ok)] {
                let cancel = try await who.browser(app).get(page + "/annuler")
                #expect(cancel.status == status, "\(who): \(cancel.status)")
                #expect(cancel.body.text.contains("Une structure s’est déjà dite intéressée") == (status == .ok), "\(who)")
            }
        }
    }

    /// In the API too, who may answer comes before what the body says.
    @Test func theAnswerAPIRefusesTheWrongRoleBeforeReadingTheBody() async throws {
        try await withPasserelle(.demo) { app in
            let id = try await Factories.publishedNeed(app)
            let partner = try await Persona.partner.token(app)
            let tooLong = #"{"stance": "interessee", "comment": "\#(String(repeating: "x", count: 3000))"}"#
            #expect(try await API.answer(app, need: id, tooLong, token: partner).status == .forbidden)
            #expect(try await API.answer(app, need: UUID(), tooLong, token: partner).status == .forbidden)
            let structure = try await Persona.structure.token(app)
            #expect(try await API.answer(app, need: id, tooLong, token: structure).status == .badRequest)
        }
    }
}
