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
    private var origins: [GeoPoint?] = []
    private var nationals: [Int32] = []
    private var radiusReaches: [Int32] = []
    /// Reaches by the perimeter they list: level and id packed in one key.
    private var byPerimeter: [Int64: [Int32]] = [:]
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

    /// Adds the reach of an actor whose commune centre is `origin`; its index is the previous `count`.
    public mutating func append(_ reach: Reach, from origin: GeoPoint?) {
        let index = Int32(kinds.count)
        origins.append(origin)
        switch reach {
        case .national:
            kinds.append(Kind.national.rawValue)
            radii.append(0)
            nationals.append(index)
        case .radius(let km):
            kinds.append(Kind.radius.rawValue)
            radii.append(km)
            radiusReaches.append(index)
        case .perimeters(let perimeters):
            kinds.append(Kind.perimeters.rawValue)
            radii.append(0)
            for perimeter in perimeters {
                // Unknown codes get an id that no place has (-2), so they cover nothing.
                let level: Level, id: Int32
                switch perimeter {
                case .commune(let code): (level, id) = (.commune, communeIDs[code] ?? -2)
                case .epci(let siren): (level, id) = (.epci, epciIDs[siren] ?? -2)
                case .departement(let code): (level, id) = (.departement, departementIDs[code] ?? -2)
                case .region(let code): (level, id) = (.region, regionIDs[code] ?? -2)
                case .country: (level, id) = (.country, 0)
                }
                levels.append(level.rawValue)
                ids.append(id)
                byPerimeter[Self.key(level, id), default: []].append(index)
            }
        }
        starts.append(Int32(levels.count))
    }

    private static func key(_ level: Level, _ id: Int32) -> Int64 {
        Int64(level.rawValue) << 32 | Int64(UInt32(bitPattern: id))
    }

    /// Every reach that covers `place` (a reach listing several covering perimeters comes once
    /// per perimeter). Looks up perimeters and scans only the radius reaches, instead of every
    /// reach of the directory.
    public func covering(_ place: Place, _ body: (Int) -> Void) {
        for index in nationals { body(Int(index)) }
        if let centre = place.centre {
            for index in radiusReaches {
                let position = Int(index)
                guard let origin = origins[position] else { continue }
                let km = radii[position]
                guard abs(origin.latitude - centre.latitude) * GeoPoint.kilometresPerDegreeOfLatitude <= km,
                      origin.distanceKm(to: centre) <= km else { continue }
                body(position)
            }
        }
        let keys = [
            Self.key(.commune, place.commune), Self.key(.commune, place.parent), Self.key(.epci, place.epci),
            Self.key(.departement, place.departement), Self.key(.region, place.region), Self.key(.country, 0),
        ]
        for (offset, key) in keys.enumerated() {
            // A missing parent or EPCI (-1) is no place.
            if (offset == 1 && place.parent < 0) || (offset == 2 && place.epci < 0) { continue }
            for index in byPerimeter[key] ?? [] { body(Int(index)) }
        }
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

    /// Whether reach number `index` covers `place`.
    public func covers(_ index: Int, _ place: Place) -> Bool {
        switch kinds[index] {
        case Kind.national.rawValue:
            return true
        case Kind.radius.rawValue:
            guard let origin = origins[index], let centre = place.centre else { return false }
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
