import Foundation
import Testing
@testable import PasserelleCore

@Suite("Purchasing: what a buyer types")
struct NeedDraftTests {
    typealias F = Fixtures
    static let today = "2026-11-30"

    static var complete: NeedDraft {
        var draft = NeedDraft()
        draft.kind = "appel-d-offres"
        draft.title = "Nettoyage des locaux de la mairie"
        draft.description = "Entretien quotidien de 2 400 m² de bureaux, trois passages par semaine."
        draft.target.sectors = ["nettoyage-de-locaux"]
        draft.target.place = "62041"
        draft.amount = "40k-100k"
        draft.deadline = "2027-01-15"
        draft.startsOn = "2027-03-01"
        draft.contactName = "Service de la commande publique"
        draft.answerChannel = "link"
        draft.answerAddress = "https://marches.exemple.fr/consultation/42"
        draft.questions = ["Quelles références en nettoyage de bureaux ?", "  "]
        draft.clauses = [.init(kind: "reserved_siae"), .init(kind: "insertion_hours", hours: "1 200")]
        return draft
    }

    func problems(_ draft: NeedDraft, _ level: NeedDraft.Level = .submission) -> [String: String] {
        switch draft.validate(level, today: Self.today, gazetteer: F.gazetteer, taxonomy: F.taxonomy) {
        case .success: return [:]
        case .failure(let failure): return Dictionary(failure.list.map { ($0.field, $0.message) }, uniquingKeysWith: { first, _ in first })
        }
    }

    @Test func aCompleteNeedIsRead() throws {
        let content = try Self.complete.validate(.submission, today: Self.today, gazetteer: F.gazetteer, taxonomy: F.taxonomy).get()
        #expect(content.kind == .tender && content.location == .place(communeCode: "62041", radiusKm: nil))
        #expect(content.clauses == [Clause(kind: .reservedSIAE), Clause(kind: .insertionHours, hours: 1200)])
        #expect(content.questions == ["Quelles références en nettoyage de bureaux ?"])
        #expect(content.insertionHours == 1200)
        #expect(content.targets == [NeedTarget(sectors: ["nettoyage-de-locaux"], location: .place(communeCode: "62041", radiusKm: nil), clauses: [.reservedSIAE, .insertionHours])])
        #expect(content.amount == .band(.upTo100k))
    }

    @Test func aSavedNeedGivesBackTheDraftThatSaysIt() throws {
        var withLots = Self.complete
        withLots.target.sectors = []
        withLots.target.place = nil
        withLots.target.perimeters = ["departement:62", "epci:200093201"]
        withLots.lots = [.init(title: "Bureaux", sectors: ["nettoyage-de-locaux"], amount: "exact:18000", clauses: [.init(kind: "environmental", topic: "autre", detail: "Produits écolabellisés")])]
        let lotted = try withLots.validate(.submission, today: Self.today, gazetteer: F.gazetteer, taxonomy: F.taxonomy).get()
        #expect(lotted.sectors == ["nettoyage-de-locaux"], "the need's sectors include its lots'")
        for draft in [Self.complete, withLots] {
            let content = try draft.validate(.submission, today: Self.today, gazetteer: F.gazetteer, taxonomy: F.taxonomy).get()
            let again = try NeedDraft(content).validate(.submission, today: Self.today, gazetteer: F.gazetteer, taxonomy: F.taxonomy).get()
            #expect(again == content)
        }
    }

    @Test func aDraftNeedsOnlyATitleButWhatItSaysMustBeRight() {
        var draft = NeedDraft()
        draft.title = "Espaces verts du collège"
        #expect(problems(draft, .draft).isEmpty)
        #expect(Set(problems(draft).keys) == ["description", "sectors", "place", "deadline", "contact_name", "answer_channel"])
        draft.target.place = "99999"
        draft.deadline = "2026-13-40"
        #expect(Set(problems(draft, .draft).keys) == ["place", "deadline"])
    }

