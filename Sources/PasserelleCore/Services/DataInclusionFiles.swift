import Foundation

/// data·inclusion v1 files as other platforms publish them: a JSON array of objects (or an object
/// with `items`), or a CSV whose headers are the schema's property names, lists separated by `|`
/// or `,` within a cell. Both are read into the same JSON objects, so one decoding serves both.
public enum DataInclusionFiles {
    public enum Content: Equatable, Sendable {
        case structures
        case services
    }

    /// The objects of the file, each with its line (CSV) or position (JSON), starting at 1.
    public struct Item: Sendable {
        public var line: Int
        /// One JSON object, re-encoded.
        public var json: Data
    }

    static let listProperties: Set<String> = ["thematiques", "publics", "modes_accueil", "zone_eligibilite", "modes_mobilisation", "mobilisable_par",
                                              "reseaux_porteurs"]
    static let numberProperties: Set<String> = ["latitude", "longitude", "volume_horaire_hebdomadaire"]
    static let integerProperties: Set<String> = ["nombre_semaines"]

    /// Reads a file, JSON when it starts with `[` or `{`, CSV otherwise.
    public static func items(_ data: Data) throws(StructureSheet.SheetError) -> [Item] {
        let start = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 || $0 == 0xEF || $0 == 0xBB || $0 == 0xBF) }
        if start == UInt8(ascii: "[") || start == UInt8(ascii: "{") { return try jsonItems(data) }
        guard let text = String(data: data, encoding: .utf8) else { throw .malformed("Le fichier n’est ni du JSON ni un CSV en UTF-8.") }
        return try csvItems(text)
    }

    /// Services carry a `structure_id`; structures do not.
    public static func content(of items: [Item]) -> Content {
        let first = items.first.flatMap { try? JSONSerialization.jsonObject(with: $0.json) as? [String: Any] }
        return first?["structure_id"] != nil ? .services : .structures
    }

    /// The items as one JSON array, for readers that decode a whole file.
    public static func array(_ items: [Item]) -> Data {
        var data = Data("[".utf8)
        for (index, item) in items.enumerated() {
            if index > 0 { data.append(UInt8(ascii: ",")) }
            data.append(item.json)
        }
        data.append(UInt8(ascii: "]"))
        return data
    }

    static func jsonItems(_ data: Data) throws(StructureSheet.SheetError) -> [Item] {
        let root: Any
        do { root = try JSONSerialization.jsonObject(with: data) } catch { throw .malformed("JSON illisible : vérifiez le fichier (virgules, guillemets, crochets).") }
        let list: [Any]
        if let array = root as? [Any] {
            list = array
        } else if let object = root as? [String: Any], let array = object["items"] as? [Any] {
            list = array
        } else {
            throw .malformed("Le fichier doit être une liste JSON d’objets data·inclusion (ou un objet avec « items »).")
        }
        var items: [Item] = []
        for (offset, element) in list.enumerated() {
            // An element that is not an object is kept as it is: its decoding reports it on its line.
            guard let json = try? JSONSerialization.data(withJSONObject: element, options: .fragmentsAllowed) else { continue }
            items.append(Item(line: offset + 1, json: json))
        }
        return items
    }

    static func csvItems(_ text: String) throws(StructureSheet.SheetError) -> [Item] {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw .malformed(error.message) }
        guard let header = records.first, records.count > 1 else { throw .empty }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let missing = ["id", "source", "nom"].filter { !names.contains($0) }
        guard missing.isEmpty else { throw .missingColumns(missing) }
        return records.dropFirst().compactMap { record in
            guard record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return nil }
            var object: [String: Any] = [:]
            for (name, raw) in zip(names, record.fields) {
                let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !value.isEmpty, !name.isEmpty else { continue }
                if listProperties.contains(name) {
                    object[name] = value.split(whereSeparator: { $0 == "|" || $0 == "," }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                } else if numberProperties.contains(name) {
                    // A number the file does not give as one stays text: its decoding reports it.
                    object[name] = Double(value.replacingOccurrences(of: ",", with: ".")) ?? value
                } else if integerProperties.contains(name) {
                    object[name] = Int(value) ?? value
                } else {
                    object[name] = value
                }
            }
            guard let json = try? JSONSerialization.data(withJSONObject: object) else { return nil }
            return Item(line: record.line, json: json)
        }
    }

    /// What went wrong decoding one item, in French, naming the property.
    public static func describe(_ error: any Error) -> FieldProblem {
        switch error {
        case DecodingError.keyNotFound(let key, _):
            return FieldProblem(field: key.stringValue, message: "Propriété obligatoire absente : « \(key.stringValue) ».")
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).filter { !$0.hasPrefix("Index") }.joined(separator: ".")
            if path.isEmpty { return FieldProblem(field: "", message: "Un objet JSON est attendu ici.") }
            return FieldProblem(field: path, message: "Valeur inattendue pour « \(path) ».")
        default:
            return FieldProblem(field: "", message: "Un objet JSON est attendu ici.")
        }
    }
}

