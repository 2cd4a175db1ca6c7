import Foundation

/// Where an actor works (an activity of a structure, a service, a need's suppliers): the whole
/// country, a radius around its commune, or a list of perimeters.
public enum Reach: Hashable, Sendable {
    case national
    case radius(km: Double)
    case perimeters([Perimeter])

    /// Largest radius a user may give; beyond it "France entière" is what they mean.
    public static let maximumRadiusKm = 1000.0
}

/// Why a reach covers a commune; the explanation shown next to a search result.
public enum Coverage: Hashable, Sendable {
    case national
    /// The commune lies `distanceKm` from the actor's commune, within its radius.
    case radius(distanceKm: Double)
    case perimeter(Perimeter)

    /// Narrower coverages explain better; used to choose which reason to show.
    var precision: Int {
        switch self {
        case .national: 0
        case .perimeter(.country): 0
        case .perimeter(.region): 1
        case .perimeter(.departement): 2
        case .perimeter(.epci): 3
        case .radius: 4
        case .perimeter(.commune): 5
        }
    }

    public func isMorePrecise(than other: Coverage) -> Bool {
        if precision != other.precision { return precision > other.precision }
        if case .radius(let mine) = self, case .radius(let theirs) = other { return mine < theirs }
        return false
    }
}

/// The one rule that says whether a reach covers a commune (DESIGN.md, "Rules that cross modules").
/// Distances are great-circle distances between commune centres.
public enum ReachRule {
    /// - Parameters:
    ///   - reach: the actor's reach.
    ///   - origin: the centre of the actor's commune (needed for a radius).
    ///   - target: the commune asked about.
    /// - Returns: why the reach covers the commune, or `nil` when it does not.
    public static func coverage(of reach: Reach, from origin: GeoPoint?, covering target: Commune) -> Coverage? {
        switch reach {
        case .national:
            return .national
        case .radius(let km):
            guard let origin, let centre = target.centre else { return nil }
            // A degree of latitude is the shortest a degree can be: a cheap bound before the
            // trigonometry, which matters when a search checks every activity of the directory.
            guard abs(origin.latitude - centre.latitude) * GeoPoint.kilometresPerDegreeOfLatitude <= km else { return nil }
            let distance = origin.distanceKm(to: centre)
            return distance <= km ? .radius(distanceKm: distance) : nil
        case .perimeters(let perimeters):
            var best: Coverage?
            for perimeter in perimeters where contains(perimeter, target) {
                let candidate = Coverage.perimeter(perimeter)
                if best.map({ candidate.isMorePrecise(than: $0) }) ?? true { best = candidate }
            }
            return best
        }
    }

    /// The same answer as `coverage(…) != nil`, stopping at the first perimeter that covers.
    public static func covers(_ reach: Reach, from origin: GeoPoint?, _ target: Commune) -> Bool {
        switch reach {
        case .national: true
        case .radius: coverage(of: reach, from: origin, covering: target) != nil
        case .perimeters(let perimeters): perimeters.contains { contains($0, target) }
        }
    }

    /// Whether the commune lies inside the perimeter. An arrondissement of Paris, Lyon or
    /// Marseille lies inside its city.
    public static func contains(_ perimeter: Perimeter, _ commune: Commune) -> Bool {
        switch perimeter {
        case .country: true
        case .commune(let code): commune.code == code || commune.parentCode == code
        case .epci(let siren): commune.epciSiren == siren
        case .departement(let code): commune.departementCode == code
        case .region(let code): commune.regionCode == code
        }
    }
}

extension Gazetteer {
    /// "intervient à 12 km de Lens", "intervient dans tout le Pas-de-Calais".
    public func explain(_ coverage: Coverage, for target: Commune) -> String {
        switch coverage {
        case .national, .perimeter(.country):
            return "intervient dans toute la France"
        case .radius(let distance):
            let rounded = Int(distance.rounded())
            return rounded < 1 ? "intervient à \(target.name.name)" : "intervient à \(rounded) km \(target.name.withDe)"
        case .perimeter(.commune):
            return "intervient à \(target.name.name)"
        case .perimeter(.epci(let siren)):
            return "intervient sur tout le territoire de l’EPCI \(epci(siren)?.name ?? siren)"
        case .perimeter(.departement(let code)):
            guard let departement = departement(code) else { return "intervient dans le département \(code)" }
            return "intervient dans \(departement.name.wholeDepartement)"
        case .perimeter(.region(let code)):
            return "intervient dans toute la région \(region(code)?.name.name ?? code)"
        }
    }

    /// A reach in words, for profile pages: "France entière", "Dans un rayon de 30 km autour de
    /// Lens", "Nord (59), Pas-de-Calais (62)".
    public func describe(_ reach: Reach, aroundCommune code: String?) -> String {
        switch reach {
        case .national:
            return "France entière"
        case .radius(let km):
            let around = code.flatMap { commune($0) }.map { " autour \($0.name.withDe)" } ?? ""
            return "Dans un rayon de \(DistanceFormat.kilometres(km))\(around)"
        case .perimeters(let perimeters):
            if perimeters.isEmpty { return "Zone non précisée" }
            return perimeters.sorted().map { label(of: $0) }.joined(separator: ", ")
        }
    }
}

/// Distances written the French way: "12 km", "2,5 km".
public enum DistanceFormat {
    public static func kilometres(_ km: Double) -> String {
        let rounded = (km * 10).rounded() / 10
        if rounded == rounded.rounded() { return "\(Int(rounded)) km" }
        return "\(rounded)".replacingOccurrences(of: ".", with: ",") + " km"
    }
}
