import Foundation

/// What the knowledge base holds: what structures did and what came of it, what the field
/// recommends, what lies ahead, and where to read more.
public enum KnowledgeKind: String, CaseIterable, Codable, Sendable {
    case report = "retour-d-experience"
    case practice = "bonne-pratique"
    case outlook = "perspective"
    case resource = "ressource"

    public var label: String {
        switch self {
        case .report: "Retour d’expérience"
        case .practice: "Bonne pratique"
        case .outlook: "Perspective"
        case .resource: "Ressource"
        }
    }

    public var plural: String {
        switch self {
        case .report: "Retours d’expérience"
        case .practice: "Bonnes pratiques"
        case .outlook: "Perspectives"
        case .resource: "Ressources"
        }
    }
}

/// What a resource is.
public enum ResourceKind: String, CaseIterable, Codable, Sendable {
    case guide, toolSheet = "fiche-outil", video = "video", law = "loi", study = "etude", website = "site"

    public var label: String {
        switch self {
        case .guide: "Guide"
        case .toolSheet: "Fiche outil"
        case .video: "Vidéo"
        case .law: "Texte de loi"
        case .study: "Étude"
        case .website: "Site"
        }
    }
}

/// Where a proposed item stands: structures propose, stewards publish or send back.
public enum KnowledgeState: String, CaseIterable, Codable, Sendable {
    case proposed = "propose"
    case published = "publie"
    case refused = "refuse"

    public var label: String {
        switch self {
        case .proposed: "Proposé, en attente de relecture"
        case .published: "Publié"
        case .refused: "Renvoyé à son auteur"
        }
    }
}

public enum KnowledgeReview {
    public enum Decision: Sendable, Equatable {
        case publish
        /// Sent back with a reason the author reads.
        case refuse(reason: String)
        /// The author sends a refused proposal again, corrected.
        case propose
    }

    public static func next(after state: KnowledgeState, on decision: Decision) -> Result<KnowledgeState, RegistrationRefusal> {
        switch (state, decision) {
        case (.proposed, .publish): return .success(.published)
        case (.proposed, .refuse(let reason)):
            return reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? .failure(.init("Dites à l’auteur pourquoi la proposition lui est renvoyée.")) : .success(.refused)
        case (.refused, .propose): return .success(.proposed)
        case (.published, _): return .failure(.init("Ce contenu est déjà publié."))
        default: return .failure(.init("Ce contenu est « \(state.label.lowercased()) » : cette décision ne s’y applique pas."))
        }
    }
}

/// A figure of a report's results, kept as a value so that it can be compared and summed:
/// « 8 sorties positives sur 10 », « 85 % de sorties positives », « 249 personnes accompagnées ».
public struct ResultFigure: Sendable, Equatable, Codable {
    public var value: Double
    /// « sur 10 »: the whole the value is part of.
    public var outOf: Double?
    public var percent: Bool
    /// What is counted, in words.
    public var label: String
    /// « environ 400 », « plus de 100 »: a figure given as an order of magnitude stays one.
    public var approximation: Approximation?

    /// How a figure that is not exact was given.
    public enum Approximation: String, Sendable, Codable, CaseIterable {
        case about = "environ"
        case moreThan = "plus-de"

        /// The words written before the number.
        public var words: String {
            switch self {
            case .about: "environ"
            case .moreThan: "plus de"
            }
        }
    }

    public init(value: Double, outOf: Double? = nil, percent: Bool = false, label: String, approximation: Approximation? = nil) {
        self.value = value
        self.outOf = outOf
        self.percent = percent
        self.label = label
        self.approximation = approximation
    }

    /// The share it represents, when it is one (85 % → 0.85, 8 sur 10 → 0.8).
    public var share: Double? {
        if percent { return value / 100 }
        if let outOf, outOf > 0 { return value / outOf }
        return nil
    }

    /// The figure written back in French.
    public var text: String {
        let number = (approximation.map { $0.words + " " } ?? "") + Self.format(value)
        if percent { return "\(number) % \(label)" }
        if let outOf { return "\(number) \(label) sur \(Self.format(outOf))" }
        return "\(number) \(label)"
    }

    static func format(_ value: Double) -> String {
        if value == value.rounded() { return French.number(Int(value)) }
        return String(value).replacingOccurrences(of: ".", with: ",")
    }

