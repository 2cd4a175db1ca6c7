/// IAE eligibility: the criteria of a person's situation, in two levels, and per kind of structure
/// how many of each make a person eligible. The law changes, so criteria and thresholds come in
/// rule sets with the day they take effect: a diagnosis is judged by the set in force on its day.
public struct EligibilityCriterion: Sendable, Equatable, Hashable {
    public enum Level: Int, Sendable, Codable { case one = 1, two = 2 }

    /// Stable identifier (`rsa`, `moins-de-26-ans`…).
    public var id: String
    public var label: String
    public var level: Level

    public init(id: String, label: String, level: Level) {
        self.id = id
        self.label = label
        self.level = level
    }
}

public struct EligibilityRuleSet: Sendable, Equatable {
    /// How many criteria of each level suffice: one of level 1, or `levelTwo` of level 2.
    public struct Threshold: Sendable, Equatable {
        public var levelOne: Int
        public var levelTwo: Int

        public init(levelOne: Int, levelTwo: Int) {
            self.levelOne = levelOne
            self.levelTwo = levelTwo
        }
    }

    /// The day it takes effect, `YYYY-MM-DD`.
    public var effectiveFrom: String
    public var criteria: [EligibilityCriterion]
    /// The kinds of structure whose hires need an IAE diagnosis, with their thresholds.
    public var thresholds: [StructureKind: Threshold]
    /// The texts it comes from, as the platform team wrote them.
    public var source: String

    public init(effectiveFrom: String, criteria: [EligibilityCriterion], thresholds: [StructureKind: Threshold], source: String = "") {
        self.effectiveFrom = effectiveFrom
        self.criteria = criteria
        self.thresholds = thresholds
        self.source = source
    }

    /// The version's name in answers (`rules_version`): the day it took effect.
    public var version: String { effectiveFrom }

    public func criterion(_ id: String) -> EligibilityCriterion? { criteria.first { $0.id == id } }
}

public enum Eligibility {
    /// The rule set in force on `day` (`YYYY-MM-DD`): the latest one that took effect by then.
    public static func inForce(_ sets: [EligibilityRuleSet], on day: String) -> EligibilityRuleSet? {
        sets.filter { $0.effectiveFrom <= day }.max { $0.effectiveFrom < $1.effectiveFrom }
    }

    public struct Verdict: Sendable, Equatable {
        public var eligible: Bool
        public var levelOne: Int
        public var levelTwo: Int
        /// Why, in French, naming the threshold.
        public var explanation: String
    }

    public enum Problem: Error, Equatable, Sendable {
        /// The kind needs no IAE diagnosis (EA, ESAT, GEIQ follow their own rules).
        case notIAE(StructureKind)
        /// Criteria that the rule set does not know (a set that changed since, or a typo).
        case unknownCriteria([String])
        case noRuleSet(String)

        public var message: String {
            switch self {
            case .notIAE(let kind): "Une embauche en \(kind.acronym) ne demande pas de diagnostic d’éligibilité à l’IAE."
            case .unknownCriteria(let ids): "Critères inconnus des règles en vigueur : \(ids.joined(separator: ", "))."
            case .noRuleSet(let day): "Aucune règle d’éligibilité n’était en vigueur le \(day)."
            }
        }
    }

    /// Judges the criteria met (`met`, ids) for a hire by a structure of `kind` on `day`.
    public static func evaluate(_ met: Set<String>, kind: StructureKind, on day: String, sets: [EligibilityRuleSet]) -> Result<Verdict, Problem> {
        guard let set = inForce(sets, on: day) else { return .failure(.noRuleSet(day)) }
        guard let threshold = set.thresholds[kind] else { return .failure(.notIAE(kind)) }
        let unknown = met.filter { set.criterion($0) == nil }.sorted()
        guard unknown.isEmpty else { return .failure(.unknownCriteria(unknown)) }
        let levelOne = met.compactMap(set.criterion).filter { $0.level == .one }.count
        let levelTwo = met.compactMap(set.criterion).filter { $0.level == .two }.count
        let eligible = levelOne >= threshold.levelOne || levelTwo >= threshold.levelTwo
        let rule = "\(kind.acronym) : \(threshold.levelOne) critère de niveau 1 ou \(threshold.levelTwo) critères de niveau 2"
        let explanation = eligible
            ? "Éligible (\(rule)) : \(French.count(levelOne, "critère")) de niveau 1, \(French.count(levelTwo, "critère")) de niveau 2."
            : "Pas éligible (\(rule)) : \(French.count(levelOne, "critère")) de niveau 1, \(French.count(levelTwo, "critère")) de niveau 2."
        return .success(Verdict(eligible: eligible, levelOne: levelOne, levelTwo: levelTwo, explanation: explanation))
    }
}
