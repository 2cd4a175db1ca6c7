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

@Suite("Purchasing: the buyer's step-by-step form")
struct NeedFormTests {
    @Test func aBuyerWritesANeedStepByStepWithAReservedLotAndSubmitsIt() async throws {
        try await withPasserelle(.demo) { app in
            #expect(try await Browser(app).get("/besoins/nouveau").status == .seeOther)
            #expect(try await Persona.structure.browser(app).get("/besoins/nouveau").status == .forbidden)
            let buyer = try await Persona.buyer.browser(app)
            try await buyer.get("/besoins/nouveau")
            let empty = try await buyer.post("/besoins/nouveau", [("kind", "appel-d-offres"), ("title", "")])
            #expect(empty.status == .unprocessableEntity)
            #expect(empty.body.text.contains("Le titre doit compter de 5 à 200 caractères"))

            let created = try await buyer.post("/besoins/nouveau", [("kind", "appel-d-offres"), ("title", "Propreté et espaces verts du stade d’Arras"),
                                                                     ("description", "Nettoyage des vestiaires et tonte des terrains, d’avril à octobre.")])
            #expect(created.status == .seeOther)
            let step2 = try #require(created.headers.first(name: .location))
            #expect(step2.hasSuffix("/modifier/2"))
            let base = String(step2.dropLast("/2".count))
            let id = try #require(UUID(uuidString: String(base.dropFirst("/besoins/".count).prefix(36))))
            #expect(try await NeedStore.need(id: id, on: app.db)?.state == .draft)

            // Step 2: the commune typed without picking it from the list is understood.
            try await buyer.get(step2)
            let unknown = try await buyer.post(step2, [("where", "commune"), ("place_q", "Xyzzyville")])
            #expect(unknown.status == .unprocessableEntity && unknown.body.text.contains("Aucune commune ne correspond"))
            #expect(try await buyer.post(step2, [("where", "commune"), ("place_q", "Arras"), ("radius_km", "20"), ("sector", "nettoyage-de-locaux-16")]).status == .seeOther)
            let target = try #require(try await NeedStore.need(id: id, on: app.db)).content
            #expect(target.location == .place(communeCode: "62041", radiusKm: 20))

            // Step 3: a lot reserved to SIAE, and a lot with insertion hours; "Ajouter un lot" keeps what was typed.
            try await buyer.get(base + "/3")
            let added = try await buyer.post(base + "/3", [("lot_count", "1"), ("lot-1-title", "Vestiaires"), ("lot-1-sector", "nettoyage-de-locaux-16"),
                                                           ("lot-1-clause", "reserved_siae"), ("action", "add-lot")])
            #expect(added.status == .ok && added.body.text.contains("Lot 2"))
            let noHours = try await buyer.post(base + "/3", [("lot_count", "2"), ("lot-1-title", "Vestiaires"), ("lot-1-sector", "nettoyage-de-locaux-16"),
                                                             ("lot-1-clause", "reserved_siae"), ("lot-2-title", "Terrains"), ("lot-2-sector", "creation-et-entretien-des-espaces-verts"),
                                                             ("lot-2-clause", "insertion_hours"), ("lot-2-hours", "beaucoup")])
            #expect(noHours.status == .unprocessableEntity && noHours.body.text.contains("nombre entier"))
            #expect(try await buyer.post(base + "/3", [("lot_count", "2"), ("lot-1-title", "Vestiaires"), ("lot-1-sector", "nettoyage-de-locaux-16"),
                                                       ("lot-1-clause", "reserved_siae"), ("lot-2-title", "Terrains"), ("lot-2-sector", "creation-et-entretien-des-espaces-verts"),
                                                       ("lot-2-clause", "insertion_hours"), ("lot-2-hours", "600")]).status == .seeOther)

            // Step 4: a deadline in the past is refused, then the terms are saved.
            try await buyer.get(base + "/4")
            let past = try await buyer.post(base + "/4", [("deadline", "2020-01-01")])
            #expect(past.status == .unprocessableEntity && past.body.text.contains("La date limite de réponse est passée"))
            #expect(try await buyer.post(base + "/4", [("amount", "40k-100k"), ("deadline", "2099-03-01"), ("contact_name", "Service des sports"),
                                                       ("answer_channel", "email"), ("answer_address", "sports@arras.example"),
                                                       ("questions", "Pouvez-vous intervenir le week-end ?\n\n")]).status == .seeOther)

            // Step 5: how many structures match, then submission.
            let review = try await buyer.get(base + "/5").body.text
            #expect(review.contains("structures inclusives correspondent") || review.contains("structure inclusive correspond"))
            #expect(review.contains("Soumettre le besoin"))
            let saved = try #require(try await NeedStore.need(id: id, on: app.db)).content
            #expect(saved.lots.map(\.title) == ["Vestiaires", "Terrains"])
            #expect(saved.lots[0].clauses == [Clause(kind: .reservedSIAE)])
            #expect(saved.insertionHours == 600)
            #expect(saved.questions == ["Pouvez-vous intervenir le week-end ?"])
            #expect(try await buyer.post("/besoins/\(id.uuidString.lowercased())/soumettre", []).status == .seeOther)
            #expect(try await NeedStore.need(id: id, on: app.db)?.state == .submitted)
            // Submitted: no more editing.
            #expect(try await buyer.get(base + "/1").status == .conflict)
            // Each save is recorded: steps 2, 3 (twice: adding a lot saves too) and 4.
            #expect(try await Audit.entries(action: .needEdited, on: app.db).count == 4)
        }
    }
}
