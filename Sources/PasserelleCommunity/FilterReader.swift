import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform

/// Reads the filters the agenda and the knowledge base share, the same way for pages and API: a
/// value understood is kept for the links back (`items`), one that is not is reported in French
/// with what is allowed (`problems`).
package struct FilterReader {
    package let value: (String) -> String?
    package var problems: [String] = []
    package var items: [(String, String)] = []

    /// The trimmed value of `key`; nil when absent or blank.
    package func text(_ key: String) -> String? {
        guard let raw = value(key)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
        return raw
    }

    package mutating func theme(among themes: [Theme]) -> String? {
        guard let theme = text("theme") else { return nil }
        guard themes.contains(where: { $0.slug == theme }) else {
            problems.append("Thème inconnu « \(theme) » : \(themes.map(\.slug).joined(separator: ", ")).")
            return nil
        }
        items.append(("theme", theme))
        return theme
    }

    package mutating func departement(in gazetteer: Gazetteer) -> String? {
        guard let departement = text("departement") else { return nil }
        guard gazetteer.departement(departement) != nil else {
            problems.append("Département inconnu « \(departement) » : un code comme 59, 2A ou 974.")
            return nil
        }
        items.append(("departement", departement))
        return departement
    }

    package mutating func page() -> Int? {
        guard let page = text("page") else { return nil }
        guard let number = Int(page), (1...100_000).contains(number) else {
            problems.append("Numéro de page invalide : un nombre de 1 à 100 000.")
            return nil
        }
        return number
    }

    package mutating func size() -> Int? {
        guard let size = text("size") else { return nil }
        guard let number = Int(size), (1...100).contains(number) else {
            problems.append("Taille de page invalide : un nombre de 1 à 100.")
            return nil
        }
        return number
    }
}
