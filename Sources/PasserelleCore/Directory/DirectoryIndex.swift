import Foundation
import Synchronization

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
/// its name, brand, sectors, place and description, and its activities in compact arrays. The
/// hot loop reads only small values (ids, masks, coordinates); the French reasons are written for
/// the results actually shown. Immutable; a new one is built when the directory changes.
public struct DirectoryIndex: Sendable {
    public let gazetteer: Gazetteer
    public let taxonomy: SectorTaxonomy
    public let structures: [Structure]

    private let positionsById: [UUID: Int]
    private let positionsBySiret: [String: Int]
    private let communes: [Commune?]
    // One entry per structure.
    private let kindIndexes: [UInt8]
    private let origins: [GeoPoint?]
    private let departementIDs: [Int32]
    private let regionIDs: [Int32]
    private let nameOrder: [Int32]
    private let positionsByDepartement: [[Int32]]
    private let positionsByRegion: [[Int32]]
    /// Structures by cell of a grid of half-degrees, for "within N km" searches.
    private let grid: [Int64: [Int32]]
    private let activityStarts: [Int32]
    private let activityOwners: [Int32]
    // One entry per activity, structure after structure.
    private let activitySectors: [Int32]
    private let activityGroups: [Int32]
    private let activityTypes: [UInt8]
    private let reaches: ReachTable
    // Interned codes.
    private let sectorIDs: [String: Int32]
    private let groupIDs: [String: Int32]
    private let departementIDsByCode: [String: Int32]
    private let regionIDsByCode: [String: Int32]
    private let sectorNames: [String: String]
    private let sectorGroupOf: [String: String]
    // Text.
    private let vocabulary: [String]
    private let postings: [[Posting]]
    /// Built on first use: start-up does not pay for it, and each index has its own.
    private let needMatcherBox = NeedMatcherBox()

    private final class NeedMatcherBox: Sendable {
        let matcher = Mutex<NeedMatcher?>(nil)
    }

    /// The purchasing matcher over the same structures.
    public var needMatcher: NeedMatcher {
        needMatcherBox.matcher.withLock { box in
            if let matcher = box { return matcher }
            let matcher = NeedMatcher(structures: structures, gazetteer: gazetteer, taxonomy: taxonomy)
            box = matcher
            return matcher
        }
    }

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

    static let kindOrder = StructureKind.allCases