extension DataInclusionService {
    /// The service an item of another platform describes. `provider` is its structure as known
    /// here (nil when unknown: the row is refused). Unknown values are named, one problem each.
    public func service(provider: ServiceProvider?, gazetteer: Gazetteer, now: Date) -> (service: Service?, problems: [FieldProblem]) {
        var problems: [FieldProblem] = []
        if provider == nil {
            problems.append(FieldProblem(field: "structure_id", message: "Structure « \(structureId) » inconnue : donnez le fichier de ses structures avec --structures."))
        }
        let fee = frais.flatMap { value in ServiceFee(rawValue: value) ?? { problems.append(FieldProblem(field: "frais", message: "Frais inconnus « \(value) » : gratuit ou payant.")); return nil }() }
        func modes<T: RawRepresentable>(_ values: [String]?, _ field: String, _ type: T.Type) -> [T] where T.RawValue == String {
            (values ?? []).compactMap { value in
                T(rawValue: value) ?? { problems.append(FieldProblem(field: field, message: "Valeur inconnue « \(value) » pour \(field).")); return nil }()
            }
        }
        let reception = modes(modesAccueil, "modes_accueil", ReceptionMode.self)
        let mobilisation = modes(modesMobilisation, "modes_mobilisation", MobilisationMode.self)
        let communeCode = StructureSheet.resolveCommune(code: codeInsee, postalCode: codePostal, name: commune, gazetteer: gazetteer, problems: &problems)
        let coordinates = latitude.flatMap { lat in longitude.map { GeoPoint(latitude: lat, longitude: $0) } } ?? communeCode.flatMap { gazetteer.commune($0)?.centre }
        let updated = DateText.parseISODay(dateMaj)
        if updated == nil { problems.append(FieldProblem(field: "date_maj", message: "Date de mise à jour illisible « \(dateMaj) » : AAAA-MM-JJ attendu.")) }
        let isOurs = source == DataInclusion.producer
        let service = Service(
            id: isOurs ? UUID(uuidString: String(id.dropFirst(DataInclusion.producer.count + 2))) ?? UUID() : UUID(),
            provider: provider ?? ServiceProvider(name: structureId),
            source: isOurs ? "passerelle" : "data-inclusion:\(source)", sourceId: isOurs ? String(id.dropFirst(DataInclusion.producer.count + 2)) : id,
            name: nom, description: description, type: type, thematiques: thematiques ?? [], publics: publics ?? [], publicsDetails: publicsPrecisions,
            fee: fee, feeDetails: fraisPrecisions, accessConditions: conditionsAcces, receptionModes: reception, zone: EligibilityZone(zoneEligibilite ?? []),
            address: adresse, communeCode: communeCode, coordinates: coordinates, phone: telephone, email: courriel, contactName: contactNomPrenom,
            mobilisationLink: lienMobilisation, mobilisationModes: mobilisation, mobilisers: mobilisablePar ?? [], mobilisationDetails: mobilisationPrecisions,
            weeklyHours: volumeHoraireHebdomadaire, weeks: nombreSemaines, openingHours: horairesAccueil, status: .published,
            updatedAt: updated ?? now
        )
        problems += ServiceRules.validate(service, gazetteer: gazetteer).filter { problem in !(problem.field == "Commune" && problems.contains { $0.field.hasPrefix("Code") }) }
        return (problems.isEmpty ? service : nil, problems)
    }
}