    @Test func badInputGetsAClearMessage() {
        var past = Self.complete
        past.deadline = "2026-11-29"
        #expect(problems(past)["deadline"] == "La date limite de réponse est passée : choisissez une date à venir.")

        var hours = Self.complete
        hours.clauses = [.init(kind: "social_criterion", hours: "300")]
        #expect(problems(hours)["clauses"]?.hasPrefix("Des heures d’insertion ne se donnent que pour une clause sociale d’insertion") == true)

        var missingHours = Self.complete
        missingHours.clauses = [.init(kind: "insertion_hours")]
        #expect(problems(missingHours)["clauses"] == "Donnez le nombre d’heures d’insertion de la clause.")

        var lots = Self.complete
        lots.lots = [.init(title: "Vitrerie", sectors: []), .init(title: "Bureaux", sectors: ["nettoyage-de-locaux"], amount: "exact:30000", clauses: [.init(kind: "reserved_stpa")])]
        #expect(problems(lots)["lots[1]"] == "Le lot « Vitrerie » n’a pas de secteur d’activité.")
        #expect(problems(lots)["lots[2]"] == nil)

        var both = Self.complete
        both.clauses = [.init(kind: "reserved_siae"), .init(kind: "reserved_stpa")]
        #expect(problems(both)["clauses"]?.contains("réservez des lots différents") == true)

        var start = Self.complete
        start.startsOn = "2027-01-01"
        #expect(problems(start)["starts_on"] == "Le début des prestations précède la date limite de réponse.")

        var channel = Self.complete
        channel.answerChannel = "email"
        channel.answerAddress = "pas-une-adresse"
        #expect(problems(channel)["answer_address"] == "Donnez l’adresse électronique où envoyer les réponses.")

        var amount = Self.complete
        amount.amount = "beaucoup"
        #expect(problems(amount)["amount"]?.hasPrefix("Montant illisible") == true)
        amount.amount = "75 000 €"
        #expect(problems(amount).isEmpty)
    }

    @Test func lotsCarryTheirOwnSectorsAndClauses() throws {
        var draft = Self.complete
        draft.target.sectors = []
        draft.clauses = [.init(kind: "environmental", topic: "reemploi-agec")]
        draft.lots = [.init(title: "Bureaux", sectors: ["nettoyage-de-locaux"], clauses: [.init(kind: "reserved_siae")]),
                      .init(title: "Abords", sectors: ["creation-et-entretien-des-espaces-verts"], amount: "5k-25k", clauses: [.init(kind: "insertion_hours", hours: "400")])]
        let content = try draft.validate(.submission, today: Self.today, gazetteer: F.gazetteer, taxonomy: F.taxonomy).get()
        #expect(content.sectors == ["nettoyage-de-locaux", "creation-et-entretien-des-espaces-verts"])
        #expect(content.targets.map(\.clauses) == [[.environmental, .reservedSIAE], [.environmental, .insertionHours]])
        #expect(content.targets.map(\.sectors) == [["nettoyage-de-locaux"], ["creation-et-entretien-des-espaces-verts"]])
        #expect(content.insertionHours == 400)
    }

    @Test func daysAreParisDays() {
        #expect(NeedDraft.date("2027-02-29") == nil)
        let date = NeedDraft.date("2027-03-28")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris")!
        #expect(calendar.component(.day, from: date) == 28 && calendar.component(.hour, from: date) == 12)
    }
}

@Suite("Purchasing: who may do what to a need")
struct NeedPolicyTests {
    typealias Membership = Policy.Actor.Membership
    static let buyerOrganisation = UUID()
    static let need = Policy.NeedRef(organisation: buyerOrganisation, departements: ["59"], regions: ["32"])

    static func actor(_ memberships: [Membership]) -> Policy.Actor { Policy.Actor(isSignedIn: true, memberships: memberships) }

