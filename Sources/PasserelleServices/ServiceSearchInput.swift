import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform

/// The parameters of a search around a commune, as the page and the API take them, checked
/// against the vocabulary: an unknown value is refused with the allowed ones.
package struct ServiceSearchInput {
    package var query: ServiceQuery?
    package var page = 1
    package var size = 20
    package var problems: [String] = []

    /// `values(name)` gives every value of a repeatable parameter.
    package static func read(_ values: (String) -> [String], gazetteer: Gazetteer, communeRequired: Bool) -> ServiceSearchInput {
        var input = ServiceSearchInput()
        func terms(_ name: String, _ vocabulary: [ServiceVocabulary.Term]) -> Set<String> {
            let given = Set(values(name).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
            let unknown = given.filter { value in !vocabulary.contains { $0.value == value } }
            if !unknown.isEmpty {
                input.problems.append("\(name) : valeur inconnue « \(unknown.sorted().joined(separator: ", ")) » ; valeurs possibles : \(vocabulary.map(\.value).joined(separator: ", ")).")
            }
            return given.subtracting(unknown)
        }
        var thematiques = Set<String>()
        var unknownThemes: [String] = []
        for value in values("thematique").map({ $0.trimmingCharacters(in: .whitespaces) }) where !value.isEmpty {
            if let expanded = ServiceVocabulary.expand(value) { thematiques.formUnion(expanded) } else { unknownThemes.append(value) }
        }
        if !unknownThemes.isEmpty {
            input.problems.append("thematique : valeur inconnue « \(unknownThemes.joined(separator: ", ")) » ; valeurs possibles : une catégorie (\(ServiceVocabulary.categories.map(\.slug).joined(separator: ", "))) ou une thématique (\(ServiceVocabulary.thematiques.map(\.value).joined(separator: ", "))).")
        }
        // Words (« FLE », « permis de conduire ») narrow to the thématiques they mean.
        let words = String((values("q").first ?? "").trimmingCharacters(in: .whitespacesAndNewlines).prefix(200))
        if !words.isEmpty {
            let meant = ThematiqueWords.thematiques(for: words).thematiques
            if meant.isEmpty {
                input.problems.append("Aucun besoin ne correspond à « \(words) » : essayez un autre mot (français, permis, logement, garde d’enfants…) ou cochez un besoin dans la liste.")
            } else if thematiques.isEmpty {
                thematiques = meant
            } else if thematiques.isDisjoint(with: meant) {
                input.problems.append("« \(words) » ne correspond à aucun des besoins cochés : décochez-les, ou changez de mot.")
            } else {
                thematiques.formIntersection(meant)
            }
        }
        let types = terms("type", ServiceVocabulary.types)
        let fees = terms("frais", ServiceVocabulary.fees).compactMap(ServiceFee.init(rawValue:))
        let publics = terms("public", ServiceVocabulary.publics)
        let modes = terms("mode_accueil", ServiceVocabulary.receptionModes).compactMap(ReceptionMode.init(rawValue:))
        if let page = values("page").first {
            if let number = Int(page), (1...100_000).contains(number) { input.page = number } else { input.problems.append("page : un nombre entier de 1 à 100 000.") }
        }
        if let size = values("size").first {
            if let number = Int(size), (1...100).contains(number) { input.size = number } else { input.problems.append("size : un nombre entier de 1 à 100.") }
        }
        let commune = values("commune").first?.trimmingCharacters(in: .whitespaces) ?? ""
        if commune.isEmpty {
            if communeRequired { input.problems.append("commune : le code INSEE de la commune est obligatoire pour chercher autour d’elle.") }
        } else if gazetteer.commune(commune) == nil {
            input.problems.append("commune : « \(commune) » n’est pas un code INSEE de commune connu.")
        } else if input.problems.isEmpty {
            input.query = ServiceQuery(communeCode: commune, thematiques: thematiques, types: types, fees: Set(fees), publics: publics, receptionModes: Set(modes))
        }
        return input
    }
}
