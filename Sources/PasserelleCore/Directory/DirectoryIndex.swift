import Foundation

/// One structure found by a search, with why it was found.
public struct StructureHit: Sendable {
    public var structure: Structure
    /// Distance between the structure's commune and the searched commune, when one was given.
    public var distanceKm: Double?
    /// Why the structure answers the search, in French ("secteur Nettoyage de locaux",
    /// "intervient à 12 km de Lens").
    public var reasons: [String]

    public init(structure: Structure, distanceKm: Double? = nil, reasons: [String] = []) {
        self.structure = structure
        self.distanceKm = distanceKm
        self.reasons = reasons
    }
}

/// A page of results, with the totals a search page shows.
public struct StructureSearchResult: Sendable {
    public var hits: [StructureHit]
    public var total: Int
    public var page: Int
    public var size: Int
    /// Matches per kind, counted without the kind filter, so a user sees what widening gives.
    public var countsByKind: [StructureKind: Int]
    /// The commune distances are measured from.
    public var place: Commune?

    public var pages: Int { total == 0 ? 0 : (total + size - 1) / size }
}

/// The directory held in memory for search: every structure, an inverted index of the words of
/// its name, brand, sectors, place and description, and the rule-checked geography of its
/// activities. Immutable; a new one is built when the directory changes.
public struct DirectoryIndex: Sendable {
    public let gazetteer: Gazetteer
    public let taxonomy: SectorTaxonomy
    public let structures: [Structure]

    private let positionsById: [UUID: Int]
    private let positionsBySiret: [String: Int]
    private let communes: [Commune?]
    private let nameOrder: [Int32]
    private let sectorNames: [String: String]
    private let sectorGroupOf: [String: String]
    private let vocabulary: [String]
    private let postings: [[Posting]]

    /// Which field a word came from; the weight orders results by relevance.
    enum Field: UInt8, Comparable {
        case description = 1, place = 2, label = 3, sector = 4, brand = 6, name = 8

        var reasonLabel: String {
            switch self {
            case .description: "la description"
            case .place: "la commune"
            case .label: "les réseaux et labels"
            case .sector: "les secteurs"
            case .brand: "l’enseigne"
            case .name: "le nom"
            }
        }

        static func < (lhs: Field, rhs: Field) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    struct Posting {
        var position: Int32
        var field: Field
    }

    public init(structures: [Structure], gazetteer: Gazetteer, taxonomy: SectorTaxonomy) {
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy
        self.structures = structures
        var byId: [UUID: Int] = [:]
        var bySiret: [String: Int] = [:]
        byId.reserveCapacity(structures.count)
        for (position, structure) in structures.enumerated() {
            byId[structure.id] = position
            if let siret = structure.siret { bySiret[siret] = position }
        }
        positionsById = byId
        positionsBySiret = bySiret
        communes = structures.map { $0.communeCode.flatMap(gazetteer.commune) }
        let sortKeys = structures.map { SearchText.fold($0.name) }
        nameOrder = {
            let sorted = structures.indices.sorted { sortKeys[$0] < sortKeys[$1] }
            var order = [Int32](repeating: 0, count: structures.count)
            for (rank, position) in sorted.enumerated() { order[position] = Int32(rank) }
            return order
        }()
        var names: [String: String] = [:]
        var groupOf: [String: String] = [:]
        for sector in taxonomy.sectors {
            names[sector.slug] = sector.name
            groupOf[sector.slug] = sector.groupSlug
        }
        sectorNames = names
        sectorGroupOf = groupOf

        // Inverted index: word → structures, keeping for each the most telling field.
        var table: [String: [Posting]] = [:]
        for (position, structure) in structures.enumerated() {
            var best: [String: Field] = [:]
            func add(_ text: String?, _ field: Field) {
                guard let text else { return }
                for word in SearchText.words(text) where !SearchText.isStopWord(word) {
                    if let existing = best[word], existing >= field { continue }
                    best[word] = field
                }
            }
            add(structure.name, .name)
            add(structure.brand, .brand)
            for slug in structure.sectorSlugs {
                add(names[slug], .sector)
                if let group = groupOf[slug] { add(taxonomy.group(group)?.name, .sector) }
            }
            add(structure.kind.acronym, .label)
            add(structure.kind.label, .label)
            for label in structure.labels + structure.networks { add(label, .label) }
            if let commune = communes[position] { add(commune.name.name, .place) }
            add(structure.description, .description)
            for activity in structure.activities { add(activity.description, .description) }
            for (word, field) in best {
                table[word, default: []].append(Posting(position: Int32(position), field: field))
            }
        }
        let words = table.keys.sorted()
        vocabulary = words
        postings = words.map { table[$0]! }
    }

    public var count: Int { structures.count }

    public func structure(id: UUID) -> Structure? { positionsById[id].map { structures[$0] } }

    // MARK: Search