    public init(structures: [Structure], gazetteer: Gazetteer, taxonomy: SectorTaxonomy) {
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy
        self.structures = structures
        var byId: [UUID: Int] = [:]
        var bySiret: [String: Int] = [:]
        byId.reserveCapacity(structures.count)
        // Fields are read in place (`structures[position].id`): copying a whole structure per
        // pass would retain and release each of its strings.
        for position in structures.indices {
            byId[structures[position].id] = position
            if let siret = structures[position].siret { bySiret[siret] = position }
        }
        positionsById = byId
        positionsBySiret = bySiret
        let communes = structures.indices.map { structures[$0].communeCode.flatMap(gazetteer.commune) }
        self.communes = communes
        kindIndexes = structures.indices.map { UInt8(Self.kindOrder.firstIndex(of: structures[$0].kind)!) }
        origins = communes.map { $0?.centre }
        var departementIDsByCode: [String: Int32] = [:]
        for (id, departement) in gazetteer.departements.enumerated() { departementIDsByCode[departement.code] = Int32(id) }
        var regionIDsByCode: [String: Int32] = [:]
        for (id, region) in gazetteer.regions.enumerated() { regionIDsByCode[region.code] = Int32(id) }
        self.departementIDsByCode = departementIDsByCode
        self.regionIDsByCode = regionIDsByCode
        let departementIDs = communes.map { $0.flatMap { departementIDsByCode[$0.departementCode] } ?? -1 }
        let regionIDs = communes.map { $0.flatMap { regionIDsByCode[$0.regionCode] } ?? -1 }
        self.departementIDs = departementIDs
        self.regionIDs = regionIDs
        var byDepartement = [[Int32]](repeating: [], count: departementIDsByCode.count)
        var byRegion = [[Int32]](repeating: [], count: regionIDsByCode.count)
        var grid: [Int64: [Int32]] = [:]
        for position in structures.indices {
            if departementIDs[position] >= 0 { byDepartement[Int(departementIDs[position])].append(Int32(position)) }
            if regionIDs[position] >= 0 { byRegion[Int(regionIDs[position])].append(Int32(position)) }
            if let centre = communes[position]?.centre { grid[Self.cell(centre), default: []].append(Int32(position)) }
        }
        positionsByDepartement = byDepartement
        positionsByRegion = byRegion
        self.grid = grid
        let sortKeys = structures.indices.map { Array(SearchText.fold(structures[$0].name).utf8) }
        nameOrder = {
            let sorted = structures.indices.sorted { sortKeys[$0].lexicographicallyPrecedes(sortKeys[$1]) }
            var order = [Int32](repeating: 0, count: structures.count)
            for (rank, position) in sorted.enumerated() { order[position] = Int32(rank) }
            return order
        }()
        var sectorIDs: [String: Int32] = [:]
        var groupIDs: [String: Int32] = [:]
        var names: [String: String] = [:]
        var groupOf: [String: String] = [:]
        for (groupID, group) in taxonomy.groups.enumerated() {
            groupIDs[group.slug] = Int32(groupID)
            for sector in group.sectors {
                sectorIDs[sector.slug] = Int32(sectorIDs.count)
                names[sector.slug] = sector.name
                groupOf[sector.slug] = sector.groupSlug
            }
        }
        self.sectorIDs = sectorIDs
        self.groupIDs = groupIDs
        sectorNames = names
        sectorGroupOf = groupOf
        var starts: [Int32] = [0]
        var owners: [Int32] = []
        var sectorsOfActivities: [Int32] = []
        var groupsOfActivities: [Int32] = []
        var typesOfActivities: [UInt8] = []
        var reaches = ReachTable(gazetteer: gazetteer)
        for position in structures.indices {
            for activity in structures[position].activities {
                sectorsOfActivities.append(sectorIDs[activity.sectorSlug] ?? -1)
                groupsOfActivities.append(groupOf[activity.sectorSlug].flatMap { groupIDs[$0] } ?? -1)
                typesOfActivities.append(Self.mask(activity.serviceTypes))
                reaches.append(activity.reach, from: origins[position])
                owners.append(Int32(position))
            }
            starts.append(Int32(reaches.count))
        }
        activityStarts = starts
        activityOwners = owners
        activitySectors = sectorsOfActivities
        activityGroups = groupsOfActivities
        activityTypes = typesOfActivities
        self.reaches = reaches

        // Inverted index: word → structures, keeping for each the most telling field. The
        // structures are split in as many chunks as there are cores, indexed at the same time,
        // and the chunks' tables merged in order (positions stay sorted).
        let chunkCount = max(1, min(ProcessInfo.processInfo.activeProcessorCount, structures.count / 2000))
        let chunkSize = (structures.count + chunkCount - 1) / max(chunkCount, 1)
        let tables = Mutex([WordTable](repeating: WordTable(), count: chunkCount))
        let sectorNamesBySlug = names, groupsBySector = groupOf
        DispatchQueue.concurrentPerform(iterations: chunkCount) { chunk in
            let range = (chunk * chunkSize)..<min((chunk + 1) * chunkSize, structures.count)
            let table = Self.wordTable(structures, range: range, communes: communes, taxonomy: taxonomy, sectorNames: sectorNamesBySlug, groupOf: groupsBySector)
            tables.withLock { $0[chunk] = table }
        }
        var merged: [String: [Posting]] = [:]
        for part in tables.withLock({ $0 }) {
            for (id, word) in part.words.enumerated() { merged[word, default: []] += part.postings[id] }
        }
        let sortedWords = merged.keys.sorted()
        vocabulary = sortedWords
        postings = sortedWords.map { merged[$0]! }
    }

