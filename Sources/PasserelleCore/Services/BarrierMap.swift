import Foundation

/// Which kinds of help a person living in a commune can reach, category by category: services on
/// site within 50 km, remote ones, or none — the gaps a steward of the territory can act on. The
/// same placement rule as the search decides what is within reach.
public struct BarrierMap: Sendable {
    public enum Coverage: String, Sendable, CaseIterable {
        case onSite = "sur-place"
        case remoteOnly = "a-distance-seulement"
        case missing = "manquant"

        public var label: String {
            switch self {
            case .onSite: "Sur place"
            case .remoteOnly: "À distance seulement"
            case .missing: "Manquant"
            }
        }
    }

    public struct Row: Sendable, Equatable {
        public var category: ServiceVocabulary.Category
        public var onSite: Int
        public var remote: Int
        public var nearestKm: Double?
        /// Thématiques of the category that no service within reach offers.
        public var uncoveredThematiques: [ServiceVocabulary.Term]

        public var coverage: Coverage { onSite > 0 ? .onSite : remote > 0 ? .remoteOnly : .missing }
    }

    public var commune: Commune
    public var rows: [Row]

    public var gaps: [Row] { rows.filter { $0.coverage != .onSite } }

    public init(around communeCode: String, index: ServiceIndex) throws(ServiceIndex.Failure) {
        guard let commune = index.gazetteer.commune(communeCode) else { throw .unknownCommune(communeCode) }
        var rows: [Row] = []
        for category in ServiceVocabulary.categories {
            let hits = try index.search(ServiceQuery(communeCode: communeCode, thematiques: Set(category.thematiques.map(\.value))))
            var onSite = 0, remote = 0
            var nearest: Double?
            var offered = Set<String>()
            for hit in hits {
                offered.formUnion(hit.service.thematiques)
                if let distance = hit.distanceKm {
                    onSite += 1
                    nearest = min(nearest ?? distance, distance)
                } else {
                    remote += 1
                }
            }
            rows.append(Row(category: category, onSite: onSite, remote: remote, nearestKm: nearest,
                            uncoveredThematiques: category.thematiques.filter { !offered.contains($0.value) }))
        }
        self.commune = commune
        self.rows = rows
    }
}
