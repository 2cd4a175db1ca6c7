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
        return interleave(near: near, remote: remote, every: every)
    }

    /// Both lists in their order, one remote after every `every` near ones; when one list runs out
    /// the other goes on.
    public static func interleave<T>(near: [T], remote: [T], every: Int = ServiceQuery.remoteEvery) -> [T] {
        var ordered: [T] = []
        ordered.reserveCapacity(near.count + remote.count)
        var n = 0, r = 0
        while n < near.count || r < remote.count {
            let takeNear = n < near.count && (r >= remote.count || (ordered.count + 1) % (every + 1) != 0)
            if takeNear { ordered.append(near[n]); n += 1 } else { ordered.append(remote[r]); r += 1 }
        }
        return ordered
    }
}

/// The published services in memory, placed so that a search reads only those that can answer:
/// on-site ones in cells of half a degree, remote ones under the codes of their zone. Each service
/// also has its features as small numbers (bit sets of thématiques and publics, codes of its
/// zone), so that checking thousands of candidates costs microseconds; the tests hold the index
/// to the same answers as `ServiceQuery.matchesFeatures` and `ServicePlacement`.
public struct ServiceIndex: Sendable {
    private static let cell = 0.5
    private struct CellKey: Hashable { var lat: Int; var lon: Int }

    /// Bits of a list of values, each value numbered by the vocabulary.
    private struct Bits: Sendable {
        var low: UInt64 = 0
        var high: UInt64 = 0
        init() {}
        init(_ values: some Sequence<String>, numbers: [String: Int]) {
            for value in values { if let number = numbers[value] { insert(number) } }
        }
        mutating func insert(_ number: Int) {
            if number < 64 { low |= 1 << UInt64(number) } else { high |= 1 << UInt64(number - 64) }
        }
        var isEmpty: Bool { low == 0 && high == 0 }
        func meets(_ other: Bits) -> Bool { low & other.low != 0 || high & other.high != 0 }
    }

    private struct Entry: Sendable {
        var thematiques: Bits
        var publics: Bits
        var type: Int8
        var fee: Int8
        var onSite: Bool
        var remote: Bool
        var latitude: Double
        var longitude: Double
        var zone: [Int32]
        /// Position in the order of names, for ties.
        var rank: Int32
    }

    private static let thematiqueNumbers = Dictionary(uniqueKeysWithValues: ServiceVocabulary.thematiques.enumerated().map { ($0.element.value, $0.offset) })
    private static let publicNumbers = Dictionary(uniqueKeysWithValues: ServiceVocabulary.publics.enumerated().map { ($0.element.value, $0.offset) })
    private static let typeNumbers = Dictionary(uniqueKeysWithValues: ServiceVocabulary.types.enumerated().map { ($0.element.value, $0.offset) })
    private static let feeNumbers: [ServiceFee: Int] = Dictionary(uniqueKeysWithValues: ServiceFee.allCases.enumerated().map { ($0.element, $0.offset) })
    private static let everyone = Bits(["tous-publics"], numbers: publicNumbers)

    public let services: [Service]
    private let entries: [Entry]
    /// By position: the services published twice share a number (`ServiceHit.duplicateKey`),
    /// worked out once here rather than on every search.
    private let twins: [Int32]
    private let cells: [CellKey: [Int32]]
    private let remoteByCode: [String: [Int32]]
    private let codeNumbers: [String: Int32]
    let gazetteer: Gazetteer

