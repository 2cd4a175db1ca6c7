import Foundation

/// What a person looks for around a commune.
public struct ServiceQuery: Hashable, Sendable {
    /// On-site services are kept within this distance of the commune's centre.
    public static let onSiteRadiusKm = 50.0
    /// One remote service after every this many on-site ones.
    public static let remoteEvery = 3

    public var communeCode: String
    /// Thématiques (a category already expanded to its own); empty: all.
    public var thematiques: Set<String>
    public var types: Set<String>
    public var fees: Set<ServiceFee>
    /// Publics asked for; a service for « tous publics » answers every one of them.
    public var publics: Set<String>
    public var receptionModes: Set<ReceptionMode>

    public init(communeCode: String, thematiques: Set<String> = [], types: Set<String> = [], fees: Set<ServiceFee> = [],
                publics: Set<String> = [], receptionModes: Set<ReceptionMode> = []) {
        self.communeCode = communeCode
        self.thematiques = thematiques
        self.types = types
        self.fees = fees
        self.publics = publics
        self.receptionModes = receptionModes
    }

    /// Whether the service's own features answer the filters (place aside).
    public func matchesFeatures(_ service: Service) -> Bool {
        guard service.status == .published else { return false }
        if !thematiques.isEmpty && !service.thematiques.contains(where: thematiques.contains) { return false }
        if !types.isEmpty && !(service.type.map(types.contains) ?? false) { return false }
        if !fees.isEmpty && !(service.fee.map(fees.contains) ?? false) { return false }
        if !publics.isEmpty && !service.publics.contains(where: { publics.contains($0) || $0 == "tous-publics" }) { return false }
        if !receptionModes.isEmpty && !service.receptionModes.contains(where: receptionModes.contains) { return false }
        return true
    }
}

/// A service found, with its distance when it is received on site within reach.
public struct ServiceHit: Hashable, Sendable {
    public var service: Service
    public var distanceKm: Double?
}

/// The rule of the search around a commune, as data·inclusion applies it: the zone must be empty
/// or cover the commune; an on-site service must lie within 50 km; a remote one is always kept.
public enum ServicePlacement {
    public static func hit(_ service: Service, around commune: Commune) -> ServiceHit? {
        guard service.zone.covers(commune) else { return nil }
        if service.isOnSite, let point = service.coordinates, let centre = commune.centre {
            let distance = point.distanceKm(to: centre)
            if distance <= ServiceQuery.onSiteRadiusKm { return ServiceHit(service: service, distanceKm: distance) }
        }
        return service.isRemote ? ServiceHit(service: service, distanceKm: nil) : nil
    }

    /// On-site results nearest first, remote ones (closest zone first, then by name) slipped in
    /// after every `every` on-site ones, so that neither kind hides the other.
    public static func order(_ hits: [ServiceHit], around commune: Commune, every: Int = ServiceQuery.remoteEvery) -> [ServiceHit] {
        let near = hits.filter { $0.distanceKm != nil }.sorted {
            ($0.distanceKm!, $0.service.name, $0.service.id.uuidString) < ($1.distanceKm!, $1.service.name, $1.service.id.uuidString)
        }
        let remote = hits.filter { $0.distanceKm == nil }.sorted {
            ($0.service.zone.closeness(to: commune), $0.service.name, $0.service.id.uuidString)
                < ($1.service.zone.closeness(to: commune), $1.service.name, $1.service.id.uuidString)
        }
        var ordered: [ServiceHit] = []
        ordered.reserveCapacity(hits.count)
        var n = 0, r = 0
        while n < near.count || r < remote.count {
            let takeNear = n < near.count && (r >= remote.count || (ordered.count + 1) % (every + 1) != 0)
            if takeNear { ordered.append(near[n]); n += 1 } else { ordered.append(remote[r]); r += 1 }
        }
        return ordered
    }
}

/// The published services in memory, placed so that a search reads only those that can answer:
/// on-site ones in cells of half a degree, remote ones under the codes of their zone.
public struct ServiceIndex: Sendable {
    private static let cell = 0.5
    private struct CellKey: Hashable { var lat: Int; var lon: Int }

    public let services: [Service]
    private let cells: [CellKey: [Int32]]
    private let remoteByCode: [String: [Int32]]
    private let gazetteer: Gazetteer

    public init(services: [Service], gazetteer: Gazetteer) {
        let published = services.filter { $0.status == .published }
        var cells: [CellKey: [Int32]] = [:]
        var remote: [String: [Int32]] = [:]
        for (position, service) in published.enumerated() {
            if service.isOnSite, let point = service.coordinates {
                cells[Self.key(point), default: []].append(Int32(position))
            }
            if service.isRemote {
                for code in service.zone.isEmpty ? [""] : Set(service.zone.codes).sorted() {
                    remote[code, default: []].append(Int32(position))
                }
            }
        }
        self.services = published
        self.cells = cells
        self.remoteByCode = remote
        self.gazetteer = gazetteer
    }

    private static func key(_ point: GeoPoint) -> CellKey {
        CellKey(lat: Int((point.latitude / cell).rounded(.down)), lon: Int((point.longitude / cell).rounded(.down)))
    }

    public enum Failure: Error, Equatable {
        case unknownCommune(String)
    }

    /// Every service that answers, in the order the search shows them.
    public func search(_ query: ServiceQuery) throws(Failure) -> [ServiceHit] {
        guard let commune = gazetteer.commune(query.communeCode) else { throw .unknownCommune(query.communeCode) }
        var seen = Set<Int32>()
        var hits: [ServiceHit] = []
        func consider(_ position: Int32) {
            guard seen.insert(position).inserted else { return }
            let service = services[Int(position)]
            guard query.matchesFeatures(service), let hit = ServicePlacement.hit(service, around: commune) else { return }
            hits.append(hit)
        }
        if let centre = commune.centre {
            let origin = Self.key(centre)
            let latSpan = Int((ServiceQuery.onSiteRadiusKm / 111.0 / Self.cell).rounded(.up))
            let kmPerDegree = max(111.32 * cos(centre.latitude * .pi / 180), 1)
            let lonSpan = Int((ServiceQuery.onSiteRadiusKm / kmPerDegree / Self.cell).rounded(.up))
            for lat in (origin.lat - latSpan)...(origin.lat + latSpan) {
                for lon in (origin.lon - lonSpan)...(origin.lon + lonSpan) {
                    cells[CellKey(lat: lat, lon: lon)]?.forEach(consider)
                }
            }
        }
        for code in [""] + EligibilityZone.keys(of: commune) {
            remoteByCode[code]?.forEach(consider)
        }
        return ServicePlacement.order(hits, around: commune)
    }
}
