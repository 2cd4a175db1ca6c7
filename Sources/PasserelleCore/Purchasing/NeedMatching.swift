import Foundation
import Synchronization

/// A structure that may answer a need, with why, in French, and its rank.
public struct NeedMatch: Sendable {
    public var structure: Structure
    public var reasons: [String]
    /// From the structure's commune to the need's place, when the need has one.
    public var distanceKm: Double?
    /// Higher first: environmental fit, closeness, profile completeness, past answer rate.
    public var score: Double
}

/// The matching rule of DESIGN.md ("Rules that cross modules"): a structure matches when one of
/// its activities has a sector of the need, a service type of the need, and a reach that covers
/// the need's place (national reaches only when the need welcomes national suppliers), and its
/// kind is admitted by the need's clauses. Results are ranked and explained.
///
/// Built once per directory (`DirectoryIndex.needMatcher`): activities are listed by sector, so a
/// need only looks at the activities of its sectors, and what ranking needs of each structure
/// (place, completeness, environmental fit) is computed in advance.
public final class NeedMatcher: Sendable {
    public let gazetteer: Gazetteer
    public let taxonomy: SectorTaxonomy
    public let structures: [Structure]

    private struct ActivityRef: Sendable {
        var structure: Int32
        var types: UInt8
        var reach: Reach
        var sector: String
    }

    private let activitiesBySector: [String: [ActivityRef]]
    private let kinds: [StructureKind]
    private let communes: [Commune?]
    private let origins: [GeoPoint?]
    private let footprints = Mutex<[[Perimeter]: Footprint]>([:])
    private let completeness: [Double]
    private let environmentalFits: [String?]

    /// Groups whose activities count as reuse and recycling for an environmental clause.
    public static let reuseSectorGroups: Set<String> = ["recyclage-economie-circulaire", "collecte-traitement-des-dechets"]
    /// Words of labels that say an environmental commitment (compared without accents or case).
    public static let environmentalLabelWords = ["14001", "ecolabel", "ecocert", "imprim", "lucie", "bas carbone", "emas", "clef verte", "envol", "refashion"]

    public init(structures: [Structure], gazetteer: Gazetteer, taxonomy: SectorTaxonomy) {
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy
        self.structures = structures
        var bySector: [String: [ActivityRef]] = [:]
        var kinds: [StructureKind] = [], communes: [Commune?] = [], completeness: [Double] = [], fits: [String?] = []
        kinds.reserveCapacity(structures.count)
        for position in structures.indices {
            kinds.append(structures[position].kind)
            communes.append(structures[position].communeCode.flatMap(gazetteer.commune))
            completeness.append(Self.completeness(of: structures[position]))
            fits.append(Self.environmentalFit(structures[position], taxonomy: taxonomy))
            for activity in structures[position].activities {
                let types = activity.serviceTypes.reduce(UInt8(0)) { $0 | Self.bit($1) }
                bySector[activity.sectorSlug, default: []].append(ActivityRef(structure: Int32(position), types: types, reach: activity.reach, sector: activity.sectorSlug))
            }
        }
        activitiesBySector = bySector
        self.kinds = kinds
        self.communes = communes
        origins = communes.map { $0?.centre }
        self.completeness = completeness
        environmentalFits = fits
    }

    private static func bit(_ type: ServiceType) -> UInt8 { 1 << UInt8(ServiceType.allCases.firstIndex(of: type)!) }

    /// A matching structure before its reasons are written.
    public struct Candidate: Sendable {
        public var position: Int
        public var kind: StructureKind
        public var distanceKm: Double?
        public var score: Double
        fileprivate var sector: String
        fileprivate var coverage: PlaceCoverage
    }

    /// The structures whose activities serve a need's sectors, service types and place, whatever
    /// their kind: what the territory offers. `rank` narrows it to the kinds the clauses admit;
    /// the inclusive potential counts it whole.
    public struct Offer: Sendable {
        fileprivate struct Found: Sendable {
            var position: Int32
            var sector: String
            var coverage: PlaceCoverage
            var distanceKm: Double?
        }

        fileprivate var found: [Found]
        /// The kind of each structure of the offer.
        public var kinds: [StructureKind]
    }

