import Foundation

/// The CSV form of the directory: one row per structure, French headers, activities one per line
/// in their cell as `secteur | types | zone | description`. The same columns are written by the
/// exports and read by the import, so an export can be edited in a spreadsheet and imported back.
public enum StructureSheet {
    public enum Column: String, CaseIterable, Sendable {
        case id = "Identifiant"
        case siret = "Nᵒ SIRET"
        case source = "Source"
        case sourceId = "Identifiant source"
        case name = "Nom"
        case brand = "Enseigne"
        case kind = "Type"
        case description = "Description"
        case address = "Adresse"
        case postalCode = "Code postal"
        case communeName = "Commune"
        case communeCode = "Code commune"
        case departement = "Département"
        case latitude = "Latitude"
        case longitude = "Longitude"
        case phone = "Téléphone"
        case email = "Courriel"
        case website = "Site web"
        case networks = "Réseaux"
        case labels = "Labels et certifications"
        case insertionStaff = "Salariés en insertion"
        case permanentStaff = "Salariés permanents"
        case yearFounded = "Année de création"
        case clientReferences = "Références clients"
        case qpv = "QPV"
        case zrr = "ZRR"
        case sectors = "Secteurs"
        case activities = "Activités"
        case updatedAt = "Mise à jour"
        case distance = "Distance (km)"
        case reasons = "Pourquoi ce résultat"

        /// Header spellings accepted on import besides the French label (data people type
        /// `siret`, `code_insee`…).
        var aliases: [String] {
            switch self {
            case .id: ["id", "uuid"]
            case .siret: ["siret", "n siret", "numero siret"]
            case .source: ["source"]
            case .sourceId: ["id source", "id_source", "source id", "identifiant externe"]
            case .name: ["nom", "raison sociale", "name"]
            case .brand: ["enseigne", "nom commercial", "brand"]
            case .kind: ["type", "type de structure", "kind"]
            case .description: ["description"]
            case .address: ["adresse", "address"]
            case .postalCode: ["code postal", "code_postal", "cp"]
            case .communeName: ["commune", "ville"]
            case .communeCode: ["code commune", "code insee", "code_insee", "insee"]
            case .departement: ["departement"]
            case .latitude: ["latitude", "lat"]
            case .longitude: ["longitude", "lon", "lng"]
            case .phone: ["telephone", "tel", "phone"]
            case .email: ["courriel", "email", "e mail", "mail"]
            case .website: ["site web", "site internet", "site_web", "website"]
            case .networks: ["reseaux", "networks"]
            case .labels: ["labels et certifications", "labels", "certifications"]
            case .insertionStaff: ["salaries en insertion", "effectif insertion"]
            case .permanentStaff: ["salaries permanents", "effectif permanent"]
            case .yearFounded: ["annee de creation", "annee creation"]
            case .clientReferences: ["references clients", "references"]
            case .qpv: ["qpv"]
            case .zrr: ["zrr"]
            case .sectors: ["secteurs"]
            case .activities: ["activites"]
            case .updatedAt: ["mise a jour", "date maj"]
            case .distance: ["distance km"]
            case .reasons: ["pourquoi ce resultat"]
            }
        }

        static func match(header: String) -> Column? {
            let key = SearchText.fold(header.replacingOccurrences(of: "ᵒ", with: "o"))
            return allCases.first { column in
                SearchText.fold(column.rawValue.replacingOccurrences(of: "ᵒ", with: "o")) == key
                    || column.aliases.contains { SearchText.fold($0) == key }
            }
        }
    }

    /// Columns of the directory export; searches add the distance and the reasons.
    public static let exportColumns: [Column] = Column.allCases.filter { $0 != .distance && $0 != .reasons }

    // MARK: Writing

