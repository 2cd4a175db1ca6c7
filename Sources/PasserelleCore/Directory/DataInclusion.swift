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

    /// Reads a data·inclusion file: a JSON array of structures (or an object with `items`).
    /// Structures whose "réseaux porteurs" name no inclusive employer kind are reported, not read.
    public static func read(_ data: Data, gazetteer: Gazetteer, taxonomy: SectorTaxonomy, currentYear: Int, now: Date) throws(StructureSheet.SheetError) -> [StructureSheet.ParsedRow] {
        let items: [DataInclusionStructure]
        do {
            let decoder = JSONDecoder()
            if let list = try? decoder.decode([DataInclusionStructure].self, from: data) {
                items = list
            } else {
                struct Page: Decodable { var items: [DataInclusionStructure] }
                items = try decoder.decode(Page.self, from: data).items
            }
        } catch {
            throw .malformed("Le fichier n’est pas une liste JSON de structures data·inclusion v1 : \(describe(error)).")
        }
        return items.enumerated().map { offset, item in
            var problems: [FieldProblem] = []
            let kind = (item.reseauxPorteurs ?? []).lazy.compactMap(StructureKind.init(rawValue:)).first
            if kind == nil {
                problems.append(FieldProblem(field: "reseaux_porteurs", message: "Aucun réseau porteur n’indique une structure inclusive (aci, ei, ai, etti, eiti, geiq, ea, eatt, esat) : structure ignorée."))
            }
            let communeCode = StructureSheet.resolveCommune(code: item.codeInsee, postalCode: item.codePostal, name: item.commune, gazetteer: gazetteer, problems: &problems)
            var coordinates: GeoPoint?
            if let latitude = item.latitude, let longitude = item.longitude {
                coordinates = GeoPoint(latitude: latitude, longitude: longitude)
            } else {
                coordinates = communeCode.flatMap { gazetteer.commune($0)?.centre }
            }
            let isOurs = item.source == producer
            let structure = Structure(
                id: isOurs ? UUID(uuidString: String(item.id.dropFirst(producer.count + 2))) ?? UUID() : UUID(),
                siret: item.siret.map(Siret.normalize),
                source: isOurs ? nil : "data-inclusion:\(item.source)",
                sourceId: isOurs ? nil : item.id,
                name: item.nom,
                kind: kind ?? .aci,
                description: item.description,
                address: item.adresse,
                communeCode: communeCode,
                coordinates: coordinates,
                phone: item.telephone,
                email: item.courriel,
                website: item.siteWeb,
                updatedAt: now
            )
            problems += StructureRules.validate(structure, gazetteer: gazetteer, taxonomy: taxonomy, currentYear: currentYear)
                .filter { problem in !(problem.field == "Code commune" && problems.contains { $0.field == "Code commune" || $0.field == "Code postal" }) }
            return StructureSheet.ParsedRow(line: offset + 1, structure: problems.isEmpty ? structure : nil, problems: problems, id: isOurs ? structure.id : nil)
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "champ « \(key.stringValue) » absent (élément \(context.codingPath.first?.intValue.map { String($0 + 1) } ?? "?"))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "valeur inattendue pour « \(context.codingPath.map(\.stringValue).joined(separator: ".")) »"
        case DecodingError.dataCorrupted:
            return "JSON illisible"
        default:
            return "format inattendu"
        }
    }
}