    /// The requested page of results.
    public func search(_ query: StructureQuery) -> StructureSearchResult {
        let found = matches(query)
        let start = min((query.page - 1) * query.size, found.matches.count)
        let end = min(start + query.size, found.matches.count)
        return StructureSearchResult(
            hits: found.matches[start..<end].map { hit($0, found.text) }, total: found.matches.count, page: query.page,
            size: query.size, countsByKind: found.counts, place: found.place
        )
    }

    /// Every result, in order, for exports.
    public func allHits(_ query: StructureQuery) -> [StructureHit] {
        let found = matches(query)
        return found.matches.map { hit($0, found.text) }
    }

    private func hit(_ match: Match, _ text: TextMatches?) -> StructureHit {
        var reasons = match.reasons
        if let text { reasons.insert(textReason(match.position, text), at: 0) }
        return StructureHit(structure: structures[match.position], distanceKm: match.distance, reasons: reasons.filter { !$0.isEmpty })
    }

    private struct Match {
        var position: Int
        var score: Int
        var distance: Double?
        var reasons: [String]
    }

    private func matches(_ query: StructureQuery) -> (matches: [Match], counts: [StructureKind: Int], place: Commune?, text: TextMatches?) {
        let place = query.placeCode.flatMap(gazetteer.commune)
        let coveredCommune = query.covers.flatMap(gazetteer.commune)
        let textMatches = query.text.map(matchText)
        let candidates: [Int]
        if let textMatches {
            candidates = textMatches.positions
        } else {
            candidates = Array(structures.indices)
        }
        var counts: [StructureKind: Int] = [:]
        var matches: [Match] = []
        matches.reserveCapacity(min(candidates.count, 4096))
        for position in candidates {
            let structure = structures[position]
            let commune = communes[position]
            if let code = query.departement, commune?.departementCode != code { continue }
            if let code = query.region, commune?.regionCode != code { continue }
            var distance: Double?
            if let centre = place?.centre, let origin = commune?.centre {
                distance = origin.distanceKm(to: centre)
            }
            var reasons: [String] = []
            if query.near != nil, let radius = query.radiusKm {
                guard let distance, distance <= radius else { continue }
                reasons.append(distance < 1 ? "située à \(place!.name.name)" : "située à \(Int(distance.rounded())) km \(place!.name.withDe)")
            }
            if query.filtersActivities {
                guard let activityReasons = matchActivities(structure, origin: commune?.centre, query: query, covered: coveredCommune) else { continue }
                reasons.insert(contentsOf: activityReasons, at: 0)
            }
            counts[structure.kind, default: 0] += 1
            if !query.kinds.isEmpty, !query.kinds.contains(structure.kind) { continue }
            matches.append(Match(position: position, score: textMatches.map { $0.scores.isEmpty ? 0 : Int($0.scores[position]) } ?? 0, distance: distance, reasons: reasons))
        }
        sort(&matches, by: query.sort, hasText: textMatches != nil)
        return (matches, counts, place, textMatches)
    }

    private func sort(_ matches: inout [Match], by sort: StructureQuery.Sort, hasText: Bool) {
        let order = nameOrder
        func byName(_ lhs: Match, _ rhs: Match) -> Bool { order[lhs.position] < order[rhs.position] }
        func byDistance(_ lhs: Match, _ rhs: Match) -> Bool {
            let left = lhs.distance ?? .infinity, right = rhs.distance ?? .infinity
            return left != right ? left < right : byName(lhs, rhs)
        }
        switch sort {
        case .name:
            matches.sort(by: byName)
        case .distance:
            matches.sort(by: byDistance)
        case .relevance:
            if hasText {
                matches.sort { lhs, rhs in
                    lhs.score != rhs.score ? lhs.score > rhs.score : byDistance(lhs, rhs)
                }
            } else {
                matches.sort(by: byDistance)
            }
        }
    }

    /// Reasons from the first activity that satisfies every activity filter, or `nil` if none.
    private func matchActivities(_ structure: Structure, origin: GeoPoint?, query: StructureQuery, covered: Commune?) -> [String]? {
        var best: (coverage: Coverage?, activity: Activity)?
        for activity in structure.activities {
            if !query.sectors.isEmpty || !query.sectorGroups.isEmpty {
                let inSector = query.sectors.contains(activity.sectorSlug)
                let inGroup = sectorGroupOf[activity.sectorSlug].map { query.sectorGroups.contains($0) } ?? false
                guard inSector || inGroup else { continue }
            }
            if !query.serviceTypes.isEmpty, query.serviceTypes.isDisjoint(with: activity.serviceTypes) { continue }
            var coverage: Coverage?
            if let covered {
                guard let found = ReachRule.coverage(of: activity.reach, from: origin, covering: covered) else { continue }
                coverage = found
            }
            if let current = best {
                if let coverage, let currentCoverage = current.coverage, coverage.isMorePrecise(than: currentCoverage) {
                    best = (coverage, activity)
                }
            } else {
                best = (coverage, activity)
            }
        }
        guard let best else { return nil }
        var reasons: [String] = []
        if !query.sectors.isEmpty || !query.sectorGroups.isEmpty, let name = sectorNames[best.activity.sectorSlug] {
            reasons.append("secteur \(name)")
        }
        if !query.serviceTypes.isEmpty {
            let types = best.activity.serviceTypes.filter { query.serviceTypes.contains($0) }.map(\.label)
            reasons.append(types.joined(separator: ", ").lowercasedFirst)
        }
        if let coverage = best.coverage, let covered {
            reasons.append(gazetteer.explain(coverage, for: covered))
        }
        return reasons
    }

