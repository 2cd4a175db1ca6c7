import Foundation
@testable import PasserelleAccounts
import PasserelleCore
@testable import PasserellePurchasing
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Purchasing: groups, outcome and insertion hours")
struct GroupTests {
    /// A verified account that runs `structure`, logged in.
    static func member(of structure: UUID, email: String, _ app: Application) async throws -> Browser {
        let hash = try app.password.hash(DemoAccounts.password)
        let address = try #require(EmailAddress(email))
        try await app.db.retryingTransaction { database in
            let signUp = SignUp(name: "Membre \(email.prefix(8))", email: address, password: DemoAccounts.password, profile: .structure)
            let user = try await AccountQueries.create(signUp, passwordHash: hash, on: database)
            try await AccountQueries.markVerified(user, on: database)
            let organisation = try await OrganisationQueries.create(kind: .structure, name: "Équipe \(email.prefix(8))", structure: structure, on: database)
            try await OrganisationQueries.addMember(user, to: organisation, role: .admin, on: database)
        }
        return try await Browser.loggedIn(app, email: email, password: DemoAccounts.password)
    }

    @Test func aStructureStartsAGroupAnotherJoinsTheBuyerAwardsItAndHoursAreFollowed() async throws {
        try await withPasserelle(.demo) { app in
            let id = try await Factories.publishedNeed(app)
            let page = "/besoins/\(id.uuidString.lowercased())"
            let sql = app.db.sql
            let aci = try await Persona.structure.structureID(app)

            // The demo ACI answers « en groupement »: its group exists, with it as representative.
            let lead = try await Persona.structure.browser(app)
            try await lead.get(page)
            #expect(try await lead.post(page + "/reponse", [("structure", aci.uuidString), ("stance", "groupement"), ("response-1", "Avec une structure voisine.")]).status == .seeOther)
            let view = try await lead.get(page).body.text
            #expect(view.contains("Le groupement d") && view.contains("Structures à inviter"))
            let group = try #require(try await sql.select().column("id").from("need_groups").first(decodingColumn: "id", as: UUID.self))

            // A structure that does not reach Lille cannot be invited.
            let record = try #require(try await NeedStore.need(id: id, on: app.db))
            let index = try await app.directoryIndex()
            let far = try #require(index.structures.first { structure in
                structure.kind.isSIAE && GroupRules.joinProblem(structure, content: record.content, matcher: index.needMatcher)?.contains("n’intervient pas") == true
            })
            let refused = try await lead.post(page + "/groupements/\(group.uuidString.lowercased())/inviter", [("structure", far.id.uuidString)])
            #expect(refused.status == .unprocessableEntity && refused.body.text.contains("n’intervient pas sur le lieu du besoin"))

            // A suggested one is invited, and told by mail.
            let leader = try #require(index.structure(id: aci))
            let partner = try #require(GroupRules.suggestions(for: record.content, group: [leader], matcher: index.needMatcher).first?.structure)
            let invitedBrowser = try await Self.member(of: partner.id, email: "partenaire-gme@exemple.fr", app)
            try await lead.get(page)
            #expect(try await lead.post(page + "/groupements/\(group.uuidString.lowercased())/inviter", [("structure", partner.id.uuidString)]).status == .seeOther)
            #expect(try await Outbox.messages(to: "partenaire-gme@exemple.fr", on: app.db).contains { $0.subject.contains("répondre ensemble") })
            #expect(try await invitedBrowser.get(Links.opportunities(partner.id)).body.text.contains("Invitations à répondre en groupement"))
            // Only its members decide; they accept.
            try await lead.get(page)
            #expect(try await lead.post(page + "/groupements/\(group.uuidString.lowercased())/decision", [("structure", partner.id.uuidString), ("decision", "accepter")]).status == .forbidden)
            let invitation = try await invitedBrowser.get(page).body.text
            #expect(invitation.contains("Accepter de répondre ensemble"))
            #expect(try await invitedBrowser.post(page + "/groupements/\(group.uuidString.lowercased())/decision", [("structure", partner.id.uuidString), ("decision", "accepter")]).status == .seeOther)
            #expect(try await invitedBrowser.post(page + "/groupements/\(group.uuidString.lowercased())/decision", [("structure", partner.id.uuidString), ("decision", "decliner")]).status == .unprocessableEntity)
            // The representative's role goes to the partner.
            try await lead.get(page)
            #expect(try await lead.post(page + "/groupements/\(group.uuidString.lowercased())/mandataire", [("structure", partner.id.uuidString)]).status == .seeOther)
            let members = try await GroupStore.members(on: id, on: app.db)
            #expect(members.allSatisfy { $0.leadStructureID == partner.id } && members.count == 2)
            #expect(members.allSatisfy { $0.status == .accepted })
            // Each member finds the group in its opportunities, with its role.
            let partnerInbox = try await invitedBrowser.get(Links.opportunities(partner.id)).body.text
            #expect(partnerInbox.contains("Vos groupements") && partnerInbox.contains("mandataire · 2 structures"))
            let leadInbox = try await lead.get(Links.opportunities(aci)).body.text
            #expect(leadInbox.contains("Vos groupements") && leadInbox.contains("membre, avec \(partner.name) pour mandataire · 2 structures"))

