import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform

/// The knowledge base's search as the page and the API receive it, read the same way for both.
package enum KnowledgeSearchInput {
    package struct Read: Sendable {
        package var query: KnowledgeQuery
        package var page = 1
        package var size = 20
        package var problems: [String] = []
        /// What was understood, to write links back.
        package var items: [(String, String)] = []
        package var nearCommune: Commune?
    }

    package static let radii = [10, 20, 30, 50, 100, 200]

    /// `near` is a commune's INSEE code (the API, and the page once the autocomplete picked one).
    package static func read(_ value: @escaping (String) -> String?, themes: [Theme], gazetteer: Gazetteer) -> Read {
        var read = Read(query: KnowledgeQuery())
        var reader = FilterReader(value: value)
        if let q = reader.text("q") {
            if q.count > 200 { reader.problems.append("Recherche trop longue : 200 caractères au plus.") } else {
                read.query = KnowledgeQuery(text: q)
                reader.items.append(("q", q))
            }
        }
        if let kind = reader.text("kind") {
            if let known = KnowledgeKind(rawValue: kind) { read.query.kinds = [known]; reader.items.append(("kind", kind)) } else {
                reader.problems.append("Type de contenu inconnu « \(kind) » : \(KnowledgeKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        read.query.theme = reader.theme(among: themes)
        read.query.departement = reader.departement(in: gazetteer)
        if let structure = reader.text("structure") {
            if let known = StructureKind(rawValue: structure) { read.query.structureKind = known; reader.items.append(("structure", structure)) } else {
                reader.problems.append("Type de structure inconnu « \(structure) » : \(StructureKind.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
        }
        if let near = reader.text("near") {
            if let commune = gazetteer.commune(near), let centre = commune.centre {
                read.query.near = centre
                read.nearCommune = commune
                reader.items.append(("near", near))
            } else {
                reader.problems.append("Commune inconnue « \(near) » : un code INSEE, comme 59350 pour Lille.")
            }
        }
        if let radius = reader.text("radius_km") {
            if let km = Int(radius), (1...200).contains(km) { read.query.radiusKm = Double(km); reader.items.append(("radius_km", radius)) } else {
                reader.problems.append("Rayon invalide : un nombre de kilomètres de 1 à 200.")
            }
        }
        if let page = reader.page() { read.page = page }
        if let size = reader.size() { read.size = size }
        read.problems = reader.problems
        read.items = reader.items
        return read
    }
}
