import Foundation

/// A search of job offers, as the page, the API, the Atom feed and the CSV read it: around a
/// commune, for a job or a title of the ROME, with words, contracts and kinds of employer.
public struct OfferQuery: Sendable, Equatable {
    public var near: String?
    public var radiusKm: Double = OfferQuery.defaultRadiusKm
    public var rome: Rome.Code?
    public var words: [String] = []
    public var contracts: [OfferContract] = []
    /// Kinds of employer: an inclusive structure's (`aci`, `ea`…) or `entreprise`.
    public var employerKinds: [String] = []
    public var page = 1
    public var size = 20

    public static let defaultRadiusKm = 30.0
    public static let companyKind = "entreprise"

    public init() {}

    /// The problems that make a query unreadable, in French.
    public struct Unreadable: Error, Equatable, Sendable {
        public var problems: [String]

        public init(problems: [String]) { self.problems = problems }
    }

    /// The query read from a URL's parameters, or the problems that make it unreadable.
    public static func read(_ items: [(String, String)], rome: Rome, knownCommune: (String) -> Bool) -> Result<OfferQuery, Unreadable> {
        var query = OfferQuery()
        var problems: [String] = []
        for (name, raw) in items {
            let value = raw.trimmingCharacters(in: .whitespaces)
            guard !value.isEmpty else { continue }
            switch name {
            case "near", "commune":
                if knownCommune(value) { query.near = value } else { problems.append("Commune inconnue : « \(value.prefix(20)) » (code INSEE attendu).") }
            case "radius_km", "rayon":
                if let radius = Double(value.replacingOccurrences(of: ",", with: ".")), (0...500).contains(radius) { query.radiusKm = radius }
                else { problems.append("Le rayon va de 0 à 500 km.") }
            case "rome", "metier":
                if let code = rome.code(value) { query.rome = code } else { problems.append("« \(value.prefix(20)) » n’est ni un code ROME ni une appellation connue.") }
            case "q":
                guard value.count <= 200 else { problems.append("La recherche tient en 200 caractères."); continue }
                query.words = Array(SearchText.queryWords(value).prefix(8))
            case "contract", "contrat":
                if let contract = OfferContract(rawValue: value) { if !query.contracts.contains(contract) { query.contracts.append(contract) } }
                else { problems.append("Contrat inconnu : « \(value.prefix(30)) ».") }
            case "employer_kind", "employeur":
                if value == companyKind || StructureKind(rawValue: value) != nil { if !query.employerKinds.contains(value) { query.employerKinds.append(value) } }
                else { problems.append("Type d’employeur inconnu : « \(value.prefix(20)) ».") }
            case "page":
                if let page = Int(value), (1...100_000).contains(page) { query.page = page } else { problems.append("La page va de 1 à 100 000.") }
            case "size":
                if let size = Int(value), (1...100).contains(size) { query.size = size } else { problems.append("La taille de page va de 1 à 100.") }
            default:
                continue
            }
        }
        return problems.isEmpty ? .success(query) : .failure(Unreadable(problems: problems))
    }

    /// The parameters that give this query back, for links (pages, feed, CSV).
    public var items: [(String, String)] {
        var items: [(String, String)] = []
        if let near { items.append(("near", near)) }
        if near != nil, radiusKm != Self.defaultRadiusKm { items.append(("radius_km", radiusKm.rounded() == radiusKm ? String(Int(radiusKm)) : String(radiusKm))) }
        switch rome {
        case .job(let code): items.append(("rome", code))
        case .title(let code): items.append(("rome", String(code)))
        case nil: break
        }
        if !words.isEmpty { items.append(("q", words.joined(separator: " "))) }
        items += contracts.map { ("contract", $0.rawValue) }
        items += employerKinds.map { ("employer_kind", $0) }
        return items
    }

    /// A candidate the store found, with what the final filter and the order need.
    public struct Candidate: Sendable, Equatable {
        public var id: UUID
        public var place: GeoPoint?
        public var publishedAt: Date

        public init(id: UUID, place: GeoPoint?, publishedAt: Date) {
            self.id = id
            self.place = place
            self.publishedAt = publishedAt
        }
    }

    /// The candidates within the radius of `centre`, nearest first (then the newest), with their
    /// distance rounded to the kilometre. The store has already kept the bounding box only.
    public static func nearest(_ candidates: [Candidate], to centre: GeoPoint, radiusKm: Double) -> [(id: UUID, distanceKm: Double)] {
        var kept: [(id: UUID, distanceKm: Double, publishedAt: Date)] = []
        for candidate in candidates {
            guard let place = candidate.place else { continue }
            let distance = centre.distanceKm(to: place)
            if distance <= radiusKm + 0.05 { kept.append((candidate.id, distance, candidate.publishedAt)) }
        }
        kept.sort { ($0.distanceKm, -$0.publishedAt.timeIntervalSince1970) < ($1.distanceKm, -$1.publishedAt.timeIntervalSince1970) }
        return kept.map { ($0.id, ($0.distanceKm * 10).rounded() / 10) }
    }

    /// The latitude and longitude bounds of a circle, for an index to narrow on.
    public static func boundingBox(around centre: GeoPoint, radiusKm: Double) -> (minLatitude: Double, maxLatitude: Double, minLongitude: Double, maxLongitude: Double) {
        let latitudeSpan = radiusKm / 111.0 + 0.01
        let cosine = max(cos(centre.latitude * .pi / 180), 0.01)
        let longitudeSpan = radiusKm / (111.32 * cosine) + 0.01
        return (centre.latitude - latitudeSpan, centre.latitude + latitudeSpan, centre.longitude - longitudeSpan, centre.longitude + longitudeSpan)
    }
}