    /// Reads one line as a figure: a number (spaces between thousands, a decimal comma), then `%`
    /// and what it measures, or what is counted and « sur N »; nil when the line holds no figure.
    public static func parse(_ line: String) -> ResultFigure? {
        let text = line.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: "\u{202F}", with: " ").replacingOccurrences(of: "\u{00A0}", with: " ")
        let scalars = Array(text)
        var index = 0
        // Words before the number are not part of what is counted; « environ » and « plus de » say
        // how exact it is.
        while index < scalars.count, !scalars[index].isNumber { index += 1 }
        guard index < scalars.count else { return nil }
        let before = String(scalars[..<index]).trimmingCharacters(in: .whitespaces).lowercased()
        let approximation = Approximation.allCases.first { before.hasSuffix($0.words) }
        var digits = ""
        while index < scalars.count {
            let character = scalars[index]
            if character.isNumber { digits.append(character) }
            else if character == ",", index + 1 < scalars.count, scalars[index + 1].isNumber, !digits.contains(".") { digits.append(".") }
            // A space between groups of three digits.
            else if character == " ", index + 3 < scalars.count, scalars[index + 1...index + 3].allSatisfy(\.isNumber),
                    index + 4 >= scalars.count || !scalars[index + 4].isNumber { }
            else { break }
            index += 1
        }
        guard let value = Double(digits) else { return nil }
        var rest = String(scalars[index...]).trimmingCharacters(in: .whitespaces)
        var percent = false
        if rest.hasPrefix("%") {
            percent = true
            rest = String(rest.dropFirst()).trimmingCharacters(in: .whitespaces)
            for article in ["de ", "d’", "d'"] where rest.lowercased().hasPrefix(article) {
                rest = String(rest.dropFirst(article.count))
                break
            }
        }
        var outOf: Double?
        if !percent, let range = rest.range(of: #"\s+sur\s+([0-9][0-9 ]*)"#, options: .regularExpression) {
            let number = rest[range].replacingOccurrences(of: "sur", with: "").replacingOccurrences(of: " ", with: "")
            outOf = Double(number)
            rest = String(rest[..<range.lowerBound]) + " " + String(rest[range.upperBound...])
        }
        let label = rest.split(separator: " ").joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: " .;,"))
        guard !label.isEmpty else { return nil }
        return ResultFigure(value: value, outOf: outOf, percent: percent, label: label, approximation: approximation)
    }
}

/// A search of the knowledge base: words (accents and case ignored, a word matches the start of
/// another), themes, territory, kinds of structure, and « near me » from a commune.
public struct KnowledgeQuery: Sendable, Equatable {
    public var words: [String]
    public var kinds: Set<KnowledgeKind>
    public var theme: String?
    public var departement: String?
    public var structureKind: StructureKind?
    public var near: GeoPoint?
    public var radiusKm: Double

    public init(text: String = "", kinds: Set<KnowledgeKind> = [], theme: String? = nil, departement: String? = nil,
                structureKind: StructureKind? = nil, near: GeoPoint? = nil, radiusKm: Double = 50) {
        words = SearchText.queryWords(text)
        self.kinds = kinds
        self.theme = theme
        self.departement = departement
        self.structureKind = structureKind
        self.near = near
        self.radiusKm = radiusKm
    }

    /// What the search needs to know of an item.
    public struct Item: Sendable {
        public var id: UUID
        public var kind: KnowledgeKind
        public var title: String
        /// Every text of the item, folded (`SearchText.fold`).
        public var folded: String
        public var themes: [String]
        public var departement: String?
        public var structureKinds: [StructureKind]
        public var place: GeoPoint?
        public var date: Date

        public init(id: UUID, kind: KnowledgeKind, title: String, folded: String, themes: [String], departement: String?,
                    structureKinds: [StructureKind], place: GeoPoint?, date: Date) {
            self.id = id
            self.kind = kind
            self.title = title
            self.folded = folded
            self.themes = themes
            self.departement = departement
            self.structureKinds = structureKinds
            self.place = place
            self.date = date
        }
    }

    public struct Hit: Sendable, Equatable {
        public var id: UUID
        public var distanceKm: Double?
    }

    /// The items that match, best first: near me by distance; otherwise those whose title holds
    /// the words first, then the newest.
    public func search(_ items: [Item]) -> [Hit] {
        var hits: [(hit: Hit, titleMatches: Int, date: Date, title: String)] = []
        for item in items {
            if !kinds.isEmpty, !kinds.contains(item.kind) { continue }
            if let theme, !item.themes.contains(theme) { continue }
            if let departement, item.departement != departement { continue }
            if let structureKind, !item.structureKinds.contains(structureKind) { continue }
            var distance: Double?
            if let near {
                guard let place = item.place else { continue }
                let km = near.distanceKm(to: place)
                guard km <= radiusKm else { continue }
                distance = km
            }
            var titleMatches = 0
            if !words.isEmpty {
                let itemWords = item.folded.split(separator: " ")
                guard words.allSatisfy({ word in itemWords.contains { $0.hasPrefix(word) } }) else { continue }
                let titleWords = SearchText.words(item.title)
                titleMatches = words.filter { word in titleWords.contains { $0.hasPrefix(word) } }.count
            }
            hits.append((Hit(id: item.id, distanceKm: distance), titleMatches, item.date, item.title))
        }
        return hits.sorted { a, b in
            if let da = a.hit.distanceKm, let db = b.hit.distanceKm, da != db { return da < db }
            if a.titleMatches != b.titleMatches { return a.titleMatches > b.titleMatches }
            if a.date != b.date { return a.date > b.date }
            return (a.title, a.hit.id.uuidString) < (b.title, b.hit.id.uuidString)
        }.map(\.hit)
    }
}
