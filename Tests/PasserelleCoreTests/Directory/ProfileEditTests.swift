import Foundation
import Testing
import PasserelleCore

@Suite("Editing a profile: what managers may change, and the French reasons")
struct ProfileEditTests {
    let structure = Structure(
        siret: "12345678901234", name: "Atelier du Ternois", kind: .aci, communeCode: "62767", phone: "03 21 00 00 00", networks: ["Chantier école"],
        insertionStaff: 12, activities: [Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.services], reach: .radius(km: 30))]
    )
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func apply(_ change: ProfileChange) -> Result<Structure, FieldProblems> {
        change.apply(to: structure, gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy, currentYear: 2026, now: now)
    }

    @Test func givenFieldsReplaceAndEmptyTextsClear() throws {
        var change = ProfileChange()
        change.phone = ""
        change.website = " https://atelier-ternois.example "
        change.networks = ["Chantier école", " ", "Emmaüs", "Emmaüs"]
        change.insertionStaff = "1 200"
        let edited = try apply(change).get()
        #expect(edited.phone == nil)
        #expect(edited.website == "https://atelier-ternois.example")
        #expect(edited.networks == ["Chantier école", "Emmaüs"])
        #expect(edited.insertionStaff == 1200)
        #expect(edited.name == structure.name)
        #expect(edited.activities == structure.activities)
        #expect(edited.updatedAt == now)
    }

    @Test func anUnchangedProfileKeepsItsDate() throws {
        var change = ProfileChange()
        change.name = "Atelier du Ternois"
        #expect(try apply(change).get().updatedAt == structure.updatedAt)
    }

    @Test func aNewCommuneMovesThePoint() throws {
        var change = ProfileChange()
        change.communeCode = "62498"
        let edited = try apply(change).get()
        #expect(edited.communeCode == "62498")
        #expect(edited.coordinates == Fixtures.lens.centre)
    }

    @Test func everyWrongFieldIsReportedUnderItsLabel() {
        var change = ProfileChange()
        change.name = "A"
        change.email = "pas-une-adresse"
        change.insertionStaff = "douze"
        change.yearFounded = "2090"
        change.communeCode = ""
        guard case .failure(let problems) = apply(change) else { Issue.record("accepted"); return }
        #expect(Set(problems.list.map(\.field)) == ["Nom", "Courriel", "Salariés en insertion", "Année de création", "Code commune"])
    }

    @Test func activitiesAreReadFromTheReachEditor() throws {
        var change = ProfileChange()
        change.activities = [
            ActivityDraft(sector: "nettoyage-de-locaux", serviceTypes: ["prestation-de-services", "mise-a-disposition"], reach: "perimeters", zones: "Pas-de-Calais (62) ; Lille (59000)"),
            ActivityDraft(sector: "produits-reconditionnes", serviceTypes: ["fabrication-et-vente"], reach: "radius", radiusKm: "12,5", description: " Vente en boutique "),
            ActivityDraft(sector: "creation-et-entretien-des-espaces-verts", serviceTypes: ["prestation-de-services"], reach: "perimeters", zones: "France entière"),
        ]
        let edited = try apply(change).get()
        #expect(edited.activities == [
            Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.services, .staffing], reach: .perimeters([.departement("62"), .commune("59350")])),
            Activity(sectorSlug: "produits-reconditionnes", serviceTypes: [.goods], reach: .radius(km: 12.5), description: "Vente en boutique"),
            Activity(sectorSlug: "creation-et-entretien-des-espaces-verts", serviceTypes: [.services], reach: .national),
        ])
    }

    @Test func aStoredActivityShowsAsTheDraftThatGivesItBack() throws {
        let activities = [
            Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.services], reach: .perimeters([.region("32"), .commune("62498")])),
            Activity(sectorSlug: "nettoyage-industriel", serviceTypes: [.staffing, .goods], reach: .radius(km: 2.5), description: "Sites industriels"),
            Activity(sectorSlug: "autre-56", serviceTypes: [.services], reach: .national),
        ]
        for activity in activities {
            let draft = ActivityDraft(activity, gazetteer: Fixtures.gazetteer)
            #expect(try draft.activity(gazetteer: Fixtures.gazetteer, taxonomy: Fixtures.taxonomy).get() == activity)
        }
    }

    @Test func wrongActivitiesSayWhichAndWhy() {
        var change = ProfileChange()
        change.activities = [
            ActivityDraft(sector: "", serviceTypes: [], reach: "radius", radiusKm: "5000"),
            ActivityDraft(sector: "nettoyage-de-locaux", serviceTypes: ["prestation-de-services"], reach: "perimeters", zones: ""),
            ActivityDraft(sector: "nettoyage-de-locaux", serviceTypes: ["livraison"], reach: "ailleurs"),
        ]
        guard case .failure(let problems) = apply(change) else { Issue.record("accepted"); return }
        #expect(problems.list.map(\.message) == [
            "Activité 1 : Choisissez le secteur de l’activité.",
            "Activité 1 : Cochez au moins un type de prestation.",
            "Activité 1 : Le rayon d’intervention est un nombre de kilomètres entre 1 et 1 000.",
            "Activité 2 : Indiquez au moins une zone : commune, département, région ou EPCI.",
            "Activité 3 : Type de prestation inconnu « livraison ».",
            "Activité 3 : Choisissez où intervient l’activité : France entière, rayon ou liste de zones.",
        ])
    }
}

@Suite("History lines of activity changes")
struct ActivityHistoryTests {
    let cleaning = Activity(sectorSlug: "nettoyage-de-locaux", serviceTypes: [.services], reach: .radius(km: 30))
    let gardens = Activity(sectorSlug: "creation-et-entretien-des-espaces-verts", serviceTypes: [.services], reach: .national)
    let reuse = Activity(sectorSlug: "produits-reconditionnes", serviceTypes: [.goods], reach: .perimeters([.departement("62")]))

    func summary(_ before: [Activity], _ after: [Activity]) -> String {
        ImportPlan.summary(from: Structure(name: "Atelier", kind: .aci, activities: before), to: Structure(name: "Atelier", kind: .aci, activities: after))
    }

    @Test func theLineSaysWhichActivityChangedAndHow() {
        var moved = gardens
        moved.reach = .radius(km: 10)
        moved.description = "Parcs"
        #expect(summary([cleaning, gardens], [cleaning, moved]) == "modifié : activités (2 : zone d’intervention, description)")
        #expect(summary([cleaning], [cleaning, gardens, reuse]) == "modifié : activités (2 ajoutées)")
        #expect(summary([cleaning, gardens, reuse], [cleaning, reuse]) == "modifié : activités (2 supprimée)")
        #expect(summary([cleaning, gardens], [reuse]) == "modifié : activités (1 : secteur, type de prestation, zone d’intervention ; 1 supprimée)")
    }
}
