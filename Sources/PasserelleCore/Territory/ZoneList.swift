/// The zones of a reach as people read and type them in the reach editor: "Pas-de-Calais (62);
/// Lens (62300); Hauts-de-France (région)". Each kind of place has its own form of label, so that
/// a label always reads back as the place it was written for (the commune of Mayenne is
/// "Mayenne (53100)", the département "Mayenne (53)").
public enum ZoneList {
    /// At most this many zones in one reach: beyond, a région or "France entière" says it better.
    public static let maximumCount = 200

    public static func label(of perimeter: Perimeter, in gazetteer: Gazetteer) -> String {
        switch perimeter {
        case .country: "France entière"
        case .commune(let code):
            gazetteer.commune(code).map { "\($0.name.name) (\($0.postalCodes.first ?? $0.code))" } ?? code
        case .epci(let siren): gazetteer.epci(siren).map { "\($0.name) (EPCI)" } ?? siren
        case .departement(let code): gazetteer.departement(code).map { "\($0.name.name) (\(code))" } ?? code
        case .region(let code): gazetteer.region(code).map { "\($0.name.name) (région)" } ?? code
        }
    }

    /// The text of a list of zones, as the editor's field shows it.
    public static func text(of perimeters: [Perimeter], in gazetteer: Gazetteer) -> String {
        perimeters.map { label(of: $0, in: gazetteer) }.joined(separator: " ; ")
    }

    /// What a typed list means: zones separated by semicolons, commas or line breaks; each one a
    /// label of this list, a code (62, 2A, a code INSEE or a postal code), a name, or a token
    /// (`departement:62`). Zones that cannot be told apart get a French problem each.
    public static func read(_ text: String, gazetteer: Gazetteer) -> (perimeters: [Perimeter], problems: [String]) {
        var perimeters: [Perimeter] = []
        var problems: [String] = []
        let items = text.split(whereSeparator: { $0 == ";" || $0 == "," || $0.isNewline })
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        for item in items {
            switch resolve(item, gazetteer: gazetteer) {
            case .success(let perimeter):
                if !perimeters.contains(perimeter) { perimeters.append(perimeter) }
            case .failure(let problem):
                problems.append(problem.message)
            }
        }
        if perimeters.count > maximumCount {
            problems.append("Au plus \(maximumCount) zones : regroupez-les en départements ou en régions.")
        }
        return (perimeters, problems)
    }

    public struct Problem: Error, Equatable {
        public var message: String
    }

    static func resolve(_ item: String, gazetteer: Gazetteer) -> Result<Perimeter, Problem> {
        if let token = Perimeter(token: item), gazetteer.knows(token) { return .success(token) }
        let folded = SearchText.fold(item)
        if folded == "france" || folded == "france entiere" { return .success(.country) }
        // "Name (qualifier)": the qualifier says which kind of place the name is.
        if item.hasSuffix(")"), let open = item.lastIndex(of: "(") {
            let name = item[..<open].trimmingCharacters(in: .whitespaces)
            let qualifier = item[item.index(after: open)..<item.index(before: item.endIndex)].trimmingCharacters(in: .whitespaces)
            if let found = qualified(name: name, qualifier: qualifier, gazetteer: gazetteer) { return .success(found) }
            return .failure(Problem(message: "Zone inconnue : « \(item) »."))
        }
        let code = item.uppercased()
        if (2...3).contains(code.count), gazetteer.departement(code) != nil { return .success(.departement(code)) }
        if code.count == 9, code.allSatisfy(\.isNumber), gazetteer.epci(code) != nil { return .success(.epci(code)) }
        if code.count == 5 {
            if let commune = gazetteer.commune(code) { return .success(.commune(commune.code)) }
            let byPostalCode = gazetteer.communes.filter { $0.kind == .commune && $0.postalCodes.contains(code) }
            if byPostalCode.count == 1 { return .success(.commune(byPostalCode[0].code)) }
            if byPostalCode.count > 1 {
                let names = byPostalCode.prefix(4).map { label(of: .commune($0.code), in: gazetteer) }
                return .failure(Problem(message: "Le code postal \(code) couvre plusieurs communes (\(names.joined(separator: ", "))\(byPostalCode.count > 4 ? "…" : "")) : écrivez le nom de la commune avec son code postal."))
            }
        }
        if let region = gazetteer.regions.first(where: { SearchText.fold($0.name.name) == folded }) { return .success(.region(region.code)) }
        if let departement = gazetteer.departements.first(where: { SearchText.fold($0.name.name) == folded }) {
            return .success(.departement(departement.code))
        }
        if let epci = gazetteer.epcis.first(where: { SearchText.fold($0.name) == folded }) { return .success(.epci(epci.siren)) }
        let communes = gazetteer.communes(named: folded)
        if communes.count == 1 { return .success(.commune(communes[0].code)) }
        if communes.count > 1 {
            let examples = communes.prefix(3).map { label(of: .commune($0.code), in: gazetteer) }
            return .failure(Problem(message: "« \(item) » désigne \(communes.count) communes : précisez le code postal, par exemple « \(examples.joined(separator: " » ou « ")) »."))
        }
        return .failure(Problem(message: "Zone inconnue : « \(item) ». Écrivez une commune, un département, une région ou un EPCI, séparés par des points-virgules."))
    }

    private static func qualified(name: String, qualifier: String, gazetteer: Gazetteer) -> Perimeter? {
        let folded = SearchText.fold(name)
        switch SearchText.fold(qualifier) {
        case "region":
            return gazetteer.regions.first { SearchText.fold($0.name.name) == folded }.map { .region($0.code) }
        case "epci":
            return gazetteer.epcis.first { SearchText.fold($0.name) == folded }.map { .epci($0.siren) }
        default:
            let code = qualifier.uppercased()
            if let departement = gazetteer.departement(code), SearchText.fold(departement.name.name) == folded { return .departement(code) }
            // A commune: its postal code, its code INSEE, or its département's code.
            let commune = gazetteer.communes(named: folded).first { commune in
                commune.postalCodes.contains(code) || commune.code == code || commune.departementCode == code
            }
            return commune.map { .commune($0.code) }
        }
    }

    /// Zones whose name starts like what was typed, for the editor's suggestions: régions and
    /// départements first, then EPCIs, then communes (larger first).
    public static func suggestions(for query: String, limit: Int, gazetteer: Gazetteer) -> [Perimeter] {
        let key = SearchText.fold(query.trimmingCharacters(in: .whitespaces))
        guard !key.isEmpty, limit > 0 else { return [] }
        func starts(_ name: String) -> Bool {
            let folded = SearchText.fold(name)
            return folded.hasPrefix(key) || folded.contains(" " + key)
        }
        var found: [Perimeter] = []
        if "france entiere".hasPrefix(key) { found.append(.country) }
        found += gazetteer.regions.filter { starts($0.name.name) }.map { .region($0.code) }
        found += gazetteer.departements.filter { starts($0.name.name) || $0.code == key.uppercased() }.map { .departement($0.code) }
        if key.count >= 3 {
            found += gazetteer.epcis.filter { starts($0.name) }.sorted { $0.name < $1.name }.prefix(3).map { .epci($0.siren) }
        }
        found += gazetteer.searchCommunes(query, limit: limit).filter { $0.kind == .commune }.map { .commune($0.code) }
        return Array(found.prefix(limit))
    }
}