    // MARK: Text

    /// Structures whose words contain every word of the query (or whose SIRET is the query),
    /// with a relevance score per structure.
    private struct TextMatches {
        var positions: [Int]
        var scores: [Int32]
        var words: [String]
        var bySiret: Bool
    }

    private func matchText(_ text: String) -> TextMatches {
        let digits = Siret.normalize(text)
        if digits.count == 14 || digits.count == 9, digits.allSatisfy({ $0.isASCII && $0.isNumber }) {
            let positions: [Int]
            if digits.count == 14 {
                positions = positionsBySiret[digits].map { [$0] } ?? []
            } else {
                positions = structures.indices.filter { structures[$0].siret?.hasPrefix(digits) == true }
            }
            return TextMatches(positions: positions, scores: [], words: [], bySiret: true)
        }
        let words = SearchText.queryWords(text)
        guard !words.isEmpty else {
            return TextMatches(positions: Array(structures.indices), scores: [], words: [], bySiret: false)
        }
        // Dense arrays: a query word can match most of a 50,000-structure directory.
        var total = [Int32](repeating: -1, count: structures.count)
        for (rank, word) in words.enumerated() {
            var wordScores = [Int32](repeating: 0, count: structures.count)
            for (index, posting) in postingsMatching(word) {
                let weight: Int32 = vocabulary[index] == word ? 10 : 7
                for entry in posting {
                    let score = Int32(entry.field.rawValue) * weight
                    let position = Int(entry.position)
                    if wordScores[position] < score { wordScores[position] = score }
                }
            }
            for position in total.indices {
                if rank == 0 {
                    total[position] = wordScores[position] > 0 ? wordScores[position] : -1
                } else if total[position] >= 0 {
                    total[position] = wordScores[position] > 0 ? total[position] + wordScores[position] : -1
                }
            }
        }
        let positions = total.indices.filter { total[$0] >= 0 }
        return TextMatches(positions: positions, scores: total, words: words, bySiret: false)
    }

    /// "« nettoyage » dans les secteurs": which field of the structure each query word was found in.
    private func textReason(_ position: Int, _ matches: TextMatches) -> String {
        if matches.bySiret { return "Nᵒ SIRET" }
        let structure = structures[position]
        var fieldsOfWord: [(String, Field)] = []
        for word in matches.words {
            var best: Field?
            func look(_ text: String?, _ field: Field) {
                guard let text, best.map({ $0 < field }) ?? true else { return }
                if SearchText.words(text).contains(where: { $0 == word || (word.count >= 3 && $0.hasPrefix(word)) }) { best = field }
            }
            look(structure.name, .name)
            look(structure.brand, .brand)
            for slug in structure.sectorSlugs {
                look(sectorNames[slug], .sector)
                if let group = sectorGroupOf[slug] { look(taxonomy.group(group)?.name, .sector) }
            }
            look(([structure.kind.acronym, structure.kind.label] + structure.labels + structure.networks).joined(separator: " "), .label)
            look(communes[position]?.name.name, .place)
            look(([structure.description] + structure.activities.map(\.description)).compactMap { $0 }.joined(separator: " "), .description)
            if let best { fieldsOfWord.append((word, best)) }
        }
        let grouped = Dictionary(grouping: fieldsOfWord, by: \.1)
        return grouped.keys.sorted(by: >).map { field in
            let words = grouped[field]!.map { "« \($0.0) »" }.joined(separator: ", ")
            return "\(words) dans \(field.reasonLabel)"
        }.joined(separator: " ; ")
    }

    /// Postings of the words that equal `word`, or start with it when it is long enough to mean
    /// something ("nettoy" finds "nettoyage").
    private func postingsMatching(_ word: String) -> [(Int, [Posting])] {
        var low = 0, high = vocabulary.count
        while low < high {
            let mid = (low + high) / 2
            if vocabulary[mid] < word { low = mid + 1 } else { high = mid }
        }
        var found: [(Int, [Posting])] = []
        var index = low
        while index < vocabulary.count {
            let candidate = vocabulary[index]
            if candidate == word || (word.count >= 3 && candidate.hasPrefix(word)) {
                found.append((index, postings[index]))
            } else if !candidate.hasPrefix(word) {
                break
            }
            index += 1
        }
        return found
    }
}

extension String {
    var lowercasedFirst: String {
        guard let first else { return self }
        return first.lowercased() + dropFirst()
    }
}
