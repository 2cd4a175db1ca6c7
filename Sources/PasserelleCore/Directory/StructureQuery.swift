/// A search of the directory, checked: every code it holds exists. Built by `StructureQuery.Input`
/// from what the page, the API or the command line received, so that all three accept and refuse
/// exactly the same things.
public struct StructureQuery: Hashable, Sendable {
    public enum Sort: String, CaseIterable, Sendable {
        case relevance, distance, name

        public var label: String {
            switch self {
            case .relevance: "Pertinence"
            case .distance: "Distance"
            case .name: "Nom"
            }
        }
    }

    public var text: String?
    public var kinds: Set<StructureKind> = []
    public var sectors: Set<String> = []
    public var sectorGroups: Set<String> = []
    public var serviceTypes: Set<ServiceType> = []
    /// Code INSEE of a commune that one of the structure's activities must cover.
    public var covers: String?
    /// Code INSEE of a commune the structure must lie near, within `radiusKm`.
    public var near: String?
    public var radiusKm: Double?
    public var departement: String?
    public var region: String?
    public var sort: Sort = .relevance
    public var page: Int = 1
    public var size: Int = StructureQuery.defaultSize

    public static let defaultSize = 20
    public static let maximumSize = 100
    /// Far beyond any directory (10 million results at 100 a page), and small enough that page
    /// arithmetic never overflows.
    public static let maximumPage = 100_000
    public static let maximumRadiusKm = 500.0
    /// Radius used when a user gives a commune to search near without saying how far.
    public static let defaultRadiusKm = 30.0

    public init() {}

    /// The commune results are measured from, when there is one.
    public var placeCode: String? { near ?? covers }

    /// Whether any filter applies to activities rather than to the structure itself.
    var filtersActivities: Bool {
        !sectors.isEmpty || !sectorGroups.isEmpty || !serviceTypes.isEmpty || covers != nil
    }

    /// The raw parameters, as strings, before any check.
    public struct Input: Sendable, Equatable {
        public var q: String?
        public var kind: [String] = []
        public var sector: [String] = []
        public var sectorGroup: [String] = []
        public var serviceType: [String] = []
        public var covers: String?
        public var near: String?
        public var radiusKm: String?
        public var departement: String?
        public var region: String?
        public var sort: String?
        public var page: String?
        public var size: String?

        public init(
            q: String? = nil, kind: [String] = [], sector: [String] = [], sectorGroup: [String] = [],
            serviceType: [String] = [], covers: String? = nil, near: String? = nil, radiusKm: String? = nil,
            departement: String? = nil, region: String? = nil, sort: String? = nil, page: String? = nil,
            size: String? = nil
        ) {
            self.q = q
            self.kind = kind
            self.sector = sector
            self.sectorGroup = sectorGroup
            self.serviceType = serviceType
            self.covers = covers
            self.near = near
            self.radiusKm = radiusKm
            self.departement = departement
            self.region = region
            self.sort = sort
            self.page = page
            self.size = size
        }