    public func offer(_ target: NeedTarget) -> Offer {
        guard !target.sectors.isEmpty else { return Offer(found: [], kinds: []) }
        let place = place(for: target.location)
        let needsCommune = place.needsLocatedCommune
        let types = target.serviceTypes.reduce(UInt8(0)) { $0 | Self.bit($1) }
        var best: [Int32: Offer.Found] = [:]
        for sector in target.sectors {
            guard let activities = activitiesBySector[sector] else { continue }
            for activity in activities where types == 0 || activity.types & types != 0 {
                let position = Int(activity.structure)
                let origin = origins[position]
                guard let coverage = place.coverage(of: activity.reach, origin: origin, located: needsCommune ? communes[position] : nil,
                                                    acceptsNational: target.acceptsNationalSuppliers) else { continue }
                if best[activity.structure].map({ coverage.precision > $0.coverage.precision }) ?? true {
                    best[activity.structure] = Offer.Found(position: activity.structure, sector: activity.sector, coverage: coverage, distanceKm: place.distance(from: origin))
                }
            }
        }
        let found = Array(best.values)
        return Offer(found: found, kinds: found.map { kinds[Int($0.position)] })
    }

    /// Every matching structure, best first, without reasons: as many as there are, cheaply.
    /// `answerRates` gives, per structure, the share of the needs it received that it answered
    /// (unknown structures count as 0.5). `offer`, when given, is the target's offer already found.
    public func rank(_ target: NeedTarget, in offer: Offer? = nil, answerRates: [UUID: Double] = [:]) -> [Candidate] {
        let admitted = target.admittedKinds
        guard !admitted.isEmpty else { return [] }
        let environmental = target.clauses.contains(.environmental)
        var candidates: [Candidate] = []
        for found in (offer ?? self.offer(target)).found {
            let position = Int(found.position)
            guard admitted.contains(kinds[position]) else { continue }
            let closeness = found.distanceKm.map { 1 / (1 + $0 / 20) } ?? 0.5
            let green = environmental && environmentalFits[position] != nil
            let rate = answerRates.isEmpty ? 0.5 : answerRates[structures[position].id] ?? 0.5
            let score = (green ? 10 : 0) + 0.5 * closeness + 0.3 * completeness[position] + 0.2 * rate
            candidates.append(Candidate(position: position, kind: kinds[position], distanceKm: found.distanceKm, score: score, sector: found.sector, coverage: found.coverage))
        }
        return candidates.sorted { $0.score != $1.score ? $0.score > $1.score : structures[$0.position].name < structures[$1.position].name }
    }

    /// The need's place, with the footprint of its perimeters kept for the next needs that name
    /// the same ones (a département, a région: buyers name the same few).
    private func place(for location: NeedLocation) -> Place {
        guard case .perimeters(let perimeters) = location, !perimeters.contains(.country) else { return Place(location, gazetteer: gazetteer) }
        if let footprint = footprints.withLock({ $0[perimeters] }) { return Place(perimeters: perimeters, footprint: footprint) }
        let footprint = Footprint(perimeters: perimeters, gazetteer: gazetteer)
        footprints.withLock { cache in
            if cache.count >= 256 { cache.removeAll() }
            cache[perimeters] = footprint
        }
        return Place(perimeters: perimeters, footprint: footprint)
    }

    /// The candidate with its reasons, in French.
    public func explain(_ candidate: Candidate, for target: NeedTarget) -> NeedMatch {
        let structure = structures[candidate.position]
        let place = Place(target.location, gazetteer: gazetteer, footprint: false)
        var reasons = ["secteur \(taxonomy.sector(candidate.sector)?.name ?? candidate.sector)", candidate.coverage.explanation(gazetteer: gazetteer, place: place)]
        if target.clauses.contains(where: { $0.admittedKinds != nil }) {
            let byReservation = target.clauses.contains(.reservedSIAE) && structure.kind.isSIAE ? "le marché réservé aux SIAE" : "le marché réservé aux STPA"
            reasons.append("\(structure.kind.acronym), admise par \(byReservation)")
        }
        if target.clauses.contains(.environmental), let fit = environmentalFits[candidate.position] { reasons.append(fit) }
        return NeedMatch(structure: structure, reasons: reasons, distanceKm: candidate.distanceKm, score: candidate.score)
    }

    /// The structure a candidate's position stands for.
    public func structure(at position: Int) -> Structure { structures[position] }

    /// Every matching structure with its reasons, best first.
    public func matches(_ target: NeedTarget, answerRates: [UUID: Double] = [:]) -> [NeedMatch] {
        rank(target, answerRates: answerRates).map { explain($0, for: target) }
    }

    /// "activité de réemploi : Recyclage textiles", "label ISO 14001"; nil when neither.
    static func environmentalFit(_ structure: Structure, taxonomy: SectorTaxonomy) -> String? {
        if let reuse = structure.activities.first(where: { taxonomy.sector($0.sectorSlug).map { reuseSectorGroups.contains($0.groupSlug) } ?? false }) {
            return "activité de réemploi ou de recyclage : \(taxonomy.sector(reuse.sectorSlug)?.name ?? reuse.sectorSlug)"
        }
        if let label = structure.labels.first(where: { label in
            let folded = label.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            return environmentalLabelWords.contains { folded.contains($0) }
        }) {
            return "engagement environnemental : \(label)"
        }
        return nil
    }