    /// The words of the structures in `range`, each with the structures that hold it.
    private static func wordTable(
        _ structures: [Structure], range: Range<Int>, communes: [Commune?], taxonomy: SectorTaxonomy,
        sectorNames: [String: String], groupOf: [String: String]
    ) -> WordTable {
        var table = WordTable()
        // Sector names, kinds, labels and communes come back structure after structure.
        var idsOfText: [String: [Int32]] = [:]
        func add(recurring text: String?, _ field: Field) {
            guard let text else { return }
            if let ids = idsOfText[text] { return table.add(ids: ids, field) }
            let ids = table.ids(of: text)
            idsOfText[text] = ids
            table.add(ids: ids, field)
        }
        for position in range {
            let structure = structures[position]
            table.add(structure.name, .name)
            table.add(structure.brand, .brand)
            for activity in structure.activities {
                let slug = activity.sectorSlug
                add(recurring: sectorNames[slug], .sector)
                if let group = groupOf[slug] { add(recurring: taxonomy.group(group)?.name, .sector) }
            }
            add(recurring: structure.kind.rawValue, .label)
            add(recurring: structure.kind.label, .label)
            for label in structure.labels { add(recurring: label, .label) }
            for network in structure.networks { add(recurring: network, .label) }
            add(recurring: communes[position]?.name.name, .place)
            table.add(structure.description, .description)
            for activity in structure.activities { table.add(activity.description, .description) }
            table.endStructure(at: position)
        }
        return table
    }

    static let cellsPerDegree = 2.0

    static func cell(_ point: GeoPoint) -> Int64 {
        cell(latitude: Int64((point.latitude * cellsPerDegree).rounded(.down)), longitude: Int64((point.longitude * cellsPerDegree).rounded(.down)))
    }

    static func cell(latitude: Int64, longitude: Int64) -> Int64 { latitude << 32 | (longitude & 0xFFFF_FFFF) }

    /// Structures whose commune lies in the grid cells around `centre` that a circle of `km` can
    /// reach; the exact distance is checked afterwards.
    private func positions(near centre: GeoPoint, km: Double) -> [Int] {
        let latitudeSpan = km / GeoPoint.kilometresPerDegreeOfLatitude
        let shrink = cos(min(89, abs(centre.latitude) + latitudeSpan) * Double.pi / 180)
        let longitudeSpan = shrink > 0.01 ? latitudeSpan / shrink : 360
        guard latitudeSpan < 45, longitudeSpan < 90 else { return Array(structures.indices) }
        let lowLatitude = Int64(((centre.latitude - latitudeSpan) * Self.cellsPerDegree).rounded(.down))
        let highLatitude = Int64(((centre.latitude + latitudeSpan) * Self.cellsPerDegree).rounded(.down))
        let lowLongitude = Int64(((centre.longitude - longitudeSpan) * Self.cellsPerDegree).rounded(.down))
        let highLongitude = Int64(((centre.longitude + longitudeSpan) * Self.cellsPerDegree).rounded(.down))
        var found: [Int] = []
        for latitude in lowLatitude...highLatitude {
            for longitude in lowLongitude...highLongitude {
                for position in grid[Self.cell(latitude: latitude, longitude: longitude)] ?? [] { found.append(Int(position)) }
            }
        }
        return found.sorted()
    }

    static func mask(_ types: [ServiceType]) -> UInt8 {
        types.reduce(0) { $0 | (1 << UInt8(ServiceType.allCases.firstIndex(of: $1)!)) }
    }

    public var count: Int { structures.count }

    public func structure(id: UUID) -> Structure? { positionsById[id].map { structures[$0] } }

    // MARK: Search

    /// The requested page of results.
    public func search(_ query: StructureQuery) -> StructureSearchResult {
        let found = matches(query)
        let total = found.matches.count
        // Pages past the end are empty (a query built in code may skip validation: no overflow).
        let (offset, overflow) = (max(query.page, 1) - 1).multipliedReportingOverflow(by: query.size)
        let start = overflow ? total : min(offset, total)
        let end = min(start + query.size, total)
        let ordered = order(found.matches, by: query.sort, hasText: found.text != nil, keeping: end)
        return StructureSearchResult(
            hits: ordered[start..<end].map { hit($0, query: query, text: found.text) }, total: total,
            page: query.page, size: query.size, countsByKind: found.counts, place: found.place
        )
    }

