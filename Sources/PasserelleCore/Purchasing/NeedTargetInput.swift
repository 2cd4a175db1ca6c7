import Foundation

/// What a buyer (a page, the API) says about where and what, before any check. `validate`
/// accepts and refuses the same things for every caller, with a French message per field.
public struct NeedTargetInput: Sendable, Equatable {
    public var sectors: [String] = []
    public var serviceTypes: [String] = []
    /// Code INSEE of the commune where the work happens.
    public var place: String?
    public var radiusKm: Double?
    /// Perimeter tokens (`departement:62`, `region:32`, `epci:200093201`, `commune:62041`) or bare
    /// codes (5 characters: a commune, 9 digits: an EPCI, 2 or 3: a département).
    public var perimeters: [String] = []
    public var national: Bool = false
    public var acceptsNationalSuppliers: Bool = false
    public var kinds: [String] = []
    public var clauses: [String] = []

    public init() {}

    public static let maximumSectors = 50
    public static let maximumPerimeters = 200

    /// - Parameter complete: whether sectors and a place are required (a saved draft may lack
    ///   them; the target then has no sectors, and `.national` stands for the missing place).
    public func validate(gazetteer: Gazetteer, taxonomy: SectorTaxonomy, complete: Bool = true) -> Result<NeedTarget, FieldProblems> {
        var problems: [FieldProblem] = []
        func problem(_ field: String, _ message: String) { problems.append(FieldProblem(field: field, message: message)) }

        var sectorSlugs = Set<String>()
        if sectors.isEmpty {
            if complete { problem("sectors", "Choisissez au moins un secteur d’activité.") }
        } else if sectors.count > Self.maximumSectors {
            problem("sectors", "Au plus \(Self.maximumSectors) secteurs.")
        } else {
            for text in sectors {
                if let sector = taxonomy.sector(text) {
                    sectorSlugs.insert(sector.slug)
                } else if let group = taxonomy.group(text) {
                    // A family of sectors stands for all of its sectors.
                    sectorSlugs.formUnion(group.sectors.map(\.slug))
                } else {
                    problem("sectors", "Secteur inconnu : « \(text.prefix(80)) ».")
                }
            }
        }
        var types = Set<ServiceType>()
        for text in serviceTypes {
            if let type = ServiceType(rawValue: text) { types.insert(type) } else {
                problem("service_types", "Type de prestation inconnu : « \(text.prefix(80)) » (mise-a-disposition, prestation-de-services ou fabrication-et-vente).")
            }
        }
        var kindSet = Set<StructureKind>()
        for text in kinds {
            if let kind = StructureKind(code: text) { kindSet.insert(kind) } else {
                problem("kinds", "Type de structure inconnu : « \(text.prefix(80)) ».")
            }
        }
        var clauseKinds: [ClauseKind] = []
        for text in clauses {
            if let kind = ClauseKind(rawValue: text) {
                if !clauseKinds.contains(kind) { clauseKinds.append(kind) }
            } else {
                problem("clauses", "Clause inconnue : « \(text.prefix(80)) » (reserved_siae, reserved_stpa, insertion_hours, social_criterion ou environmental).")
            }
        }

        let ways = [place != nil, !perimeters.isEmpty, national].filter { $0 }.count
        var location = NeedLocation.national
        if ways == 0 {
            if complete { problem("place", "Dites où le travail a lieu : une commune, des périmètres, ou la France entière.") }
        } else if ways > 1 {
            problem("place", "Une seule façon de dire le lieu : une commune, des périmètres, ou la France entière.")
        } else if let place {
            if gazetteer.commune(place) == nil {
                problem("place", "Commune inconnue : « \(place.prefix(20)) » (code INSEE attendu, par exemple 62041 pour Arras).")
            }
            if let radius = radiusKm, !(radius >= 0 && radius <= StructureQuery.maximumRadiusKm) {
                problem("radius_km", "Le rayon doit être compris entre 0 et \(Int(StructureQuery.maximumRadiusKm)) km.")
            }
            location = .place(communeCode: place, radiusKm: radiusKm)
        } else if !perimeters.isEmpty {
            if perimeters.count > Self.maximumPerimeters {
                problem("perimeters", "Au plus \(Self.maximumPerimeters) périmètres.")
            }
            var read: [Perimeter] = []
            for text in perimeters.prefix(Self.maximumPerimeters) {
                guard let perimeter = Self.perimeter(text), gazetteer.knows(perimeter) else {
                    problem("perimeters", "Périmètre inconnu : « \(text.prefix(40)) » (departement:62, region:32, epci:200093201, commune:62041).")
                    continue
                }
                if !read.contains(perimeter) { read.append(perimeter) }
            }
            location = .perimeters(read)
        }
        if radiusKm != nil && place == nil && ways > 0 {
            problem("radius_km", "Un rayon se donne autour d’une commune (place).")
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(NeedTarget(sectors: sectorSlugs, serviceTypes: types, location: location, acceptsNationalSuppliers: acceptsNationalSuppliers, kinds: kindSet, clauses: clauseKinds))
    }

    static func perimeter(_ text: String) -> Perimeter? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let perimeter = Perimeter(token: trimmed) { return perimeter }
        guard trimmed.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else { return nil }
        switch trimmed.count {
        case 5: return .commune(trimmed.uppercased())
        case 9 where trimmed.allSatisfy(\.isNumber): return .epci(trimmed)
        case 2, 3: return .departement(trimmed.uppercased())
        default: return nil
        }
    }
}