    public init(services: [Service], gazetteer: Gazetteer) {
        let published = services.filter { $0.status == .published }
        var codeNumbers: [String: Int32] = [:]
        func number(_ code: String) -> Int32 {
            if let known = codeNumbers[code] { return known }
            let next = Int32(codeNumbers.count)
            codeNumbers[code] = next
            return next
        }
        let names = published.map { ($0.name, $0.id.uuidString) }
        let ranks = published.indices.sorted { names[$0] < names[$1] }
        var rankOf = [Int32](repeating: 0, count: published.count)
        for (rank, position) in ranks.enumerated() { rankOf[position] = Int32(rank) }
        var cells: [CellKey: [Int32]] = [:]
        var remote: [String: [Int32]] = [:]
        var entries: [Entry] = []
        entries.reserveCapacity(published.count)
        var twinNumbers: [String: Int32] = [:]
        var twins: [Int32] = []
        for (position, service) in published.enumerated() {
            let key = ServiceHit.duplicateKey(of: service)
            let twin = twinNumbers[key] ?? Int32(twinNumbers.count)
            twinNumbers[key] = twin
            twins.append(twin)
            entries.append(Entry(
                thematiques: Bits(service.thematiques, numbers: Self.thematiqueNumbers), publics: Bits(service.publics, numbers: Self.publicNumbers),
                type: service.type.flatMap { Self.typeNumbers[$0] }.map(Int8.init) ?? -1, fee: service.fee.flatMap { Self.feeNumbers[$0] }.map(Int8.init) ?? -1,
                onSite: service.isOnSite, remote: service.isRemote,
                latitude: service.coordinates?.latitude ?? .nan, longitude: service.coordinates?.longitude ?? .nan,
                zone: service.zone.codes.map(number), rank: rankOf[position]))
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
        self.twins = twins
        self.entries = entries
        self.cells = cells
        self.remoteByCode = remote
        self.codeNumbers = codeNumbers
        self.gazetteer = gazetteer
    }

    private static func key(_ point: GeoPoint) -> CellKey {
        CellKey(lat: Int((point.latitude / cell).rounded(.down)), lon: Int((point.longitude / cell).rounded(.down)))
    }

    public enum Failure: Error, Equatable {
        case unknownCommune(String)
    }

    /// The query's filters as the entries hold their features.
    private struct Filter {
        var thematiques: Bits?
        var publics: Bits?
        var types: Set<Int8>?
        var fees: Set<Int8>?
        var onSite: Bool?
        var remote: Bool?

        init(_ query: ServiceQuery) {
            if !query.thematiques.isEmpty { thematiques = Bits(query.thematiques, numbers: ServiceIndex.thematiqueNumbers) }
            if !query.publics.isEmpty {
                var asked = Bits(query.publics, numbers: ServiceIndex.publicNumbers)
                asked.low |= ServiceIndex.everyone.low
                publics = asked
            }
            if !query.types.isEmpty { types = Set(query.types.compactMap { ServiceIndex.typeNumbers[$0] }.map(Int8.init)) }
            if !query.fees.isEmpty { fees = Set(query.fees.compactMap { ServiceIndex.feeNumbers[$0] }.map(Int8.init)) }
            if !query.receptionModes.isEmpty {
                onSite = query.receptionModes.contains(.onSite)
                remote = query.receptionModes.contains(.remote)
            }
        }

        func matches(_ entry: Entry) -> Bool {
            if let thematiques, !entry.thematiques.meets(thematiques) { return false }
            if let publics, !entry.publics.meets(publics) { return false }
            if let types, !types.contains(entry.type) { return false }
            if let fees, !fees.contains(entry.fee) { return false }
            if let onSite, let remote, !((onSite && entry.onSite) || (remote && entry.remote)) { return false }
            return true
        }
    }

    struct Found: Sendable {
        var position: Int32
        /// Nil for a remote result.
        var distance: Double?
        var closeness: Int
        var rank: Int32
    }

    /// Every service that answers, in the order the search shows them; a result is made when it is
    /// read, so that a page of 20 does not copy the thousands found.
    public struct Results: RandomAccessCollection, Sendable {
        let services: [Service]
        let found: [Found]
        /// Each service's twin number (`Entry.twin`), by position.
        let twins: [Int32]

        /// The results in their order, each service once: the first (nearest) copy is kept.
        public func distinct() -> Results {
            var seen = Set<Int32>()
            return Results(services: services, found: found.filter { seen.insert(twins[Int($0.position)]).inserted }, twins: twins)
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { found.count }
        public subscript(position: Int) -> ServiceHit {
            ServiceHit(service: services[Int(found[position].position)], distanceKm: found[position].distance)
        }
    }

    public func search(_ query: ServiceQuery) throws(Failure) -> Results {
        guard let commune = gazetteer.commune(query.communeCode) else { throw .unknownCommune(query.communeCode) }
        let filter = Filter(query)
        let keys = EligibilityZone.keys(of: commune).compactMap { codeNumbers[$0] }
        // How close each of the commune's codes is, as `EligibilityZone.closeness` counts it.
        let closenessOf: [(code: Int32, closeness: Int)] = [
            (commune.code, 0), (commune.parentCode, 0), (commune.epciSiren, 1), (commune.departementCode, 2),
        ].compactMap { code, closeness in code.flatMap { codeNumbers[$0] }.map { ($0, closeness) } }
        func closeness(_ zone: [Int32]) -> Int {
            if zone.isEmpty { return 4 }
            return zone.compactMap { code in closenessOf.first { $0.code == code }?.closeness }.min() ?? 3
        }
        var seen = [UInt64](repeating: 0, count: entries.count / 64 + 1)
        var near: [Found] = []
        var remote: [Found] = []
        let centre = commune.centre
        func consider(_ position: Int32, covered: Bool) {
            let word = Int(position) >> 6, bit = UInt64(1) << UInt64(position & 63)
            guard seen[word] & bit == 0 else { return }
            seen[word] |= bit
            let entry = entries[Int(position)]
            guard filter.matches(entry) else { return }
            guard covered || entry.zone.isEmpty || entry.zone.contains(where: keys.contains) else { return }
            if entry.onSite, !entry.latitude.isNaN, let centre {
                // A degree of latitude is the shortest a degree can be: a cheap bound first.
                if abs(entry.latitude - centre.latitude) * GeoPoint.kilometresPerDegreeOfLatitude <= ServiceQuery.onSiteRadiusKm {
                    let distance = GeoPoint(latitude: entry.latitude, longitude: entry.longitude).distanceKm(to: centre)
                    if distance <= ServiceQuery.onSiteRadiusKm {
                        near.append(Found(position: position, distance: distance, closeness: 0, rank: entry.rank))
                        return
                    }
                }
            }
            if entry.remote {
                remote.append(Found(position: position, distance: nil, closeness: closeness(entry.zone), rank: entry.rank))
            }
        }
        if let centre {
            let origin = Self.key(centre)
            let latSpan = Int((ServiceQuery.onSiteRadiusKm / 111.0 / Self.cell).rounded(.up))
            let kmPerDegree = max(111.32 * cos(centre.latitude * .pi / 180), 1)
            let lonSpan = Int((ServiceQuery.onSiteRadiusKm / kmPerDegree / Self.cell).rounded(.up))
            for lat in (origin.lat - latSpan)...(origin.lat + latSpan) {
                for lon in (origin.lon - lonSpan)...(origin.lon + lonSpan) {
                    cells[CellKey(lat: lat, lon: lon)]?.forEach { consider($0, covered: false) }
                }
            }
        }
        // Listed under one of the commune's codes, or under none: the zone covers it.
        for code in [""] + EligibilityZone.keys(of: commune) {
            remoteByCode[code]?.forEach { consider($0, covered: true) }
        }
        near.sort { ($0.distance!, $0.rank) < ($1.distance!, $1.rank) }
        remote.sort { ($0.closeness, $0.rank) < ($1.closeness, $1.rank) }
        return Results(services: services, found: ServicePlacement.interleave(near: near, remote: remote), twins: twins)
    }
}

extension ServiceHit {
    /// The same service published twice (by two sources, or twice by one publisher): one name,
    /// one publisher, one place.
    static func duplicateKey(of service: Service) -> String {
        [SearchText.fold(service.name), SearchText.fold(service.provider.name), service.communeCode ?? "", SearchText.fold(service.address ?? "")]
            .joined(separator: "|")
    }
}