    /// Every result, in order, for exports.
    public func allHits(_ query: StructureQuery) -> [StructureHit] {
        let found = matches(query)
        return order(found.matches, by: query.sort, hasText: found.text != nil, keeping: found.matches.count)
            .map { hit($0, query: query, text: found.text) }
    }

    private struct Match {
        var position: Int32
        var score: Int32
        /// Infinity when no place was given or the structure has no known place.
        var distance: Double
    }

    /// The activity filters of a query, as masks over interned ids. A class: the search loop
    /// hands it around without copying its arrays.
    private final class ActivityFilter {
        let sectors: [Bool]
        let groups: [Bool]
        let bySector: Bool
        let types: UInt8
        let covered: ReachTable.Place?

        init(sectors: [Bool], groups: [Bool], bySector: Bool, types: UInt8, covered: ReachTable.Place?) {
            self.sectors = sectors
            self.groups = groups
            self.bySector = bySector
            self.types = types
            self.covered = covered
        }
    }

    private func matches(_ query: StructureQuery) -> (matches: [Match], counts: [StructureKind: Int], place: Commune?, text: TextMatches?) {
        let place = query.placeCode.flatMap(gazetteer.commune)
        let placeCentre = place?.centre
        let textMatches = query.text.map(matchText)
        let departement = query.departement.map { departementIDsByCode[$0] ?? -2 }
        let region = query.region.map { regionIDsByCode[$0] ?? -2 }
        let kindMask: UInt16 = query.kinds.reduce(0) { $0 | (1 << UInt16(Self.kindOrder.firstIndex(of: $1)!)) }
        var filter: ActivityFilter?
        if query.filtersActivities {
            var sectors = [Bool](repeating: false, count: sectorIDs.count)
            for slug in query.sectors { if let id = sectorIDs[slug] { sectors[Int(id)] = true } }
            var groups = [Bool](repeating: false, count: groupIDs.count)
            for slug in query.sectorGroups { if let id = groupIDs[slug] { groups[Int(id)] = true } }
            filter = ActivityFilter(
                sectors: sectors, groups: groups, bySector: !query.sectors.isEmpty || !query.sectorGroups.isEmpty,
                types: Self.mask(Array(query.serviceTypes)), covered: query.covers.flatMap(gazetteer.commune).map(reaches.place)
            )
        }
        // With a place to cover, the reach table names the covering activities at once; the
        // other activity filters are checked on those only.
        var coveredStructures: [Bool]?
        if let filter, let place = filter.covered {
            var covered = [Bool](repeating: false, count: structures.count)
            reaches.covering(place) { activity in
                if activityPassesFilters(activity, filter) { covered[Int(activityOwners[activity])] = true }
            }
            coveredStructures = covered
        }
        let nearRadius = query.near != nil ? query.radiusKm : nil
        var counts = [Int](repeating: 0, count: Self.kindOrder.count)
        var matches: [Match] = []
        matches.reserveCapacity(1024)

        func consider(_ position: Int) {
            if let departement, departementIDs[position] != departement { return }
            if let region, regionIDs[position] != region { return }
            var distance = Double.infinity
            if let nearRadius, let placeCentre {
                guard let origin = origins[position],
                      abs(origin.latitude - placeCentre.latitude) * GeoPoint.kilometresPerDegreeOfLatitude <= nearRadius
                else { return }
                distance = origin.distanceKm(to: placeCentre)
                guard distance <= nearRadius else { return }
            }
            if let coveredStructures {
                guard coveredStructures[position] else { return }
            } else if let filter, !activityMatches(position, filter) {
                return
            }
            let kind = Int(kindIndexes[position])
            counts[kind] += 1
            if kindMask != 0, kindMask & (1 << UInt16(kind)) == 0 { return }
            if distance == .infinity, let placeCentre, let origin = origins[position] {
                distance = origin.distanceKm(to: placeCentre)
            }
            let score = textMatches.map { $0.scores.isEmpty ? 0 : $0.scores[position] } ?? 0
            matches.append(Match(position: Int32(position), score: score, distance: distance))
        }

        // Start from the smallest list that every match must belong to; `consider` checks the rest.
        if let textMatches {
            for position in textMatches.positions { consider(position) }
        } else if let coveredStructures {
            for position in structures.indices where coveredStructures[position] { consider(position) }
        } else if let departement {
            for position in departement >= 0 ? positionsByDepartement[Int(departement)] : [] { consider(Int(position)) }
        } else if let region {
            for position in region >= 0 ? positionsByRegion[Int(region)] : [] { consider(Int(position)) }
        } else if let nearRadius, let placeCentre {
            for position in positions(near: placeCentre, km: nearRadius) { consider(position) }
        } else {
            for position in structures.indices { consider(position) }
        }
        var countsByKind: [StructureKind: Int] = [:]
        for (index, count) in counts.enumerated() where count > 0 { countsByKind[Self.kindOrder[index]] = count }
        return (matches, countsByKind, place, textMatches)
    }

