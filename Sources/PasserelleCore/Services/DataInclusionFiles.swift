import Foundation

/// data·inclusion v1 files as other platforms publish them: a JSON array of objects, a page of
/// the data·inclusion API (`items`, `total`, `page`, `size`, `pages`), or a CSV whose headers are
/// the schema's property names, lists separated by `|` or `,` within a cell. All are read into
/// the same JSON objects, so one decoding serves them. What the schema accepts is never refused
/// here: an optional property given as `null`, `""` or `[]` is read as absent.
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

    /// Properties that only schema v0 has: a file that holds one is a v0 file.
    static let v0Properties: [String] = [
        "presentation_resume", "presentation_detail", "typologie", "labels_nationaux", "labels_autres", "horaires_ouverture", "accessibilite",
        "antenne", "rna", "types", "profils", "profils_precisions", "frais_autres", "pre_requis", "justificatifs", "cumulable", "recurrence",
        "date_creation", "date_suspension", "contact_public", "prise_rdv", "formulaire_en_ligne", "page_web", "zone_diffusion_type",
        "zone_diffusion_code", "zone_diffusion_nom", "modes_orientation_beneficiaire", "modes_orientation_beneficiaire_autres",
        "modes_orientation_accompagnateur", "modes_orientation_accompagnateur_autres",
    ]

    /// What a v0 file is told: what it is, and what to do.
    static func v0Refusal(_ found: [String]) -> String {
        "Ce fichier suit le schéma data·inclusion v0 (propriétés " + found.prefix(4).map { "« \($0) »" }.joined(separator: ", ")
            + ") : Passerelle lit la version 1 du schéma, publiée en octobre 2025. Demandez à la source un export en v1 (l’API data·inclusion ne sert plus que la v1), "
            + "ou convertissez le fichier selon le journal des modifications du schéma : presentation_resume et presentation_detail deviennent description, "
            + "typologie et labels_nationaux deviennent reseaux_porteurs, types devient type (une seule valeur), profils devient publics, "
            + "zone_diffusion_* devient zone_eligibilite, modes_orientation_* devient modes_mobilisation et mobilisable_par, "
            + "prise_rdv, formulaire_en_ligne et page_web deviennent lien_mobilisation ; les thématiques ont changé de vocabulaire."
    }

    /// Properties that a record must carry, even empty: their absence is reported, never hidden.
    static let requiredProperties: Set<String> = ["id", "source", "nom", "date_maj", "structure_id"]

    /// An object with its optional properties given as `null`, `""` (or blanks) or `[]` left out,
    /// as the schema means them, and an integer property written `3.0` read as `3`.
    static func cleaned(_ object: [String: Any]) -> [String: Any] {
        var result: [String: Any] = [:]
        let required = requiredProperties.union(object["structure_id"] != nil ? ["description"] : [])
        for (key, value) in object {
            if !required.contains(key) {
                if value is NSNull { continue }
                if let text = value as? String, text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { continue }
                if let list = value as? [Any], list.isEmpty { continue }
            }
            if integerProperties.contains(key), let number = value as? Double, number.rounded() == number, abs(number) < 1e9 {
                result[key] = Int(number)
            } else {
                result[key] = value
            }
        }
        return result
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
            throw .malformed("Le fichier doit être une liste JSON d’objets data·inclusion, ou une page de l’API data·inclusion (un objet avec « items »).")
        }
        let v0 = v0Properties.filter { key in list.contains { ($0 as? [String: Any])?[key] != nil } }
        guard v0.isEmpty else { throw .malformed(v0Refusal(v0)) }
        var items: [Item] = []
        for (offset, element) in list.enumerated() {
            // An element that is not an object is kept as it is: its decoding reports it on its line.
            var value = (element as? [String: Any]).map(cleaned) ?? element
            // A result of the API's search: the service, with its distance beside it.
            if let result = value as? [String: Any], result["id"] == nil, let service = result["service"] as? [String: Any] {
                value = cleaned(service)
            }
            guard let json = try? JSONSerialization.data(withJSONObject: value, options: .fragmentsAllowed) else { continue }
            items.append(Item(line: offset + 1, json: json))
        }
        return items
    }

    /// What a page of the data·inclusion API does not hold: the other pages, when there are.
    public static func pageNotice(_ data: Data) -> String? {
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any], object["items"] != nil,
              let page = object["page"] as? Int, let pages = object["pages"] as? Int, pages > 1 else { return nil }
        let total = (object["total"] as? Int).map { " sur \($0)" } ?? ""
        return "Ce fichier est la page \(page) sur \(pages) d’une réponse de l’API data·inclusion (\((object["items"] as? [Any])?.count ?? 0) éléments\(total)) : "
            + "importez aussi les autres pages (paramètre « page » de 1 à \(pages)) pour avoir l’ensemble."
    }

    static func csvItems(_ text: String) throws(StructureSheet.SheetError) -> [Item] {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw .malformed(error.message) }
        guard let header = records.first, records.count > 1 else { throw .empty }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let v0 = v0Properties.filter(names.contains)
        guard v0.isEmpty else { throw .malformed(v0Refusal(v0)) }
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

    /// What went wrong decoding one item, in French: the property (in words), what the schema
    /// expects and what the item gave (« volume horaire hebdomadaire : un nombre est attendu,
    /// « beaucoup » reçu »).
    public static func describe(_ error: any Error, item json: Data) -> FieldProblem {
        let object = (try? JSONSerialization.jsonObject(with: json)) as? [String: Any]
        switch error {
        case DecodingError.keyNotFound(let key, _):
            return FieldProblem(field: key.stringValue, message: "Propriété obligatoire absente : « \(key.stringValue) ».")
        case DecodingError.valueNotFound(_, let context) where context.codingPath.count == 1:
            let key = context.codingPath[0].stringValue
            return FieldProblem(field: key, message: "\(words(key)) : propriété obligatoire, null reçu.")
        case DecodingError.typeMismatch(let type, let context), DecodingError.valueNotFound(let type, let context):
            guard let key = context.codingPath.first?.stringValue, let object else { return FieldProblem(field: "", message: "Un objet JSON est attendu ici.") }
            let expected = DecodingProblem.expected(type)
            let attendu = expected.hasPrefix("une ") ? "attendue" : "attendu"
            return FieldProblem(field: key, message: "\(words(key)) : \(expected) est \(attendu), \(received(object[key])).")
        case DecodingError.dataCorrupted(let context):
            let key = context.codingPath.first?.stringValue ?? ""
            return FieldProblem(field: key, message: key.isEmpty ? "Un objet JSON est attendu ici." : "\(words(key)) : valeur illisible, \(received(object?[key])).")
        default:
            return FieldProblem(field: "", message: "Un objet JSON est attendu ici.")
        }
    }

    /// `volume_horaire_hebdomadaire` as people say it.
    static func words(_ key: String) -> String { key.replacingOccurrences(of: "_", with: " ") }

    /// What came instead, as the message says it: « « abc » reçu », « une liste reçue ».
    static func received(_ value: Any?) -> String {
        switch value {
        case let text as String: "« \(text) » reçu"
        case is [Any]: "une liste reçue"
        case is [String: Any]: "un objet reçu"
        case let number as NSNumber: "« \(number) » reçu"
        case nil, is NSNull: "rien reçu"
        default: "« \(value!) » reçu"
        }
    }
}