    public static func row(for structure: Structure, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, distanceKm: Double? = nil, reasons: [String]? = nil, columns: [Column]) -> [String] {
        let commune = structure.communeCode.flatMap(gazetteer.commune)
        return columns.map { column in
            switch column {
            case .id: structure.id.uuidString.lowercased()
            case .siret: structure.siret ?? ""
            case .source: structure.source ?? ""
            case .sourceId: structure.sourceId ?? ""
            case .name: structure.name
            case .brand: structure.brand ?? ""
            case .kind: structure.kind.acronym
            case .description: structure.description ?? ""
            case .address: structure.address ?? ""
            case .postalCode: commune?.postalCodes.first ?? ""
            case .communeName: commune?.name.name ?? ""
            case .communeCode: structure.communeCode ?? ""
            case .departement: commune.flatMap { gazetteer.departement($0.departementCode)?.name.name } ?? ""
            case .latitude: structure.coordinates.map { String($0.latitude) } ?? ""
            case .longitude: structure.coordinates.map { String($0.longitude) } ?? ""
            case .phone: structure.phone ?? ""
            case .email: structure.email ?? ""
            case .website: structure.website ?? ""
            case .networks: structure.networks.joined(separator: ", ")
            case .labels: structure.labels.joined(separator: ", ")
            case .insertionStaff: structure.insertionStaff.map(String.init) ?? ""
            case .permanentStaff: structure.permanentStaff.map(String.init) ?? ""
            case .yearFounded: structure.yearFounded.map(String.init) ?? ""
            case .clientReferences: structure.clientReferences.joined(separator: "\n")
            case .qpv: structure.inQPV ? "oui" : "non"
            case .zrr: structure.inZRR ? "oui" : "non"
            case .sectors: structure.sectorSlugs.compactMap { taxonomy.sector($0)?.name }.joined(separator: ", ")
            case .activities: structure.activities.map(activityLine).joined(separator: "\n")
            case .updatedAt: DateText.isoDay(structure.updatedAt)
            case .distance: distanceKm.map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") } ?? ""
            case .reasons: (reasons ?? []).joined(separator: " ; ")
            }
        }
    }

    /// `nettoyage-de-locaux | prestation-de-services | departement:59, departement:62 | Bureaux`
    public static func activityLine(_ activity: Activity) -> String {
        let zone: String
        switch activity.reach {
        case .national: zone = "france"
        case .radius(let km): zone = "rayon:\(km == km.rounded() ? String(Int(km)) : String(km))"
        case .perimeters(let perimeters): zone = perimeters.map(\.token).joined(separator: ", ")
        }
        let types = activity.serviceTypes.map(\.rawValue).joined(separator: ", ")
        let description = (activity.description ?? "").replacingOccurrences(of: "\n", with: " ")
        return [activity.sectorSlug, types, zone, description].joined(separator: " | ")
    }

    // MARK: Reading

    /// One row read from a file: the structure it describes, or what is wrong with it.
    public struct ParsedRow: Sendable {
        public var line: Int
        public var structure: Structure?
        public var problems: [FieldProblem]
        /// The platform identifier given in the file, when the row came from an export.
        public var id: UUID?
        /// A data·inclusion structure that is not an inclusive employer: a partner organisation.
        public var partner: PartnerRecord? = nil
        /// Values left out because they cannot be used here; the row is imported without them.
        public var notes: [FieldProblem] = []
    }

    public enum SheetError: Error, Equatable, Sendable {
        case empty
        case missingColumns([String])
        case malformed(String)

        public var message: String {
            switch self {
            case .empty: "Le fichier est vide : il faut une ligne d’en-têtes puis une ligne par structure."
            case .missingColumns(let names): "Colonnes obligatoires absentes : \(names.joined(separator: ", ")). La première ligne doit donner les en-têtes."
            case .malformed(let message): message
            }
        }
    }

