import Foundation
import PasserelleCore
import Testing

@Suite("Directory: what a profile still lacks")
struct ProfileCompletenessTests {
    static func structure() -> Structure {
        Structure(name: "Atelier d’essai", kind: .aci, updatedAt: Date())
    }

    @Test func anEmptyProfileLacksEverythingInTheOrderItIsFilledIn() {
        let completeness = ProfileCompleteness(of: Self.structure())
        #expect(completeness.missing == ProfileCompleteness.Part.allCases && completeness.percent == 0)
        #expect(completeness.sentence == "il manque une présentation, la commune, les activités avec leur zone, un moyen de contact (téléphone, courriel ou site) et le numéro SIRET")
    }

    @Test func eachPartCountsOnceAndAFullProfileSaysNothing() {
        var structure = Self.structure()
        structure.description = "  "
        structure.communeCode = "59350"
        structure.website = "https://atelier.example"
        structure.siret = "73282932000074"
        var completeness = ProfileCompleteness(of: structure)
        #expect(completeness.missing == [.description, .activities] && completeness.percent == 60)
        #expect(completeness.sentence == "il manque une présentation et les activités avec leur zone")
        structure.description = "Un atelier."
        structure.activities = [Activity(sectorSlug: "repassage", serviceTypes: [.services], reach: .radius(km: 10))]
        completeness = ProfileCompleteness(of: structure)
        #expect(completeness.missing.isEmpty && completeness.percent == 100 && completeness.sentence == nil)
    }
}
