import Foundation

/// The eligibility rule sets as files and forms write them: the reference file the platform starts
/// with (`Resources/Reference/iae-eligibilite.json`) and each version the platform team adds. One
/// reading checks both, so that a version that would judge wrongly is never stored.
public enum EligibilityReference {
    /// A rule set as JSON: `thresholds` by structure kind (`"aci": {"level_one": 1, "level_two": 3}`).
    public struct Version: Codable, Sendable, Equatable {
        public struct Criterion: Codable, Sendable, Equatable {
            public var code: String
            public var label: String
            public var level: Int

            public init(code: String, label: String, level: Int) {
                self.code = code
                self.label = label
                self.level = level
            }
        }

        public struct Threshold: Codable, Sendable, Equatable {
            public var levelOne: Int
            public var levelTwo: Int

            enum CodingKeys: String, CodingKey {
                case levelOne = "level_one"
                case levelTwo = "level_two"
            }

            public init(levelOne: Int, levelTwo: Int) {
                self.levelOne = levelOne
                self.levelTwo = levelTwo
            }
        }

        public var effectiveFrom: String
        public var source: String
        public var criteria: [Criterion]
        public var thresholds: [String: Threshold]

        enum CodingKeys: String, CodingKey {
            case effectiveFrom = "effective_from"
            case source, criteria, thresholds
        }

        public init(effectiveFrom: String, source: String, criteria: [Criterion], thresholds: [String: Threshold]) {
            self.effectiveFrom = effectiveFrom
            self.source = source
            self.criteria = criteria
            self.thresholds = thresholds
        }

        public init(_ set: EligibilityRuleSet) {
            self.init(
                effectiveFrom: set.effectiveFrom, source: set.source,
                criteria: set.criteria.map { Criterion(code: $0.id, label: $0.label, level: $0.level.rawValue) },
                thresholds: Dictionary(uniqueKeysWithValues: set.thresholds.map { ($0.key.rawValue, Threshold(levelOne: $0.value.levelOne, levelTwo: $0.value.levelTwo)) })
            )
        }
    }

    struct File: Codable {
        var versions: [Version]
    }

    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        case unreadable(String)
        case invalid(effectiveFrom: String, problems: [String])

        public var description: String {
            switch self {
            case .unreadable(let reason): "Règles d’éligibilité illisibles : \(reason)"
            case .invalid(let day, let problems): "Règles d’éligibilité du \(day) : \(problems.joined(separator: " "))"
            }
        }
    }

    /// The versions of the reference file, each checked.
    public static func read(_ data: Data) throws(Problem) -> [EligibilityRuleSet] {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw .unreadable(DecodingProblem.french(error))
        } catch {
            throw .unreadable("\(error)")
        }
        return try file.versions.map { version throws(Problem) in
            switch check(version) {
            case .success(let set): return set
            case .failure(let rejection): throw .invalid(effectiveFrom: version.effectiveFrom, problems: rejection.problems)
            }
        }
    }

    /// Why a version cannot be stored: French sentences naming the part.
    public struct Rejection: Error, Equatable, Sendable {
        public var problems: [String]
    }

    /// A code is what criteria are sent as (`"criteria": ["rsa"]`): short, lower case, stable.
    static let codeCharacters = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyz0123456789-")

    /// Checks a version and turns it into rules; the problems are French sentences naming the part.
    public static func check(_ version: Version) -> Result<EligibilityRuleSet, Rejection> {
        var problems: [String] = []
        if CivilDay(version.effectiveFrom) == nil {
            problems.append("La date d’effet doit être une date (AAAA-MM-JJ), reçu « \(version.effectiveFrom) ».")
        }
        if version.source.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append("Indiquez les textes dont ces règles viennent (source).")
        }
        var seen: Set<String> = []
        for criterion in version.criteria {
            let code = criterion.code
            if code.isEmpty || code.count > 40 || code.unicodeScalars.contains(where: { !codeCharacters.contains($0) }) {
                problems.append("Le code « \(code) » doit faire 1 à 40 caractères parmi a–z, 0–9 et le tiret.")
            }
            if !seen.insert(code).inserted { problems.append("Le code « \(code) » figure deux fois.") }
            let label = criterion.label.trimmingCharacters(in: .whitespacesAndNewlines)
            if label.isEmpty || label.count > 200 { problems.append("Le critère « \(code) » doit avoir un libellé de 1 à 200 caractères.") }
            if criterion.level != 1, criterion.level != 2 { problems.append("Le critère « \(code) » doit être de niveau 1 ou 2.") }
        }
        for level in [1, 2] where !version.criteria.contains(where: { $0.level == level }) {
            problems.append("Il faut au moins un critère de niveau \(level).")
        }
        var thresholds: [StructureKind: EligibilityRuleSet.Threshold] = [:]
        for (key, threshold) in version.thresholds.sorted(by: { $0.key < $1.key }) {
            guard let kind = StructureKind(rawValue: key), kind.isSIAE else {
                problems.append("« \(key) » n’est pas un type de SIAE (ACI, AI, EI, EITI, ETTI).")
                continue
            }
            guard (1...5).contains(threshold.levelOne), (1...10).contains(threshold.levelTwo) else {
                problems.append("\(kind.acronym) : le seuil doit aller de 1 à 5 critères de niveau 1 et de 1 à 10 critères de niveau 2.")
                continue
            }
            thresholds[kind] = .init(levelOne: threshold.levelOne, levelTwo: threshold.levelTwo)
        }
        let missing = StructureKind.allCases.filter { $0.isSIAE && thresholds[$0] == nil && version.thresholds[$0.rawValue] == nil }
        if !missing.isEmpty { problems.append("Seuil manquant pour \(French.list(missing.map(\.acronym))).") }
        guard problems.isEmpty else { return .failure(Rejection(problems: problems)) }
        let criteria = version.criteria.map {
            EligibilityCriterion(id: $0.code, label: $0.label.trimmingCharacters(in: .whitespacesAndNewlines), level: $0.level == 1 ? .one : .two)
        }
        return .success(EligibilityRuleSet(effectiveFrom: version.effectiveFrom, criteria: criteria, thresholds: thresholds,
                                           source: version.source.trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