    /// Share of the profile's optional facts that are given, from 0 to 1.
    public static func completeness(of structure: Structure) -> Double {
        let facts: [Bool] = [
            structure.description?.isEmpty == false, structure.phone != nil || structure.email != nil, structure.website != nil,
            structure.address != nil, structure.insertionStaff != nil || structure.permanentStaff != nil, !structure.labels.isEmpty,
            !structure.clientReferences.isEmpty, structure.activities.contains { $0.description?.isEmpty == false },
        ]
        return Double(facts.filter { $0 }.count) / Double(facts.count)
    }

    // MARK: The need's place

    /// Why an activity serves the need's place.
    enum PlaceCoverage: Sendable {
        case reach(Coverage, Commune)
        /// The structure lies within the radius the buyer gave around the place.
        case nearby(distanceKm: Double, Commune)
        case locatedIn(Perimeter)
        case reachOverlaps(Perimeter)
        case radiusReaches(Perimeter)
        case nationalNeed

        var precision: Int {
            switch self {
            case .reach(let coverage, _): 10 + coverage.precision
            case .nearby: 9
            case .locatedIn: 8
            case .reachOverlaps: 7
            case .radiusReaches: 6
            case .nationalNeed: 0
            }
        }

        func explanation(gazetteer: Gazetteer, place: Place) -> String {
            switch self {
            case .reach(let coverage, let commune): gazetteer.explain(coverage, for: commune)
            case .nearby(let distance, let commune): "située à \(DistanceFormat.kilometres(distance.rounded())) \(commune.name.withDe)"
            case .locatedIn(let perimeter): "située dans \(gazetteer.label(of: perimeter))"
            case .reachOverlaps(let perimeter): "intervient sur \(gazetteer.label(of: perimeter))"
            case .radiusReaches(let perimeter): "son rayon d’intervention atteint \(gazetteer.label(of: perimeter))"
            case .nationalNeed: "besoin national"
            }
        }
    }

    /// The need's place, prepared once for the whole directory.
    struct Place: Sendable {
        enum Shape: Sendable {
            case commune(Commune, radiusKm: Double?)
            case perimeters([Perimeter], Footprint)
            case national
        }

        let shape: Shape

        init(perimeters: [Perimeter], footprint: Footprint) {
            shape = .perimeters(perimeters, footprint)
        }

        /// Whether coverage looks at the structure's commune itself (located inside a perimeter).
        var needsLocatedCommune: Bool {
            if case .perimeters = shape { return true }
            return false
        }

        /// `footprint: false` when only explanations are needed (they do not look at communes).
        init(_ location: NeedLocation, gazetteer: Gazetteer, footprint: Bool = true) {
            switch location {
            case .national:
                shape = .national
            case .place(let code, let radius):
                if let commune = gazetteer.commune(code) {
                    shape = .commune(commune, radiusKm: radius)
                } else {
                    shape = .perimeters([], Footprint())
                }
            case .perimeters(let perimeters):
                shape = perimeters.contains(.country) ? .national : .perimeters(perimeters, footprint ? Footprint(perimeters: perimeters, gazetteer: gazetteer) : Footprint())
            }
        }

        func distance(from origin: GeoPoint?) -> Double? {
            guard case .commune(let commune, _) = shape, let origin, let centre = commune.centre else { return nil }
            return origin.distanceKm(to: centre)
        }

        func coverage(of reach: Reach, origin: GeoPoint?, located: Commune?, acceptsNational: Bool) -> PlaceCoverage? {
            let nationalReach: Bool = {
                if case .national = reach { return true }
                if case .perimeters(let zones) = reach { return zones.contains(.country) }
                return false
            }()
            switch shape {
            case .national:
                return .nationalNeed
            case .commune(let commune, let radius):
                if nationalReach {
                    return acceptsNational ? .reach(.national, commune) : nil
                }
                if let coverage = ReachRule.coverage(of: reach, from: origin, covering: commune) {
                    return .reach(coverage, commune)
                }
                if let radius, let origin, let centre = commune.centre {
                    let distance = origin.distanceKm(to: centre)
                    if distance <= radius { return .nearby(distanceKm: distance, commune) }
                }
                return nil
            case .perimeters(let perimeters, let footprint):
                if nationalReach {
                    return acceptsNational ? .reachOverlaps(.country) : nil
                }
                if let located, let perimeter = perimeters.first(where: { ReachRule.contains($0, located) }) {
                    return .locatedIn(perimeter)
                }
                switch reach {
                case .national:
                    return nil
                case .perimeters(let zones):
                    for zone in zones {
                        if let perimeter = footprint.perimeter(overlapping: zone) { return .reachOverlaps(perimeter) }
                    }
                    return nil
                case .radius(let km):
                    guard let origin, let perimeter = footprint.perimeter(within: km, of: origin) else { return nil }
                    return .radiusReaches(perimeter)
                }
            }
        }
    }

