/// `ReachRule` over interned codes, for checking one commune against every reach of the
/// directory in a search. It answers exactly as `ReachRule.covers` (a test holds it to that) but
/// compares integers instead of strings and never copies a reach.
public struct ReachTable: Sendable {
    /// A commune as the table compares it: the ids of the places it lies in.
    public struct Place: Sendable {
        let commune: Int32
        let parent: Int32
        let epci: Int32
        let departement: Int32
        let region: Int32
        let centre: GeoPoint?
    }

    private enum Kind: UInt8 {
        case national, radius, perimeters
    }

    private enum Level: UInt8 {
        case commune, epci, departement, region, country
    }

    private let communeIDs: [String: Int32]
    private let epciIDs: [String: Int32]
    private let departementIDs: [String: Int32]
    private let regionIDs: [String: Int32]
    private var kinds: [UInt8] = []
    private var radii: [Double] = []
    private var starts: [Int32] = [0]
    private var levels: [UInt8] = []
    private var ids: [Int32] = []

    public init(gazetteer: Gazetteer) {
        var communes: [String: Int32] = [:]
        communes.reserveCapacity(gazetteer.communes.count)
        for (index, commune) in gazetteer.communes.enumerated() { communes[commune.code] = Int32(index) }
        communeIDs = communes
        var epcis: [String: Int32] = [:]
        for commune in gazetteer.communes {
            if let siren = commune.epciSiren, epcis[siren] == nil { epcis[siren] = Int32(epcis.count) }
        }
        epciIDs = epcis
        departementIDs = Dictionary(uniqueKeysWithValues: gazetteer.departements.enumerated().map { ($1.code, Int32($0)) })
        regionIDs = Dictionary(uniqueKeysWithValues: gazetteer.regions.enumerated().map { ($1.code, Int32($0)) })
    }

    /// Number of reaches in the table.
    public var count: Int { kinds.count }

    /// Adds a reach; its index is the previous `count`.
    public mutating func append(_ reach: Reach) {
        switch reach {
        case .national:
            kinds.append(Kind.national.rawValue)
            radii.append(0)
        case .radius(let km):
            kinds.append(Kind.radius.rawValue)
            radii.append(km)
        case .perimeters(let perimeters):
            kinds.append(Kind.perimeters.rawValue)
            radii.append(0)
            for perimeter in perimeters {
                // Unknown codes get an id that no place has (-2), so they cover nothing.
                switch perimeter {
                case .commune(let code): levels.append(Level.commune.rawValue); ids.append(communeIDs[code] ?? -2)
                case .epci(let siren): levels.append(Level.epci.rawValue); ids.append(epciIDs[siren] ?? -2)
                case .departement(let code): levels.append(Level.departement.rawValue); ids.append(departementIDs[code] ?? -2)
                case .region(let code): levels.append(Level.region.rawValue); ids.append(regionIDs[code] ?? -2)
                case .country: levels.append(Level.country.rawValue); ids.append(0)
                }
            }
        }
        starts.append(Int32(levels.count))
    }

    public func place(of commune: Commune) -> Place {
        Place(
            commune: communeIDs[commune.code] ?? -1,
            parent: commune.parentCode.flatMap { communeIDs[$0] } ?? -1,
            epci: commune.epciSiren.flatMap { epciIDs[$0] } ?? -1,
            departement: departementIDs[commune.departementCode] ?? -1,
            region: regionIDs[commune.regionCode] ?? -1,
            centre: commune.centre
        )
    }

    /// Whether reach number `index`, of an actor whose commune centre is `origin`, covers `place`.
    public func covers(_ index: Int, from origin: GeoPoint?, _ place: Place) -> Bool {
        switch kinds[index] {
        case Kind.national.rawValue:
            return true
        case Kind.radius.rawValue:
            guard let origin, let centre = place.centre else { return false }
            let km = radii[index]
            guard abs(origin.latitude - centre.latitude) * GeoPoint.kilometresPerDegreeOfLatitude <= km else { return false }
            return origin.distanceKm(to: centre) <= km
        default:
            for entry in Int(starts[index])..<Int(starts[index + 1]) {
                let id = ids[entry]
                switch levels[entry] {
                case Level.commune.rawValue: if id == place.commune || id == place.parent { return true }
                case Level.epci.rawValue: if id == place.epci { return true }
                case Level.departement.rawValue: if id == place.departement { return true }
                case Level.region.rawValue: if id == place.region { return true }
                default: return true
                }
            }
            return false
        }
    }
}
