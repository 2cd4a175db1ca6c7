/// Every place of the territory, held in memory: lookups by code and the commune search behind
/// every place field. Built once from the reference tables; immutable afterwards.
public struct Gazetteer: Sendable {
    public let communes: [Commune]
    private let communeIndex: [String: Int]
    private let foldedNames: [String]
    private let foldedBareNames: [String]
    /// Words of each folded name, for "every typed word starts a word of the name".
    private let foldedWords: [[String]]
    /// One bit per first letter of the name's words: a cheap test that rules out most communes.
    private let initials: [UInt64]
    private let departementsByCode: [String: Departement]
    private let regionsByCode: [String: Region]
    private let epcisBySiren: [String: EPCI]

    public init(communes: [Commune], departements: [Departement], regions: [Region], epcis: [EPCI]) {
        self.communes = communes
        var index: [String: Int] = [:]
        index.reserveCapacity(communes.count)
        for (position, commune) in communes.enumerated() { index[commune.code] = position }
        communeIndex = index
        let folded = communes.map { SearchText.fold($0.name.name) }
        foldedNames = folded
        foldedBareNames = communes.map { SearchText.fold($0.name.bare) }
        let words = folded.map { $0.utf8.split(separator: 0x20).map { String(Substring($0)) } }
        foldedWords = words
        initials = zip(words, communes.map { SearchText.words($0.name.bare) }).map { Self.initials(of: $0 + $1) }
        departementsByCode = Dictionary(departements.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        regionsByCode = Dictionary(regions.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        epcisBySiren = Dictionary(epcis.map { ($0.siren, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var departements: [Departement] { departementsByCode.values.sorted { $0.code < $1.code } }
    public var regions: [Region] { regionsByCode.values.sorted { $0.name.bare < $1.name.bare } }
    public var epcis: [EPCI] { epcisBySiren.values.sorted { $0.siren < $1.siren } }

    /// The communes (not arrondissements) whose name, folded by `SearchText.fold`, is `folded`.
    public func communes(named folded: String) -> [Commune] {
        foldedNames.indices.filter { foldedNames[$0] == folded && communes[$0].kind == .commune }.map { communes[$0] }
    }

    public func commune(_ code: String) -> Commune? { communeIndex[code].map { communes[$0] } }
    public func departement(_ code: String) -> Departement? { departementsByCode[code] }
    public func region(_ code: String) -> Region? { regionsByCode[code] }
    public func epci(_ siren: String) -> EPCI? { epcisBySiren[siren] }

    /// Whether the perimeter names a place that exists.
    public func knows(_ perimeter: Perimeter) -> Bool {
        switch perimeter {
        case .country: true
        case .commune(let code): commune(code) != nil
        case .epci(let siren): epci(siren) != nil
        case .departement(let code): departement(code) != nil
        case .region(let code): region(code) != nil
        }
    }

    /// The name a user reads for a perimeter.
    public func label(of perimeter: Perimeter) -> String {
        switch perimeter {
        case .country: "France entière"
        case .commune(let code): commune(code).map { "\($0.name.name) (\($0.departementCode))" } ?? code
        case .epci(let siren): epci(siren)?.name ?? siren
        case .departement(let code): departement(code).map { "\($0.name.name) (\(code))" } ?? code
        case .region(let code): region(code)?.name.name ?? code
        }
    }

    // MARK: Commune search

    /// Communes matching what a user typed: a code INSEE, a postal code (or its first digits), or
    /// the beginning of a name, without caring about accents, case, hyphens or "st"/"saint".
    /// Best matches first; larger population first among equals.
    public func searchCommunes(_ query: String, limit: Int = 10) -> [Commune] {
        let trimmed = query.filter { !$0.isWhitespace }
        guard !trimmed.isEmpty, limit > 0 else { return [] }
        var ranked: [(rank: Int, position: Int)] = []
        if trimmed.count >= 2, trimmed.count <= 5, trimmed.allSatisfy(\.isNumber) {
            // Five digits are a postal code or a code INSEE: both are offered, the larger town first.
            for (position, commune) in communes.enumerated() {
                if commune.code == trimmed || commune.postalCodes.contains(trimmed) {
                    ranked.append((0, position))
                } else if commune.postalCodes.contains(where: { $0.hasPrefix(trimmed) }) {
                    ranked.append((1, position))
                }
            }
        } else if trimmed.count == 5, let position = communeIndex[trimmed.uppercased()] {
            ranked.append((0, position))
        } else {
            let key = SearchText.placeQuery(query)
            guard !key.isEmpty else { return [] }
            let keyWords = key.utf8.split(separator: 0x20).map { String(Substring($0)) }
            let wanted = Self.initials(of: keyWords)
            for position in communes.indices where initials[position] & wanted == wanted {
                if let rank = nameRank(key: key, keyWords: keyWords, position: position) {
                    ranked.append((rank, position))
                }
            }
        }
        ranked.sort { lhs, rhs in
            if lhs.rank != rhs.rank { return lhs.rank < rhs.rank }
            let left = communes[lhs.position], right = communes[rhs.position]
            if left.population != right.population { return left.population > right.population }
            return left.code < right.code
        }
        return ranked.prefix(limit).map { communes[$0.position] }
    }

    static func initials(of words: [String]) -> UInt64 {
        words.reduce(0) { mask, word in mask | (word.utf8.first.map { 1 << UInt64($0 & 63) } ?? 0) }
    }

    private func nameRank(key: String, keyWords: [String], position: Int) -> Int? {
        let name = foldedNames[position]
        if name == key || foldedBareNames[position] == key { return 0 }
        if name.hasPrefix(key) || foldedBareNames[position].hasPrefix(key) { return 1 }
        // Every typed word starts a word of the name, in any order ("pol saint"); the first typed
        // word starting a later word ("pol" in "saint pol sur ternoise") ranks before.
        let nameWords = foldedWords[position]
        guard keyWords.allSatisfy({ word in nameWords.contains { $0.hasPrefix(word) } }) else { return nil }
        return name.contains(" " + key) ? 2 : 3
    }
}
