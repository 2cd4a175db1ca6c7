import Foundation
import Testing
@testable import PasserelleCore

@Suite("Services: the publisher's form")
struct ServiceDraftTests {
    static let now = Date(timeIntervalSince1970: 1_790_000_000)

    static func draft() -> ServiceDraft {
        var draft = ServiceDraft()
        draft.name = " Cours de français "
        draft.description = "Apprendre le français pour le travail, en petits groupes."
        draft.type = "atelier"
        draft.thematiques = ["lecture-ecriture-calcul--maitriser-le-francais"]
        draft.publics = ["personnes-exilees"]
        draft.fee = "gratuit"
        draft.receptionModes = ["en-presentiel"]
        draft.communeCode = "59512"
        draft.zone = "59512, 59;France"
        draft.mobilisationModes = ["telephoner"]
        draft.mobilisers = ["professionnels"]
        draft.phone = "03 20 00 00 00"
        draft.weeklyHours = "4,5"
        draft.weeks = "12"
        return draft
    }

    static let blank = Service(provider: ServiceProvider(name: "Centre social"), name: "", description: "", status: .draft, updatedAt: .distantPast)

    @Test func theFormIsReadTheFrenchWay() {
        let (service, problems) = Self.draft().apply(to: Self.blank, gazetteer: Fixtures.gazetteer, now: Self.now)
        #expect(problems.isEmpty, "\(problems)")
        #expect(service.name == "Cours de français" && service.weeklyHours == 4.5 && service.weeks == 12)
        #expect(service.zone.codes == ["59512", "59", "france"])
        #expect(service.coordinates == Fixtures.roubaix.centre && service.updatedAt == Self.now && service.status == .draft)
        // Editing starts from what is stored, and gives it back unchanged.
        let again = ServiceDraft(service).apply(to: service, gazetteer: Fixtures.gazetteer, now: Self.now)
        #expect(again.problems.isEmpty && again.service == service)
    }

    @Test(arguments: [
        ("weeklyHours", "deux", "Volume horaire hebdomadaire"),
        ("weeks", "3,5", "Nombre de semaines"),
        ("thematiques", "", "Thématiques"),
        ("phone", "", "Téléphone"),
        ("fee", "offert", "Frais"),
        ("zone", "99999", "Zone d’éligibilité"),
        ("communeCode", "", "Commune"),
    ])
    func eachProblemIsNamed(field: String, value: String, label: String) {
        var draft = Self.draft()
        switch field {
        case "weeklyHours": draft.weeklyHours = value
        case "weeks": draft.weeks = value
        case "thematiques": draft.thematiques = []
        case "phone": draft.phone = value
        case "fee": draft.fee = value
        case "zone": draft.zone = value
        default: draft.communeCode = value
        }
        let problems = draft.apply(to: Self.blank, gazetteer: Fixtures.gazetteer, now: Self.now).problems
        #expect(problems.map(\.field).contains(label), "\(field): \(problems)")
    }
}
