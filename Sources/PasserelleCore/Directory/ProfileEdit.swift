import Foundation

/// A change to a structure's profile as its managers send it, from the edit form or the API:
/// each field given replaces the stored one (an empty text clears it); a field not given stays.
/// Numbers arrive as typed text, so that the form and the API get the same French messages.
/// The kind and the SIRET are not here: they come from official sources and are corrected by the
/// platform team's imports.
public struct ProfileChange: Sendable, Equatable {
    public var name: String?
    public var brand: String?
    public var description: String?
    public var address: String?
    /// Code INSEE of the commune.
    public var communeCode: String?
    public var phone: String?
    public var email: String?
    public var website: String?
    public var networks: [String]?
    public var labels: [String]?
    public var clientReferences: [String]?
    public var insertionStaff: String?
    public var permanentStaff: String?
    public var yearFounded: String?
    /// The whole list of activities, replacing the stored one.
    public var activities: [ActivityDraft]?

    public init() {}

    /// Longest list (networks, labels, references) and longest item in it.
    public static let maximumListCount = 50
    public static let maximumItemLength = 200
    public static let maximumAddressLength = 300

    /// The structure after the change, or every problem found, each under its form label.
    public func apply(to structure: Structure, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, currentYear: Int, now: Date) -> Result<Structure, FieldProblems> {
        var result = structure
        var problems: [FieldProblem] = []
        if let name { result.name = Self.clean(name) ?? "" }
        if let brand { result.brand = Self.clean(brand) }
        if let description { result.description = Self.clean(description) }
        if let address { result.address = Self.clean(address) }
        if let phone { result.phone = Self.clean(phone) }
        if let email { result.email = Self.clean(email) }
        if let website { result.website = Self.clean(website) }
        if let brand = result.brand, brand.count > StructureRules.nameLengths.upperBound {
            problems.append(FieldProblem(field: "Enseigne", message: "L’enseigne ne peut pas dépasser 150 caractères."))
        }
        if let address = result.address, address.count > Self.maximumAddressLength {
            problems.append(FieldProblem(field: "Adresse", message: "L’adresse ne peut pas dépasser \(Self.maximumAddressLength) caractères."))
        }
        if let communeCode {
            let code = communeCode.trimmingCharacters(in: .whitespaces).uppercased()
            if code.isEmpty {
                result.communeCode = nil
            } else if code != structure.communeCode {
                result.communeCode = code
                // A new commune moves the structure to its centre: the old point is elsewhere.
                result.coordinates = gazetteer.commune(code)?.centre
            }
        }
        for (field, label, path) in [
            (networks, "Réseaux", \Structure.networks), (labels, "Labels et certifications", \Structure.labels),
            (clientReferences, "Références clients", \Structure.clientReferences),
        ] {
            guard let items = field else { continue }
            let cleaned = Self.cleanList(items)
            if cleaned.count > Self.maximumListCount {
                problems.append(FieldProblem(field: label, message: "Au plus \(Self.maximumListCount) éléments, un par ligne."))
            }
            if let long = cleaned.first(where: { $0.count > Self.maximumItemLength }) {
                problems.append(FieldProblem(field: label, message: "« \(long.prefix(40))… » dépasse \(Self.maximumItemLength) caractères."))
            }
            result[keyPath: path] = cleaned
        }
        for (text, label, path) in [
            (insertionStaff, "Salariés en insertion", \Structure.insertionStaff), (permanentStaff, "Salariés permanents", \Structure.permanentStaff),
            (yearFounded, "Année de création", \Structure.yearFounded),
        ] {
            guard let text else { continue }
            let trimmed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "")
            if trimmed.isEmpty {
                result[keyPath: path] = nil
            } else if let number = Int(trimmed) {
                result[keyPath: path] = number
            } else {
                problems.append(FieldProblem(field: label, message: "Écrivez un nombre entier, en chiffres (« \(text.prefix(20)) » n’en est pas un)."))
            }
        }
        if let activities {
            var parsed: [Activity] = []
            for (number, draft) in activities.enumerated() {
                switch draft.activity(gazetteer: gazetteer, taxonomy: taxonomy) {
                case .success(let activity):
                    parsed.append(activity)
                case .failure(let found):
                    let prefix = activities.count > 1 ? "Activité \(number + 1) : " : ""
                    problems += found.list.map { FieldProblem(field: $0.field, message: prefix + $0.message) }
                }
            }
            if parsed.count > ActivityDraft.maximumCount {
                problems.append(FieldProblem(field: "Activités", message: "Au plus \(ActivityDraft.maximumCount) activités par structure."))
            }
            result.activities = parsed
        }
        // The activities given have been checked one by one above; only valid ones reach here.
        problems += StructureRules.validate(result, gazetteer: gazetteer, taxonomy: taxonomy, currentYear: currentYear)
            .filter { $0.field != "Nᵒ SIRET" }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        if !result.hasSameContent(as: structure) { result.updatedAt = now }
        return .success(result)
    }

    static func clean(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// Items trimmed, empty ones and repeats dropped, order kept.
    static func cleanList(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.compactMap { clean($0.replacingOccurrences(of: "\n", with: " ")) }.filter { seen.insert($0).inserted }
    }
}