    /// Every role against the three actions: read (whole, any state), manage, moderate.
    @Test(arguments: [
        ("visitor", Policy.Actor.visitor, [Policy.Decision.needsSignIn, .needsSignIn, .needsSignIn]),
        ("the buyer", actor([Membership(kind: .publicBuyer, role: .member, organisation: buyerOrganisation)]), [.allowed, .allowed, .forbidden]),
        ("another buyer", actor([Membership(kind: .privateBuyer, role: .admin, organisation: UUID())]), [.forbidden, .forbidden, .forbidden]),
        ("a structure", actor([Membership(kind: .structure, role: .admin, structure: UUID(), organisation: UUID())]), [.forbidden, .forbidden, .forbidden]),
        ("facilitator of the Nord", actor([Membership(kind: .facilitator, role: .member, territory: [.departement("59")], organisation: UUID())]), [.allowed, .forbidden, .allowed]),
        ("facilitator of the Pas-de-Calais", actor([Membership(kind: .facilitator, role: .member, territory: [.departement("62")], organisation: UUID())]), [.forbidden, .forbidden, .forbidden]),
        ("steward of the région", actor([Membership(kind: .steward, role: .member, territory: [.region("32")], organisation: UUID())]), [.allowed, .forbidden, .allowed]),
        ("steward of another région", actor([Membership(kind: .steward, role: .member, territory: [.region("53")], organisation: UUID())]), [.forbidden, .forbidden, .forbidden]),
        ("platform team", actor([Membership(kind: .platform, role: .admin, organisation: UUID())]), [.allowed, .forbidden, .allowed]),
    ] as [(String, Policy.Actor, [Policy.Decision])])
    func everyRoleGetsTheRightAnswer(role: String, actor: Policy.Actor, expected: [Policy.Decision]) {
        let answers = [Policy.NeedAction.read, .manage, .moderate].map { Policy.decide($0, on: Self.need, for: actor) }
        #expect(answers == expected, "\(role)")
    }

    @Test func hoursAreRecordedByTheModeratorsAndTheWinnersOnly() {
        let winner = UUID()
        let awarded = Policy.NeedRef(organisation: Self.buyerOrganisation, departements: ["59"], regions: ["32"], winners: [winner])
        let cases: [(Policy.Actor, Policy.Decision)] = [
            (.visitor, .needsSignIn),
            (Self.actor([Membership(kind: .structure, role: .member, structure: winner, organisation: UUID())]), .allowed),
            (Self.actor([Membership(kind: .structure, role: .admin, structure: UUID(), organisation: UUID())]), .forbidden),
            (Self.actor([Membership(kind: .publicBuyer, role: .admin, organisation: Self.buyerOrganisation)]), .forbidden),
            (Self.actor([Membership(kind: .facilitator, role: .member, territory: [.departement("59")], organisation: UUID())]), .allowed),
            (Self.actor([Membership(kind: .facilitator, role: .member, territory: [.departement("62")], organisation: UUID())]), .forbidden),
        ]
        for (actor, expected) in cases {
            #expect(Policy.decide(.recordHours, on: awarded, for: actor) == expected)
        }
    }

    @Test func aNationalNeedIsModeratedByTheNationalTeamsOnly() {
        let national = Policy.NeedRef(organisation: Self.buyerOrganisation, departements: [], regions: [])
        #expect(Policy.decide(.moderate, on: national, for: Self.actor([Membership(kind: .steward, role: .member, territory: [.region("32")])])) == .forbidden)
        #expect(Policy.decide(.moderate, on: national, for: Self.actor([Membership(kind: .steward, role: .member, territory: [.country])])) == .allowed)
        #expect(Policy.buyerOrganisations(of: Self.actor([Membership(kind: .publicBuyer, role: .member, organisation: Self.buyerOrganisation),
                                                           Membership(kind: .partner, role: .admin, organisation: UUID())])) == [Self.buyerOrganisation])
    }
}