    /// Reads a whole file. Structure-level problems are per row; a file that cannot be read at
    /// all throws.
    public static func read(_ text: String, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, currentYear: Int, now: Date) throws(SheetError) -> [ParsedRow] {
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text)
        } catch {
            throw .malformed(error.message)
        }
        guard let header = records.first else { throw .empty }
        var columns: [Int: Column] = [:]
        for (index, title) in header.fields.enumerated() {
            if let column = Column.match(header: title) { columns[index] = column }
        }
        let present = Set(columns.values)
        var missing: [String] = []
        if !present.contains(.name) { missing.append(Column.name.rawValue) }
        if !present.contains(.kind) { missing.append(Column.kind.rawValue) }
        if !present.contains(.communeCode) && !(present.contains(.postalCode) && present.contains(.communeName)) {
            missing.append("\(Column.communeCode.rawValue) (ou \(Column.postalCode.rawValue) et \(Column.communeName.rawValue))")
        }
        guard missing.isEmpty else { throw .missingColumns(missing) }
        return records.dropFirst().map { record in
            var values: [Column: String] = [:]
            for (index, value) in record.fields.enumerated() {
                guard let column = columns[index] else { continue }
                values[column] = unneutralise(value.trimmingCharacters(in: .whitespacesAndNewlines))
            }
            return parseRow(values, line: record.line, gazetteer: gazetteer, taxonomy: taxonomy, currentYear: currentYear, now: now)
        }
    }

    static func unneutralise(_ value: String) -> String {
        if value.hasPrefix("'"), let next = value.dropFirst().first, "=+-@".contains(next) { return String(value.dropFirst()) }
        return value
    }

    static func parseRow(_ values: [Column: String], line: Int, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, currentYear: Int, now: Date) -> ParsedRow {
        var problems: [FieldProblem] = []
        func text(_ column: Column) -> String? {
            guard let value = values[column], !value.isEmpty else { return nil }
            return value
        }
        func integer(_ column: Column) -> Int? {
            guard let value = text(column) else { return nil }
            guard let number = Int(value.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{00A0}" }) else {
                problems.append(FieldProblem(field: column.rawValue, message: "« \(value) » n’est pas un nombre entier."))
                return nil
            }
            return number
        }
        func decimal(_ column: Column) -> Double? {
            guard let value = text(column) else { return nil }
            guard let number = Double(value.replacingOccurrences(of: ",", with: ".")), number.isFinite else {
                problems.append(FieldProblem(field: column.rawValue, message: "« \(value) » n’est pas un nombre décimal."))
                return nil
            }
            return number
        }
        func flag(_ column: Column) -> Bool {
            guard let value = text(column) else { return false }
            switch SearchText.fold(value) {
            case "oui", "o", "yes", "y", "true", "vrai", "1", "x": return true
            case "non", "n", "no", "false", "faux", "0": return false
            default:
                problems.append(FieldProblem(field: column.rawValue, message: "« \(value) » : écrivez oui ou non."))
                return false
            }
        }
        func list(_ column: Column, separators: Set<Character>) -> [String] {
            guard let value = text(column) else { return [] }
            return value.split(whereSeparator: { separators.contains($0) })
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }

        let kind: StructureKind?
        if let value = text(.kind) {
            kind = StructureKind(code: value)
            if kind == nil {
                problems.append(FieldProblem(field: Column.kind.rawValue, message: "Type inconnu « \(value) » : ACI, EI, AI, ETTI, EITI, GEIQ, EA, EATT ou ESAT."))
            }
        } else {
            kind = nil
            problems.append(FieldProblem(field: Column.kind.rawValue, message: "Le type de structure est obligatoire (ACI, EI, AI, ETTI, EITI, GEIQ, EA, EATT ou ESAT)."))
        }
        let communeCode = resolveCommune(code: text(.communeCode), postalCode: text(.postalCode), name: text(.communeName), gazetteer: gazetteer, problems: &problems)
        var coordinates: GeoPoint?
        switch (decimal(.latitude), decimal(.longitude)) {
        case (let latitude?, let longitude?): coordinates = GeoPoint(latitude: latitude, longitude: longitude)
        case (nil, nil): coordinates = communeCode.flatMap { gazetteer.commune($0)?.centre }
        default: problems.append(FieldProblem(field: Column.latitude.rawValue, message: "Donnez la latitude et la longitude, ou aucune des deux."))
        }
        var activities: [Activity] = []
        if let cell = text(.activities) {
            for (number, lineText) in cell.split(whereSeparator: \.isNewline).enumerated() {
                switch parseActivity(String(lineText), taxonomy: taxonomy) {
                case .success(let activity): activities.append(activity)
                case .failure(let problem):
                    problems.append(FieldProblem(field: Column.activities.rawValue, message: "Activité \(number + 1) : \(problem.message)"))
                }
            }
        }
        let id = text(.id).flatMap(UUID.init(uuidString:))
        let structure = Structure(
            siret: text(.siret).map(Siret.normalize),
            source: text(.source),
            sourceId: text(.sourceId),
            name: text(.name) ?? "",
            brand: text(.brand),
            kind: kind ?? .aci,
            description: text(.description),
            address: text(.address),
            communeCode: communeCode,
            coordinates: coordinates,
            phone: text(.phone),
            email: text(.email),
            website: text(.website),
            networks: list(.networks, separators: [",", "\n"]),
            labels: list(.labels, separators: [",", "\n"]),
            insertionStaff: integer(.insertionStaff),
            permanentStaff: integer(.permanentStaff),
            yearFounded: integer(.yearFounded),
            clientReferences: list(.clientReferences, separators: ["\n"]),
            inQPV: flag(.qpv),
            inZRR: flag(.zrr),
            updatedAt: now,
            activities: activities
        )
        var all = problems
        let ruleProblems = StructureRules.validate(structure, gazetteer: gazetteer, taxonomy: taxonomy, currentYear: currentYear)
        // A commune already reported as unresolved is not reported twice.
        all += ruleProblems.filter { problem in !(problem.field == Column.communeCode.rawValue && problems.contains { $0.field == Column.communeCode.rawValue || $0.field == Column.postalCode.rawValue }) }
        if kind == nil { return ParsedRow(line: line, structure: nil, problems: all, id: id) }
        return ParsedRow(line: line, structure: all.isEmpty ? structure : nil, problems: all, id: id)
    }

    static func resolveCommune(code: String?, postalCode: String?, name: String?, gazetteer: Gazetteer, problems: inout [FieldProblem]) -> String? {
        if let code {
            let upper = code.uppercased()
            // Spreadsheets drop the leading zero of codes such as 02408.
            let padded = upper.count == 4 && upper.allSatisfy(\.isNumber) ? "0" + upper : upper
            guard gazetteer.commune(padded) != nil else {
                problems.append(FieldProblem(field: Column.communeCode.rawValue, message: "Commune inconnue : « \(code) » n’est pas un code INSEE de commune."))
                return nil
            }
            return padded
        }
        guard let postalCode else {
            if name != nil {
                problems.append(FieldProblem(field: Column.postalCode.rawValue, message: "Le code postal est nécessaire pour reconnaître la commune « \(name!) »."))
            }
            return nil
        }
        let padded = postalCode.count == 4 ? "0" + postalCode : postalCode
        let candidates = gazetteer.communes.filter { $0.kind == .commune && $0.postalCodes.contains(padded) }
        let chosen: [Commune]
        if candidates.count <= 1 || name == nil {
            chosen = candidates
        } else {
            let key = SearchText.placeQuery(name!)
            chosen = candidates.filter { SearchText.fold($0.name.name) == key || SearchText.fold($0.name.bare) == key }
        }
        guard chosen.count == 1 else {
            let detail = chosen.isEmpty ? "aucune commune ne correspond" : "plusieurs communes correspondent"
            problems.append(FieldProblem(field: Column.postalCode.rawValue, message: "Code postal \(postalCode)\(name.map { " et commune « \($0) »" } ?? "") : \(detail) ; donnez le code INSEE."))
            return nil
        }
        return chosen[0].code
    }

    public struct ActivityProblem: Error, Sendable {
        public var message: String
    }

    /// Reads `secteur | types | zone | description`; the sector may be a slug or a name, the types
    /// slugs or labels, the zone `france`, `rayon:30` or perimeter tokens separated by commas.
    public static func parseActivity(_ line: String, taxonomy: SectorTaxonomy) -> Result<Activity, ActivityProblem> {
        let parts = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count >= 3 else {
            return .failure(ActivityProblem(message: "écrivez « secteur | types de prestation | zone | description » (au moins les trois premiers)."))
        }
        guard let sector = taxonomy.resolveSector(parts[0]) else {
            return .failure(ActivityProblem(message: "secteur inconnu « \(parts[0]) »."))
        }
        var types: [ServiceType] = []
        for item in parts[1].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !item.isEmpty {
            guard let type = ServiceType(rawValue: item) ?? ServiceType.allCases.first(where: { SearchText.fold($0.label) == SearchText.fold(item) }) else {
                return .failure(ActivityProblem(message: "type de prestation inconnu « \(item) » (mise-a-disposition, prestation-de-services, fabrication-et-vente)."))
            }
            if !types.contains(type) { types.append(type) }
        }
        let reach: Reach
        let zone = SearchText.fold(parts[2])
        if zone == "france" || zone == "national" || zone == "france entiere" {
            reach = .national
        } else if zone.hasPrefix("rayon") {
            let number = zone.dropFirst("rayon".count).filter { $0.isNumber || $0 == "." }
            guard let km = Double(number) else {
                return .failure(ActivityProblem(message: "rayon illisible « \(parts[2]) » (exemple : rayon:30)."))
            }
            reach = .radius(km: km)
        } else {
            var perimeters: [Perimeter] = []
            for token in parts[2].split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) where !token.isEmpty {
                guard let perimeter = Perimeter(token: token) else {
                    return .failure(ActivityProblem(message: "zone illisible « \(token) » (exemples : france, rayon:30, departement:62, commune:59350, region:32, epci:200093201)."))
                }
                if !perimeters.contains(perimeter) { perimeters.append(perimeter) }
            }
            reach = .perimeters(perimeters)
        }
        let description = parts.count > 3 ? parts[3...].joined(separator: " | ") : ""
        return .success(Activity(sectorSlug: sector.slug, serviceTypes: types, reach: reach, description: description.isEmpty ? nil : description))
    }
}