    /// The communes of a list of perimeters, indexed so that "does this zone overlap it" and "is
    /// any of its communes within N km" are cheap to ask for every activity of the directory.
    struct Footprint: Sendable {
        private var perimeterOfCommune: [String: Perimeter] = [:]
        private var perimeterOfEPCI: [String: Perimeter] = [:]
        private var perimeterOfDepartement: [String: Perimeter] = [:]
        private var perimeterOfRegion: [String: Perimeter] = [:]
        /// Commune centres by cell of a grid of tenths of a degree.
        private var cells: [Int64: [(GeoPoint, Perimeter)]] = [:]
        /// The box around those centres: most of the directory is far from it, and told so at once.
        private var south = Double.infinity, north = -Double.infinity, west = Double.infinity, east = -Double.infinity
        private static let cellDegrees = 0.1

        init() {}

        init(perimeters: [Perimeter], gazetteer: Gazetteer) {
            guard !perimeters.isEmpty else { return }
            for commune in gazetteer.communes {
                guard let perimeter = perimeters.first(where: { ReachRule.contains($0, commune) }) else { continue }
                perimeterOfCommune[commune.code] = perimeter
                if let parent = commune.parentCode, perimeterOfCommune[parent] == nil { perimeterOfCommune[parent] = perimeter }
                if let epci = commune.epciSiren, perimeterOfEPCI[epci] == nil { perimeterOfEPCI[epci] = perimeter }
                if perimeterOfDepartement[commune.departementCode] == nil { perimeterOfDepartement[commune.departementCode] = perimeter }
                if perimeterOfRegion[commune.regionCode] == nil { perimeterOfRegion[commune.regionCode] = perimeter }
                if let centre = commune.centre {
                    cells[Self.cell(centre), default: []].append((centre, perimeter))
                    south = min(south, centre.latitude)
                    north = max(north, centre.latitude)
                    west = min(west, centre.longitude)
                    east = max(east, centre.longitude)
                }
            }
        }

        static func cell(_ point: GeoPoint) -> Int64 {
            cell(row: Int64((point.latitude / cellDegrees).rounded(.down)), column: Int64((point.longitude / cellDegrees).rounded(.down)))
        }

        static func cell(row: Int64, column: Int64) -> Int64 { row &* 100_000 &+ column }

        /// A perimeter of the need that shares a commune with `zone`.
        func perimeter(overlapping zone: Perimeter) -> Perimeter? {
            switch zone {
            case .commune(let code): perimeterOfCommune[code]
            case .epci(let siren): perimeterOfEPCI[siren]
            case .departement(let code): perimeterOfDepartement[code]
            case .region(let code): perimeterOfRegion[code]
            case .country: nil
            }
        }

        /// A perimeter of the need with a commune centre within `km` of `origin`.
        func perimeter(within km: Double, of origin: GeoPoint) -> Perimeter? {
            let latitudeSpan = km / GeoPoint.kilometresPerDegreeOfLatitude
            // The circle is widest, in degrees of longitude, at its edge nearest the pole.
            let longitudeSpan = latitudeSpan / max(cos(min(89, abs(origin.latitude) + latitudeSpan) * .pi / 180), 0.01)
            guard origin.latitude >= south - latitudeSpan, origin.latitude <= north + latitudeSpan,
                  origin.longitude >= west - longitudeSpan, origin.longitude <= east + longitudeSpan else { return nil }
            let rows = Int64(((origin.latitude - latitudeSpan) / Self.cellDegrees).rounded(.down))...Int64(((origin.latitude + latitudeSpan) / Self.cellDegrees).rounded(.down))
            let columns = Int64(((origin.longitude - longitudeSpan) / Self.cellDegrees).rounded(.down))...Int64(((origin.longitude + longitudeSpan) / Self.cellDegrees).rounded(.down))
            // A wide circle over a small perimeter: walking the perimeter's cells is shorter.
            if rows.count * columns.count > cells.count {
                for points in cells.values {
                    if let hit = points.first(where: { origin.distanceKm(to: $0.0) <= km }) { return hit.1 }
                }
                return nil
            }
            for row in rows {
                for column in columns {
                    guard let points = cells[Self.cell(row: row, column: column)] else { continue }
                    if let hit = points.first(where: { origin.distanceKm(to: $0.0) <= km }) { return hit.1 }
                }
            }
            return nil
        }
    }
}