            // The buyer sees the group and awards the need to it.
            let buyer = try await Persona.buyer.browser(app)
            let buyerView = try await buyer.get(page).body.text
            #expect(buyerView.contains("Groupements qui répondent") && buyerView.contains("(mandataire) avec"))
            let noWinner = try await buyer.post(page + "/clore", [("outcome", "attribue"), ("winner", "")])
            #expect(noWinner.status == .unprocessableEntity && noWinner.body.text.contains("Dites qui a remporté le marché"))
            try await buyer.get(page)
            #expect(try await buyer.post(page + "/clore", [("outcome", "attribue"), ("winner", "groupement:\(group.uuidString.lowercased())"), ("awarded_amount", "86 000")]).status == .seeOther)
            let closed = try #require(try await NeedStore.need(id: id, on: app.db))
            #expect(closed.state == .awarded && closed.award == .group(group, amount: 86_000))
            let publicView = try await Browser(app).get(page).body.text
            #expect(publicView.contains("Attribué au Groupement") && publicView.contains("86 000 €"))
            #expect(try await Browser(app).get("/besoins/attribues").body.text.contains("Nettoyage des locaux de la mairie de Lille"))
            #expect(try await Outbox.messages(to: "structure@demo.passerelle.test", on: app.db).contains { $0.subject.contains("est clos") })

            // A member of the group reports the outcome and records hours; the buyer cannot.
            let won = try await lead.get(page).body.text
            #expect(won.contains("Avez-vous remporté ce marché"))
            #expect(try await lead.post(page + "/issue", [("structure", aci.uuidString), ("outcome", "remporte")]).status == .seeOther)
            #expect(try await buyer.get(page).body.text.contains("Déclare avoir remporté le marché"))
            #expect(try await invitedBrowser.get(Links.opportunities(partner.id)).body.text.contains("Marchés remportés"))
            let month = HoursPages.currentMonth()
            try await lead.get(page)
            #expect(try await lead.post(page + "/heures", [("month", month), ("hours", "140")]).status == .seeOther)
            #expect(try await lead.post(page + "/heures", [("month", "2999-01"), ("hours", "10")]).status == .unprocessableEntity)
            try await buyer.get(page)
            #expect(try await buyer.post(page + "/heures", [("month", month), ("hours", "999")]).status == .forbidden)
            // The same month again replaces the figure.
            try await lead.get(page)
            #expect(try await lead.post(page + "/heures", [("month", month), ("hours", "150")]).status == .seeOther)
            #expect(try await HoursStore.months(of: id, on: app.db).map(\.hours) == [150])

