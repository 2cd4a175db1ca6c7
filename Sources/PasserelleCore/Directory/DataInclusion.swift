import Foundation

/// A structure in the national data·inclusion schema v1 (`structure.json`), the format in which
/// inclusion platforms exchange their directories.
public struct DataInclusionStructure: Codable, Hashable, Sendable {
    public var id: String
    public var source: String
    public var nom: String
    public var dateMaj: String
    public var siret: String?
    public var description: String?
    public var adresse: String?
    public var complementAdresse: String?
    public var commune: String?
    public var codePostal: String?
    public var codeInsee: String?
    public var latitude: Double?
    public var longitude: Double?
    public var telephone: String?
    public var courriel: String?
    public var siteWeb: String?
    public var lienSource: String?
    public var horairesAccueil: String?
    public var accessibiliteLieu: String?
    public var reseauxPorteurs: [String]?

    enum CodingKeys: String, CodingKey {
        case id, source, nom, siret, description, adresse, commune, latitude, longitude, telephone, courriel
        case dateMaj = "date_maj"
        case complementAdresse = "complement_adresse"
        case codePostal = "code_postal"
        case codeInsee = "code_insee"
        case siteWeb = "site_web"
        case lienSource = "lien_source"
        case horairesAccueil = "horaires_accueil"
        case accessibiliteLieu = "accessibilite_lieu"
        case reseauxPorteurs = "reseaux_porteurs"
    }

    /// Every optional property is written, as `null` when unknown, as the schema's examples do.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(source, forKey: .source)
        try container.encode(nom, forKey: .nom)
        try container.encode(dateMaj, forKey: .dateMaj)
        try container.encode(siret, forKey: .siret)
        try container.encode(description, forKey: .description)
        try container.encode(adresse, forKey: .adresse)
        try container.encode(complementAdresse, forKey: .complementAdresse)
        try container.encode(commune, forKey: .commune)
        try container.encode(codePostal, forKey: .codePostal)
        try container.encode(codeInsee, forKey: .codeInsee)
        try container.encode(latitude, forKey: .latitude)
        try container.encode(longitude, forKey: .longitude)
        try container.encode(telephone, forKey: .telephone)
        try container.encode(courriel, forKey: .courriel)
        try container.encode(siteWeb, forKey: .siteWeb)
        try container.encode(lienSource, forKey: .lienSource)
        try container.encode(horairesAccueil, forKey: .horairesAccueil)
        try container.encode(accessibiliteLieu, forKey: .accessibiliteLieu)
        try container.encode(reseauxPorteurs, forKey: .reseauxPorteurs)
    }
}

/// Mapping between the directory and data·inclusion v1.
public enum DataInclusion {
    public static let producer = "passerelle"

    /// A name as the schema wants it: trimmed, without a final full stop, 150 characters at most.
    public static func nom(_ name: String) -> String {
        var name = name.trimmingCharacters(in: .whitespacesAndNewlines)
        while name.hasSuffix(".") { name.removeLast() }
        return String(name.prefix(150))
    }

    /// The data·inclusion form of a structure; `profileURL` is the public page it links back to.
    public static func export(_ structure: Structure, gazetteer: Gazetteer, profileURL: String) -> DataInclusionStructure {
        let commune = structure.communeCode.flatMap(gazetteer.commune)
        let description = structure.description?.trimmingCharacters(in: .whitespacesAndNewlines)
        return DataInclusionStructure(
            id: "\(producer)--\(structure.id.uuidString.lowercased())",
            source: producer,
            nom: nom(structure.name),
            dateMaj: DateText.isoDay(structure.updatedAt),
            siret: structure.siret,
            description: description.flatMap { (5...10_000).contains($0.count) ? $0 : nil },
            adresse: structure.address,
            complementAdresse: nil,
            commune: commune?.name.name,
            codePostal: commune?.postalCodes.first,
            codeInsee: structure.communeCode,
            latitude: structure.coordinates?.latitude,
            longitude: structure.coordinates?.longitude,
            telephone: structure.phone,
            courriel: structure.email,
            siteWeb: structure.website,
            lienSource: profileURL,
            horairesAccueil: nil,
            accessibiliteLieu: nil,
            reseauxPorteurs: [structure.kind.dataInclusionNetwork]
        )
    }

    /// The directory's kind of a structure from its « réseaux porteurs »: one of the kinds, or
    /// `unea` (the union of entreprises adaptées, as data·inclusion writes EA and EATT).
    static func kind(of networks: [String]) -> StructureKind? {
        networks.lazy.compactMap { StructureKind(rawValue: $0) ?? ($0 == "unea" ? .ea : nil) }.first
    }