    /// Whether one of the structure's activities passes every activity filter (without a place
    /// to cover: those go through the reach table).
    private func activityMatches(_ position: Int, _ filter: ActivityFilter) -> Bool {
        for activity in Int(activityStarts[position])..<Int(activityStarts[position + 1]) where activityPassesFilters(activity, filter) {
            return true
        }
        return false
    }

    private func activityPassesFilters(_ activity: Int, _ filter: ActivityFilter) -> Bool {
        if filter.bySector {
            let sector = activitySectors[activity], group = activityGroups[activity]
            let inSector = sector >= 0 && filter.sectors[Int(sector)]
            let inGroup = group >= 0 && filter.groups[Int(group)]
            guard inSector || inGroup else { return false }
        }
        return filter.types == 0 || activityTypes[activity] & filter.types != 0
    }

    /// The first `keeping` matches in the order asked. A page needs few of many: those are picked
    /// in one pass rather than by sorting everything.
    private func order(_ matches: [Match], by sort: StructureQuery.Sort, hasText: Bool, keeping: Int) -> [Match] {
        let order = nameOrder
        let before: (Match, Match) -> Bool
        switch sort {
        case .name:
            before = { order[Int($0.position)] < order[Int($1.position)] }
        case .distance:
            before = { $0.distance != $1.distance ? $0.distance < $1.distance : order[Int($0.position)] < order[Int($1.position)] }
        case .relevance:
            before = { lhs, rhs in
                if hasText, lhs.score != rhs.score { return lhs.score > rhs.score }
                if lhs.distance != rhs.distance { return lhs.distance < rhs.distance }
                return order[Int(lhs.position)] < order[Int(rhs.position)]
            }
        }
        guard keeping > 0 else { return [] }
        if keeping * 8 >= matches.count {
            return Array(matches.sorted(by: before).prefix(keeping))
        }
        var top: [Match] = []
        top.reserveCapacity(keeping + 1)
        for match in matches {
            if top.count == keeping {
                guard before(match, top[keeping - 1]) else { continue }
                top.removeLast()
            }
            var low = 0, high = top.count
            while low < high {
                let mid = (low + high) / 2
                if before(top[mid], match) { low = mid + 1 } else { high = mid }
            }
            top.insert(match, at: low)
        }
        return top
    }

    // MARK: Reasons, for the results shown

    private func hit(_ match: Match, query: StructureQuery, text: TextMatches?) -> StructureHit {
        let position = Int(match.position)
        let structure = structures[position]
        var reasons: [String] = []
        if let text { reasons.append(textReason(position, text)) }
        if query.filtersActivities {
            reasons += activityReasons(structure, origin: origins[position], query: query, covered: query.covers.flatMap(gazetteer.commune))
        }
        if query.near != nil, let place = query.placeCode.flatMap(gazetteer.commune), match.distance.isFinite {
            reasons.append(match.distance < 1 ? "située à \(place.name.name)" : "située à \(Int(match.distance.rounded())) km \(place.name.withDe)")
        }
        return StructureHit(structure: structure, distanceKm: match.distance.isFinite ? match.distance : nil, reasons: reasons.filter { !$0.isEmpty })
    }

    /// The reasons of the activity that satisfies every activity filter most precisely.
    private func activityReasons(_ structure: Structure, origin: GeoPoint?, query: StructureQuery, covered: Commune?) -> [String] {
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
        guard let best else { return [] }
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