            // The follow-up: the facilitator of the Nord and the buyer see it; others see nothing.
            let facilitator = try await Persona.facilitator.browser(app)
            let followUp = try await facilitator.get("/besoins/heures").body.text
            #expect(followUp.contains("Nettoyage des locaux de la mairie de Lille") && followUp.contains("Nord (59)"))
            let csv = try await buyer.get("/besoins/heures.csv").body.text
            #expect(csv.contains("1200;150") || csv.contains("1200,150") || csv.contains("\"1200\";\"150\""))
            #expect(try await lead.get("/besoins/heures").body.text.contains("Aucun besoin avec une clause sociale"))
        }
    }

    @Test func thePotentialPageSaysHowManyCouldAnswer() async throws {
        try await withPasserelle(.demo) { app in
            let empty = try await Browser(app).get("/besoins/potentiel").body.text
            #expect(empty.contains("Mesurer") && !empty.contains("Recommandation"))
            let result = try await Browser(app).get("/besoins/potentiel?sector=nettoyage-de-locaux-16&commune_q=Lille&radius_km=0&amount=40k-100k").body.text
            #expect(result.contains("Recommandation") && result.contains("Règle appliquée") && result.contains("Lille (59350)"))
            #expect(try await Browser(app).get("/besoins/potentiel?sector=&commune_q=Lille").body.text.contains("Choisissez un secteur"))
        }
    }

    @Test func theSizedNeedIsPostedWithWhatWasSized() async throws {
        try await withPasserelle(.demo) { app in
            let sized = "/besoins/potentiel?sector=nettoyage-de-locaux-16&commune_q=Lille&radius_km=20&amount=40k-100k"
            // Only those the need form would let in are offered it.
            #expect(!(try await Persona.structure.browser(app).get(sized).body.text.contains("Déposer ce besoin")))
            #expect(!(try await Persona.structure.browser(app).get("/besoins").body.text.contains("Déposer un besoin")))
            let buyer = try await Persona.buyer.browser(app)
            let page = try await buyer.get(sized).body.text
            let link = try #require(page.range(of: #"href="(/besoins/nouveau\?[^"]+)""#, options: .regularExpression).map { String(page[$0].dropFirst(6).dropLast()) })
            let href = link.replacingOccurrences(of: "&amp;", with: "&")
            #expect(href.contains("sector=nettoyage-de-locaux-16") && href.contains("commune=59350") && href.contains("radius_km=20") && href.contains("amount=40k-100k"))
            #expect(href.contains("clause="))
            let form = try await buyer.get(href).body.text
            #expect(form.contains("Repris de l’estimation du potentiel") && form.contains(#"name="sector" value="nettoyage-de-locaux-16""#))
            let hidden = ["sector", "commune", "radius_km", "amount", "clause"].compactMap { name -> (String, String)? in
                guard let range = form.range(of: #"name="\#(name)" value="([^"]*)""#, options: .regularExpression) else { return nil }
                let value = form[range].split(separator: "\"")[3]
                return (name, String(value))
            }
            let created = try await buyer.post("/besoins/nouveau", [("kind", "appel-d-offres"), ("title", "Nettoyage des écoles"), ("description", "")] + hidden)
            #expect(created.status == .seeOther)
            let id = try #require(created.headers.first(name: .location)?.split(separator: "/").dropFirst().first.flatMap { UUID(uuidString: String($0)) })
            let record = try #require(try await NeedStore.need(id: id, on: app.db))
            #expect(record.content.sectors == ["nettoyage-de-locaux-16"])
            #expect(record.content.location == .place(communeCode: "59350", radiusKm: 20))
            #expect(record.content.amount == NeedAmount(token: "40k-100k"))
            #expect(!record.content.clauses.isEmpty)
        }
    }

    @Test func aSearchWithFewResultsInvitesABuyerToPostTheNeed() async throws {
        try await withPasserelle(.demo) { app in
            let narrow = "/structures?q=zzzz-introuvable"
            let buyer = try await Persona.buyer.browser(app).get(narrow).body.text
            #expect(buyer.contains("Peu de structures pour cette recherche") && buyer.contains(#"href="/besoins/nouveau""#))
            let visitor = try await Browser(app).get("/structures?sector=nettoyage-de-locaux-16&covers=59350&q=zzzz").body.text
            #expect(visitor.contains("Peu de structures") && visitor.contains("sector=nettoyage-de-locaux-16"))
            #expect(!(try await Persona.structure.browser(app).get(narrow).body.text.contains("Peu de structures")))
            #expect(!(try await Browser(app).get("/structures").body.text.contains("Peu de structures")))
        }
    }
}
