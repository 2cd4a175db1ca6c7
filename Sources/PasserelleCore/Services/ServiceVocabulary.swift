import Foundation

/// The words of data·inclusion schema v1 that a service is described with: its 69 thématiques in
/// 16 categories, its types, publics, fees, reception and mobilisation modes.
public enum ServiceVocabulary {
    public struct Term: Hashable, Sendable, Codable {
        public var value: String
        public var label: String
    }

    public struct Category: Hashable, Sendable {
        public var slug: String
        public var label: String
        public var thematiques: [Term]
    }

    public static let categories: [Category] = categoryTable.map { category in
        Category(slug: category.slug, label: category.label,
                 thematiques: thematiqueTable.filter { $0.value.hasPrefix(category.slug + "--") }.map { Term(value: $0.value, label: $0.label) })
    }
    public static let thematiques = thematiqueTable.map { Term(value: $0.value, label: $0.label) }
    public static let publics = publicTable.map { Term(value: $0.value, label: $0.label) }
    public static let types = typeTable.map { Term(value: $0.value, label: $0.label) }
    public static let fees = feeTable.map { Term(value: $0.value, label: $0.label) }
    public static let receptionModes = receptionTable.map { Term(value: $0.value, label: $0.label) }
    public static let mobilisationModes = mobilisationTable.map { Term(value: $0.value, label: $0.label) }
    public static let mobilisers = mobiliserTable.map { Term(value: $0.value, label: $0.label) }

    private static let thematiqueLabels = Dictionary(uniqueKeysWithValues: thematiqueTable.map { ($0.value, $0.label) })
    private static let categoryBySlug = Dictionary(uniqueKeysWithValues: categories.map { ($0.slug, $0) })

    public static func thematique(_ value: String) -> Term? { thematiqueLabels[value].map { Term(value: value, label: $0) } }
    public static func category(_ slug: String) -> Category? { categoryBySlug[slug] }
    /// The category a thématique belongs to: what its value starts with.
    public static func category(of thematique: String) -> Category? {
        thematique.range(of: "--").flatMap { categoryBySlug[String(thematique[..<$0.lowerBound])] }
    }
    public static func label(_ value: String, in terms: [Term]) -> String { terms.first { $0.value == value }?.label ?? value }

    /// What a searched value means: a thématique itself, or every thématique of a category. Nil
    /// when it is neither.
    public static func expand(_ value: String) -> [String]? {
        if thematiqueLabels[value] != nil { return [value] }
        return categoryBySlug[value].map { $0.thematiques.map(\.value) }
    }
}

/// How a person is received: on site, remotely.
public enum ReceptionMode: String, CaseIterable, Sendable, Codable {
    case remote = "a-distance"
    case onSite = "en-presentiel"
}

/// How the service is mobilised.
public enum MobilisationMode: String, CaseIterable, Sendable, Codable {
    case email = "envoyer-un-courriel"
    case visit = "se-presenter"
    case phone = "telephoner"
    case link = "utiliser-lien-mobilisation"
}

public enum ServiceFee: String, CaseIterable, Sendable, Codable {
    case free = "gratuit"
    case paying = "payant"
}

/// Where the service stands for its publisher.
public enum ServiceStatus: String, CaseIterable, Sendable, Codable {
    case draft = "brouillon"
    case published = "publie"
    case archived = "archive"

    public var label: String {
        switch self {
        case .draft: "Brouillon"
        case .published: "Publié"
        case .archived: "Archivé"
        }
    }
}