        /// Checks every parameter; the first problem found is returned with a French reason.
        public func validate(gazetteer: Gazetteer, taxonomy: SectorTaxonomy) -> Result<StructureQuery, QueryProblem> {
            var query = StructureQuery()
            if let raw = q {
                // Counted in code points, as JSON Schema's maxLength is.
                guard raw.unicodeScalars.count <= 200 else {
                    return .failure(QueryProblem(parameter: "q", reason: "La recherche est trop longue (200 caractères au plus)."))
                }
                let text = raw.trimmed
                if !text.isEmpty { query.text = text }
            }
            for code in kind.flatMap(Self.split) {
                guard let value = StructureKind(code: code) else {
                    return .failure(QueryProblem(parameter: "kind", reason: "Type de structure inconnu : « \(code) ». Valeurs possibles : \(StructureKind.allCases.map(\.rawValue).joined(separator: ", ")).")) }
                query.kinds.insert(value)
            }
            for slug in sector.flatMap(Self.split) {
                guard taxonomy.sector(slug) != nil else {
                    return .failure(QueryProblem(parameter: "sector", reason: "Secteur d’activité inconnu : « \(slug) ». La liste est donnée par /api/v1/sectors.")) }
                query.sectors.insert(slug)
            }
            for slug in sectorGroup.flatMap(Self.split) {
                guard taxonomy.group(slug) != nil else {
                    return .failure(QueryProblem(parameter: "sector_group", reason: "Groupe de secteurs inconnu : « \(slug) ». La liste est donnée par /api/v1/sectors.")) }
                query.sectorGroups.insert(slug)
            }
            for code in serviceType.flatMap(Self.split) {
                guard let value = ServiceType(rawValue: code) else {
                    return .failure(QueryProblem(parameter: "service_type", reason: "Type de prestation inconnu : « \(code) ». Valeurs possibles : \(ServiceType.allCases.map(\.rawValue).joined(separator: ", ")).")) }
                query.serviceTypes.insert(value)
            }
            if let code = covers?.trimmed, !code.isEmpty {
                guard gazetteer.commune(code) != nil else {
                    return .failure(QueryProblem(parameter: "covers", reason: "Commune inconnue : « \(code) ». Donnez un code INSEE à 5 caractères (par exemple 59350 pour Lille).")) }
                query.covers = code
            }
            if let code = near?.trimmed, !code.isEmpty {
                guard let commune = gazetteer.commune(code) else {
                    return .failure(QueryProblem(parameter: "near", reason: "Commune inconnue : « \(code) ». Donnez un code INSEE à 5 caractères (par exemple 59350 pour Lille).")) }
                guard commune.centre != nil else {
                    return .failure(QueryProblem(parameter: "near", reason: "La commune \(commune.name.name) n’a pas de coordonnées connues : la recherche par distance est impossible.")) }
                query.near = code
            }
            if let text = radiusKm?.trimmed, !text.isEmpty {
                guard let radius = Double(text.replacingOccurrences(of: ",", with: ".")), radius.isFinite else {
                    return .failure(QueryProblem(parameter: "radius_km", reason: "Le rayon doit être un nombre de kilomètres.")) }
                guard (0...StructureQuery.maximumRadiusKm).contains(radius) else {
                    return .failure(QueryProblem(parameter: "radius_km", reason: "Le rayon doit être compris entre 0 et 500 km.")) }
                guard query.near != nil else {
                    return .failure(QueryProblem(parameter: "radius_km", reason: "Un rayon demande une commune de départ (paramètre near).")) }
                query.radiusKm = radius
            } else if query.near != nil {
                query.radiusKm = StructureQuery.defaultRadiusKm
            }
            if let code = departement?.trimmed, !code.isEmpty {
                guard gazetteer.departement(code.uppercased()) != nil else {
                    return .failure(QueryProblem(parameter: "departement", reason: "Département inconnu : « \(code) ». Donnez son code (59, 62, 2A…).")) }
                query.departement = code.uppercased()
            }
            if let code = region?.trimmed, !code.isEmpty {
                guard gazetteer.region(code) != nil else {
                    return .failure(QueryProblem(parameter: "region", reason: "Région inconnue : « \(code) ». Donnez son code (32 pour les Hauts-de-France).")) }
                query.region = code
            }
            if let text = sort?.trimmed, !text.isEmpty {
                guard let value = Sort(rawValue: text) else {
                    return .failure(QueryProblem(parameter: "sort", reason: "Tri inconnu : « \(text) ». Valeurs possibles : relevance, distance, name.")) }
                guard value != .distance || query.placeCode != nil else {
                    return .failure(QueryProblem(parameter: "sort", reason: "Le tri par distance demande une commune (paramètre covers ou near).")) }
                query.sort = value
            }
            if let text = page?.trimmed, !text.isEmpty {
                guard let value = Int(text), (1...StructureQuery.maximumPage).contains(value) else {
                    return .failure(QueryProblem(parameter: "page", reason: "Le numéro de page doit être compris entre 1 et 100 000.")) }
                query.page = value
            }
            if let text = size?.trimmed, !text.isEmpty {
                guard let value = Int(text), (1...StructureQuery.maximumSize).contains(value) else {
                    return .failure(QueryProblem(parameter: "size", reason: "La taille de page doit être comprise entre 1 et 100.")) }
                query.size = value
            }
            return .success(query)
        }

        /// Repeated parameters may also come comma-separated (`kind=aci,ei`).
        private static func split(_ value: String) -> [String] {
            value.split(separator: ",").map { String($0).trimmed }.filter { !$0.isEmpty }
        }
    }
}

/// Why a search was refused: the parameter and a French reason for the user.
public struct QueryProblem: Error, Hashable, Sendable {
    public var parameter: String
    public var reason: String

    public init(parameter: String, reason: String) {
        self.parameter = parameter
        self.reason = reason
    }
}

extension String {
    var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

import Foundation