    /// Reads a data·inclusion file of structures (JSON or CSV, see `DataInclusionFiles`), item by
    /// item. An inclusive employer becomes a directory structure; any other structure (a mission
    /// locale, France Travail, an association) a partner organisation, which publishes services.
    /// What the schema accepts is read; a value that cannot be used here is left out with a note.
    public static func read(_ data: Data, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, currentYear: Int, now: Date) throws(StructureSheet.SheetError) -> [StructureSheet.ParsedRow] {
        try DataInclusionFiles.items(data).map { item in
            let decoded: DataInclusionStructure
            do {
                decoded = try JSONDecoder().decode(DataInclusionStructure.self, from: item.json)
            } catch {
                return StructureSheet.ParsedRow(line: item.line, structure: nil, problems: [DataInclusionFiles.describe(error, item: item.json)], id: nil)
            }
            return read(decoded, line: item.line, gazetteer: gazetteer, taxonomy: taxonomy, currentYear: currentYear, now: now)
        }
    }

    static func read(_ item: DataInclusionStructure, line: Int, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, currentYear: Int, now: Date) -> StructureSheet.ParsedRow {
        var problems: [FieldProblem] = []
        var notes: [FieldProblem] = []
        // The place: what cannot be found in the gazetteer is left out (the schema lets every part
        // of the address be missing).
        let communeCode = StructureSheet.resolveCommune(code: item.codeInsee, postalCode: item.codePostal, name: item.commune, gazetteer: gazetteer, problems: &notes)
        var coordinates: GeoPoint?
        if let latitude = item.latitude, let longitude = item.longitude, GeoPoint(latitude: latitude, longitude: longitude).isValid {
            coordinates = GeoPoint(latitude: latitude, longitude: longitude)
        } else {
            coordinates = communeCode.flatMap { gazetteer.commune($0)?.centre }
        }
        var siret = item.siret.map(Siret.normalize)
        if let given = siret, case .failure(let problem) = Siret.validate(given) {
            notes.append(FieldProblem(field: "siret", message: "Nᵒ SIRET : « \(given) » n’est pas utilisable (\(problem.message)) ; la valeur est laissée de côté."))
            siret = nil
        }
        let phone = usable(item.telephone, "telephone", "numéro de téléphone", ContactRules.isPhone, notes: &notes)
        let email = usable(item.courriel, "courriel", "adresse électronique", ContactRules.isEmail, notes: &notes)
        let website = usable(item.siteWeb, "site_web", "adresse de site", ContactRules.isWebsite, notes: &notes)
        let isOurs = item.source == producer
        guard let kind = kind(of: item.reseauxPorteurs ?? []) else {
            // Not an inclusive employer: it joins the platform as a partner organisation.
            let name = item.nom.trimmingCharacters(in: .whitespacesAndNewlines)
            if !StructureRules.nameLengths.contains(name.count) {
                problems.append(FieldProblem(field: "nom", message: "Le nom doit compter de 3 à 150 caractères."))
            } else if let oneLine = OneLineText.problem(in: name) {
                problems.append(FieldProblem(field: "nom", message: oneLine))
            }
            let partner = PartnerRecord(source: "data-inclusion:\(item.source)", sourceId: item.id, name: name, siret: siret, communeCode: communeCode,
                                        networks: item.reseauxPorteurs ?? [])
            return StructureSheet.ParsedRow(line: line, structure: nil, problems: problems, id: nil, partner: problems.isEmpty ? partner : nil, notes: notes)
        }
        let structure = Structure(
            id: isOurs ? UUID(uuidString: String(item.id.dropFirst(producer.count + 2))) ?? UUID() : UUID(),
            siret: siret,
            source: isOurs ? nil : "data-inclusion:\(item.source)",
            sourceId: isOurs ? nil : item.id,
            name: item.nom,
            kind: kind,
            description: item.description,
            address: item.adresse,
            communeCode: communeCode,
            coordinates: coordinates,
            phone: phone,
            email: email,
            website: website,
            updatedAt: now
        )
        problems += StructureRules.validate(structure, gazetteer: gazetteer, taxonomy: taxonomy, currentYear: currentYear)
        return StructureSheet.ParsedRow(line: line, structure: problems.isEmpty ? structure : nil, problems: problems, id: isOurs ? structure.id : nil, notes: notes)
    }

    /// `value` when `check` accepts it; otherwise nil, with a note that names it.
    static func usable(_ value: String?, _ field: String, _ what: String, _ check: (String) -> Bool, notes: inout [FieldProblem]) -> String? {
        guard let value else { return nil }
        if check(value) { return value }
        notes.append(FieldProblem(field: field, message: "\(what.prefix(1).uppercased() + what.dropFirst()) : « \(value) » n’est pas utilisable ici ; la valeur est laissée de côté."))
        return nil
    }
}

/// A structure of a data·inclusion file that is not an inclusive employer (its « réseaux
/// porteurs » name none): a partner organisation of the platform, known by its source and its id
/// there, which publishes services.
public struct PartnerRecord: Sendable, Equatable {
    public var source: String
    public var sourceId: String
    public var name: String
    public var siret: String?
    public var communeCode: String?
    public var networks: [String]

    public init(source: String, sourceId: String, name: String, siret: String?, communeCode: String?, networks: [String]) {
        self.source = source
        self.sourceId = sourceId
        self.name = name
        self.siret = siret
        self.communeCode = communeCode
        self.networks = networks
    }
}