/// Dates as the platform writes them in files and in French.
public enum DateText {
    /// `2026-11-30`, in UTC.
    public static func isoDay(_ date: Date) -> String {
        let parts = utcCalendar.dateComponents([.day, .month, .year], from: date)
        return dayText(parts.year!, parts.month!, parts.day!)
    }

    /// The start (UTC) of the day `2026-11-30`, or of the day of a full timestamp; nil when it is not one.
    public static func parseISODay(_ text: String) -> Date? {
        let parts = text.prefix(10).split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, text.prefix(10).count == 10, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        let components = DateComponents(year: parts[0], month: parts[1], day: parts[2])
        guard let date = utcCalendar.date(from: components), isoDay(date) == String(text.prefix(10)) else { return nil }
        return date
    }

    private static let utcCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// `YYYY-MM-DD` of these numbers. Written by hand: `String(format:)` was the largest part of a
    /// dashboard's cost, which writes a day per person.
    public static func dayText(_ year: Int, _ month: Int, _ day: Int) -> String {
        func padded(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
    }

    /// `2026-11-30`, the day it is in Paris: deadlines are French days.
    public static func parisDay(_ date: Date) -> String {
        let parts = parisCalendar.dateComponents([.day, .month, .year], from: date)
        return dayText(parts.year!, parts.month!, parts.day!)
    }

    /// The 1st of January, midnight in Paris, of the year `date` is in.
    public static func parisYearStart(_ date: Date) -> Date {
        parisCalendar.date(from: parisCalendar.dateComponents([.year], from: date)) ?? date
    }

    private static let parisCalendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(identifier: "UTC")!
        return calendar
    }()

    private static let months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"]

    /// `30 novembre 2026 à 16 h 05`, in Paris time.
    public static func frenchDateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return frenchDay(date) + String(format: " à %d h %02d", parts.hour!, parts.minute!)
    }

    /// `mars 2027` for `2027-03`; the text itself when it is not a month.
    public static func frenchMonth(_ month: String) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2, (1...12).contains(parts[1]) else { return month }
        return "\(months[parts[1] - 1]) \(parts[0])"
    }

    /// `4 mai 2023` for `2023-05-04`; the text itself when it is not a day.
    public static func frenchDay(iso text: String) -> String {
        CivilDay(text).map { frenchDay(civil: $0) } ?? text
    }

    /// `4 mai 2023` for the calendar day `2023-05-04`.
    static func frenchDay(civil day: CivilDay) -> String {
        "\(day.day == 1 ? "1er" : String(day.day)) \(months[day.month - 1]) \(day.year)"
    }

    /// `4 mai 2023`, `1er juin 2024`, in Paris time.
    public static func frenchDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.day, .month, .year], from: date)
        let day = parts.day == 1 ? "1er" : "\(parts.day!)"
        return "\(day) \(months[parts.month! - 1]) \(parts.year!)"
    }
}