/// One activity as the reach editor sends it.
public struct ActivityDraft: Sendable, Equatable {
    public enum ReachChoice: String, Sendable, CaseIterable {
        case national
        case radius
        case zones = "perimeters"
    }

    public var sector: String
    public var serviceTypes: [String]
    /// `national`, `radius` or `perimeters`.
    public var reach: String
    public var radiusKm: String
    /// A `ZoneList` text, or perimeter tokens.
    public var zones: String
    public var description: String

    public static let maximumCount = 30
    public static let maximumDescriptionLength = 1000

    public init(sector: String, serviceTypes: [String], reach: String, radiusKm: String = "", zones: String = "", description: String = "") {
        self.sector = sector
        self.serviceTypes = serviceTypes
        self.reach = reach
        self.radiusKm = radiusKm
        self.zones = zones
        self.description = description
    }

    /// The draft of a stored activity, as the editor shows it.
    public init(_ activity: Activity, gazetteer: Gazetteer) {
        sector = activity.sectorSlug
        serviceTypes = activity.serviceTypes.map(\.rawValue)
        description = activity.description ?? ""
        radiusKm = ""
        zones = ""
        switch activity.reach {
        case .national:
            reach = ReachChoice.national.rawValue
        case .radius(let km):
            reach = ReachChoice.radius.rawValue
            // Exact, so that saving another activity does not round this one.
            radiusKm = km == km.rounded() && abs(km) < 1e9 ? String(Int(km)) : String(km).replacingOccurrences(of: ".", with: ",")
        case .perimeters(let perimeters):
            reach = ReachChoice.zones.rawValue
            zones = ZoneList.text(of: perimeters, in: gazetteer)
        }
    }

    /// The activity, or its problems under the editor's labels ("Secteur", "Rayon", "Zones"…).
    public func activity(gazetteer: Gazetteer, taxonomy: SectorTaxonomy) -> Result<Activity, FieldProblems> {
        var problems: [FieldProblem] = []
        let slug = sector.trimmingCharacters(in: .whitespaces)
        if slug.isEmpty {
            problems.append(FieldProblem(field: "Secteur", message: "Choisissez le secteur de l’activité."))
        } else if taxonomy.sector(slug) == nil {
            problems.append(FieldProblem(field: "Secteur", message: "Secteur inconnu « \(slug.prefix(60)) »."))
        }
        var types: [ServiceType] = []
        for value in serviceTypes {
            guard let type = ServiceType(rawValue: value.trimmingCharacters(in: .whitespaces)) else {
                problems.append(FieldProblem(field: "Type de prestation", message: "Type de prestation inconnu « \(value.prefix(60)) »."))
                continue
            }
            if !types.contains(type) { types.append(type) }
        }
        if types.isEmpty && problems.allSatisfy({ $0.field != "Type de prestation" }) {
            problems.append(FieldProblem(field: "Type de prestation", message: "Cochez au moins un type de prestation."))
        }
        var reach: Reach = .national
        switch ReachChoice(rawValue: self.reach) {
        case .national:
            reach = .national
        case .radius:
            let typed = radiusKm.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
            if let km = Double(typed), km.isFinite, (1...Reach.maximumRadiusKm).contains(km) {
                reach = .radius(km: km)
            } else {
                problems.append(FieldProblem(field: "Rayon", message: "Le rayon d’intervention est un nombre de kilomètres entre 1 et 1 000."))
            }
        case .zones:
            let (perimeters, zoneProblems) = ZoneList.read(zones, gazetteer: gazetteer)
            problems += zoneProblems.map { FieldProblem(field: "Zones", message: $0) }
            if perimeters.isEmpty && zoneProblems.isEmpty {
                problems.append(FieldProblem(field: "Zones", message: "Indiquez au moins une zone : commune, département, région ou EPCI."))
            }
            reach = perimeters == [.country] ? .national : .perimeters(perimeters)
        case nil:
            problems.append(FieldProblem(field: "Zone d’intervention", message: "Choisissez où intervient l’activité : France entière, rayon ou liste de zones."))
        }
        let text = description.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > Self.maximumDescriptionLength {
            problems.append(FieldProblem(field: "Description de l’activité", message: "La description d’une activité tient en 1 000 caractères."))
        }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        return .success(Activity(sectorSlug: slug, serviceTypes: types, reach: reach, description: text.isEmpty ? nil : text))
    }
}