extension DataInclusionService {
    /// The service an item of another platform describes. `provider` is its structure as known
    /// here (nil when unknown: the row is refused). Unknown values are named, one problem each;
    /// values the schema accepts but the platform cannot use (an unknown commune, a phone number
    /// that cannot be dialled, a zone code of no known place) are left out, one note each.
    public func service(provider: ServiceProvider?, gazetteer: Gazetteer, now: Date) -> (service: Service?, problems: [FieldProblem], notes: [FieldProblem]) {
        var problems: [FieldProblem] = []
        var notes: [FieldProblem] = []
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
        let communeCode = StructureSheet.resolveCommune(code: codeInsee, postalCode: codePostal, name: commune, gazetteer: gazetteer, problems: &notes)
        let given = latitude.flatMap { lat in longitude.map { GeoPoint(latitude: lat, longitude: $0) } }
        let coordinates = given.flatMap { $0.isValid ? $0 : nil } ?? communeCode.flatMap { gazetteer.commune($0)?.centre }
        let zone = EligibilityZone(zoneEligibilite ?? [])
        let unknownZone = Set(zone.unknownCodes(in: gazetteer))
        if !unknownZone.isEmpty {
            let codes = unknownZone.sorted().joined(separator: ", ")
            notes.append(FieldProblem(field: "zone_eligibilite", message: "Zone d’éligibilité : « \(codes) » ne désigne aucun lieu connu ici ; ces codes sont laissés de côté."))
        }
        let phone = DataInclusion.usable(telephone, "telephone", "numéro de téléphone", ContactRules.isPhone, notes: &notes)
        let email = DataInclusion.usable(courriel, "courriel", "adresse électronique", ContactRules.isEmail, notes: &notes)
        let link = DataInclusion.usable(lienMobilisation, "lien_mobilisation", "lien de mobilisation", ContactRules.isWebsite, notes: &notes)
        var hours = volumeHoraireHebdomadaire
        if let value = hours, !(0...168).contains(value) {
            notes.append(FieldProblem(field: "volume_horaire_hebdomadaire",
                                      message: "Volume horaire hebdomadaire : « \(value) » dépasse les 168 heures d’une semaine ; la valeur est laissée de côté."))
            hours = nil
        }
        var weekCount = nombreSemaines
        if let value = weekCount, !(1...520).contains(value) {
            notes.append(FieldProblem(field: "nombre_semaines", message: "Nombre de semaines : « \(value) » n’est pas une durée utilisable (1 à 520) ; la valeur est laissée de côté."))
            weekCount = nil
        }
        let updated = DateText.parseISODay(dateMaj)
        if updated == nil { problems.append(FieldProblem(field: "date_maj", message: "Date de mise à jour illisible « \(dateMaj) » : AAAA-MM-JJ attendu.")) }
        let isOurs = source == DataInclusion.producer
        let service = Service(
            id: isOurs ? UUID(uuidString: String(id.dropFirst(DataInclusion.producer.count + 2))) ?? UUID() : UUID(),
            provider: provider ?? ServiceProvider(name: structureId),
            source: isOurs ? "passerelle" : "data-inclusion:\(source)", sourceId: isOurs ? String(id.dropFirst(DataInclusion.producer.count + 2)) : id,
            name: nom, description: description, type: type, thematiques: thematiques ?? [], publics: publics ?? [], publicsDetails: publicsPrecisions,
            fee: fee, feeDetails: fraisPrecisions, accessConditions: conditionsAcces, receptionModes: reception,
            zone: EligibilityZone(zone.codes.filter { !unknownZone.contains($0) }),
            address: adresse, communeCode: communeCode, coordinates: coordinates, phone: phone, email: email, contactName: contactNomPrenom,
            mobilisationLink: link, mobilisationModes: mobilisation, mobilisers: mobilisablePar ?? [], mobilisationDetails: mobilisationPrecisions,
            weeklyHours: hours, weeks: weekCount, openingHours: horairesAccueil, status: .published,
            updatedAt: updated ?? now
        )
        problems += ServiceRules.validate(service, gazetteer: gazetteer, importing: true)
        return (problems.isEmpty ? service : nil, problems, notes)
    }
}
