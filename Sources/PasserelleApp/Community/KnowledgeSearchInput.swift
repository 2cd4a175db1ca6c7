import Foundation
import PasserelleCore

/// The knowledge base's search as the page and the API receive it, read the same way for both.
enum KnowledgeSearchInput {
    struct Read: Sendable {
        var query: KnowledgeQuery
        var page = 1
        var size = 20
        var problems: [String] = []
        /// What was understood, to write links back.
        var items: [(String, String)] = []
        var nearCommune: Commune?
    }

    static let radii = [10, 20, 30, 50, 100, 200]

    /// `near` is a commune's INSEE code (the API, and the page once the autocomplete picked one).
    static func read(_ value: (String) -> String?, themes: [EventStore.ThemeRow], gazetteer: Gazetteer) -> Read {
        var read = Read(query: KnowledgeQuery())
        func text(_ key: String) -> String? {
            guard let raw = value(key)?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else { return nil }
            return raw
        }
        if let q = text("q") {
            if q.count > 200 { read.problems.append("Recherche trop longue : 200 caractères au plus.") } else {
                read.query = KnowledgeQuery(text: q)
                read.items.append(("q", q))
            }
        }
        if let kind = text("kind") {
            if let known = KnowledgeKind(rawValue: kind) { read.query.kinds = [known]; read.items.append(("kind", kind)) } else {
                read.problems.append("Type de contenu inconnu « \(kind) » : \(KnowledgeKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        if let theme = text("theme") {
            if themes.contains(where: { $0.slug == theme }) { read.query.theme = theme; read.items.append(("theme", theme)) } else {
                read.problems.append("Thème inconnu « \(theme) » : \(themes.map(\.slug).joined(separator: ", ")).")
            }
        }
        if let departement = text("departement") {
            if gazetteer.departement(departement) != nil { read.query.departement = departement; read.items.append(("departement", departement)) } else {
                read.problems.append("Département inconnu « \(departement) » : un code comme 59, 2A ou 974.")
            }
        }
        if let structure = text("structure") {
            if let known = StructureKind(rawValue: structure) { read.query.structureKind = known; read.items.append(("structure", structure)) } else {
                read.problems.append("Type de structure inconnu « \(structure) » : \(StructureKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        if let near = text("near") {
            if let commune = gazetteer.commune(near), let centre = commune.centre {
                read.query.near = centre
                read.nearCommune = commune
                read.items.append(("near", near))
            } else {
                read.problems.append("Commune inconnue « \(near) » : un code INSEE, comme 59350 pour Lille.")
            }
        }
        if let radius = text("radius_km") {
            if let km = Int(radius), (1...200).contains(km) { read.query.radiusKm = Double(km); read.items.append(("radius_km", radius)) } else {
                read.problems.append("Rayon invalide : un nombre de kilomètres de 1 à 200.")
            }
        }
        if let page = text("page") {
            if let number = Int(page), (1...100_000).contains(number) { read.page = number } else { read.problems.append("Numéro de page invalide : un nombre de 1 à 100 000.") }
        }
        if let size = text("size") {
            if let number = Int(size), (1...100).contains(number) { read.size = number } else { read.problems.append("Taille de page invalide : un nombre de 1 à 100.") }
        }
        return read
    }
}
