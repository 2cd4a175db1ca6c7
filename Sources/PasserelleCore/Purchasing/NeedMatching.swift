import Foundation

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
public struct NeedMatcher: Sendable {
    public let gazetteer: Gazetteer
    public let taxonomy: SectorTaxonomy

    public init(gazetteer: Gazetteer, taxonomy: SectorTaxonomy) {
        self.gazetteer = gazetteer
        self.taxonomy = taxonomy
    }

    /// Groups whose activities count as reuse and recycling for an environmental clause.
    public static let reuseSectorGroups: Set<String> = ["recyclage-economie-circulaire", "collecte-traitement-des-dechets"]
    /// Words of labels that say an environmental commitment (compared without accents or case).
    public static let environmentalLabelWords = ["14001", "ecolabel", "ecocert", "imprim", "lucie", "bas carbone", "emas", "clef verte", "envol", "refashion"]

    /// Every matching structure, best first. `answerRates` gives, per structure, the share of the
    /// needs it received that it answered (unknown structures count as 0.5).
    public func matches(_ target: NeedTarget, in structures: [Structure], answerRates: [UUID: Double] = [:]) -> [NeedMatch] {
        let admitted = target.admittedKinds
        guard !target.sectors.isEmpty, !admitted.isEmpty else { return [] }
        let place = Place(target.location, gazetteer: gazetteer)
        let environmental = target.clauses.contains(.environmental)
        let reserved = target.clauses.contains { $0.admittedKinds != nil }
        var found: [NeedMatch] = []
        for structure in structures where admitted.contains(structure.kind) {
            let commune = structure.communeCode.flatMap(gazetteer.commune)
            let origin = commune?.centre
            var best: (activity: Activity, coverage: PlaceCoverage)?
            for activity in structure.activities where target.sectors.contains(activity.sectorSlug) {
                guard target.serviceTypes.isEmpty || activity.serviceTypes.contains(where: target.serviceTypes.contains) else { continue }
                guard let coverage = place.coverage(of: activity.reach, origin: origin, located: commune, acceptsNational: target.acceptsNationalSuppliers) else { continue }
                if best.map({ coverage.precision > $0.coverage.precision }) ?? true { best = (activity, coverage) }
            }
            guard let (activity, coverage) = best else { continue }
            var reasons = ["secteur \(taxonomy.sector(activity.sectorSlug)?.name ?? activity.sectorSlug)", coverage.explanation(gazetteer: gazetteer, place: place)]
            if reserved {
                reasons.append("\(structure.kind.acronym), admise par \(target.clauses.contains(.reservedSIAE) && structure.kind.isSIAE ? "le marché réservé aux SIAE" : "le marché réservé aux STPA")")
            }
            let green = environmental ? environmentalFit(structure) : nil
            if let green { reasons.append(green) }
            let distance = place.distance(from: origin)
            let closeness = distance.map { 1 / (1 + $0 / 20) } ?? 0.5
            let score = (green == nil ? 0 : 10) + 0.5 * closeness + 0.3 * Self.completeness(of: structure) + 0.2 * (answerRates[structure.id] ?? 0.5)
            found.append(NeedMatch(structure: structure, reasons: reasons, distanceKm: distance, score: score))
        }
        return found.sorted { $0.score != $1.score ? $0.score > $1.score : $0.structure.name < $1.structure.name }
    }

    /// "activité de réemploi : Recyclage textiles", "label ISO 14001"; nil when neither.
    func environmentalFit(_ structure: Structure) -> String? {
        if let reuse = structure.activities.first(where: { taxonomy.sector($0.sectorSlug).map { Self.reuseSectorGroups.contains($0.groupSlug) } ?? false }) {
            return "activité de réemploi ou de recyclage : \(taxonomy.sector(reuse.sectorSlug)?.name ?? reuse.sectorSlug)"
        }
        if let label = structure.labels.first(where: { label in
            let folded = label.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
            return Self.environmentalLabelWords.contains { folded.contains($0) }
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
    enum PlaceCoverage {
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
    struct Place {
        enum Shape {
            case commune(Commune, radiusKm: Double?)
            case perimeters([Perimeter], Footprint)
            case national
        }

        let shape: Shape

        init(_ location: NeedLocation, gazetteer: Gazetteer) {
            switch location {
            case .national:
                shape = .national
            case .place(let code, let radius):
                if let commune = gazetteer.commune(code) {
                    shape = .commune(commune, radiusKm: radius)
                } else {
                    shape = .perimeters([], Footprint(perimeters: [], gazetteer: gazetteer))
                }
            case .perimeters(let perimeters):
                shape = perimeters.contains(.country) ? .national : .perimeters(perimeters, Footprint(perimeters: perimeters, gazetteer: gazetteer))
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
    struct Footprint {
        private var perimeterOfCommune: [String: Perimeter] = [:]
        private var perimeterOfEPCI: [String: Perimeter] = [:]
        private var perimeterOfDepartement: [String: Perimeter] = [:]
        private var perimeterOfRegion: [String: Perimeter] = [:]
        /// Commune centres by cell of a grid of tenths of a degree.
        private var cells: [Int64: [(GeoPoint, Perimeter)]] = [:]
        private static let cellDegrees = 0.1

        init(perimeters: [Perimeter], gazetteer: Gazetteer) {
            guard !perimeters.isEmpty else { return }
            for commune in gazetteer.communes {
                guard let perimeter = perimeters.first(where: { ReachRule.contains($0, commune) }) else { continue }
                perimeterOfCommune[commune.code] = perimeter
                if let parent = commune.parentCode, perimeterOfCommune[parent] == nil { perimeterOfCommune[parent] = perimeter }
                if let epci = commune.epciSiren, perimeterOfEPCI[epci] == nil { perimeterOfEPCI[epci] = perimeter }
                if perimeterOfDepartement[commune.departementCode] == nil { perimeterOfDepartement[commune.departementCode] = perimeter }
                if perimeterOfRegion[commune.regionCode] == nil { perimeterOfRegion[commune.regionCode] = perimeter }
                if let centre = commune.centre { cells[Self.cell(centre), default: []].append((centre, perimeter)) }
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
            let longitudeSpan = latitudeSpan / max(cos(origin.latitude * .pi / 180), 0.01)
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
