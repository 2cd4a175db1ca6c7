import Foundation

/// The contracts of a journey and their legal bounds. The bounds are reference data
/// (`Resources/Reference/contrats-insertion.json`), each citing its article, so that a change in
/// the law is a change of file; this file only applies them.
public enum ContractKind: String, CaseIterable, Sendable, Codable {
    case cddi
    case miseADisposition = "mise_a_disposition"
    case eiti
    case cddTremplin = "cdd_tremplin"
    case geiqProfessionnalisation = "geiq_professionnalisation"
}

public struct ContractBounds: Sendable, Equatable, Codable {
    /// A case the law lists where a bound is lifted or pushed back.
    public struct Exception: Sendable, Equatable, Codable {
        public var code: String
        public var label: String
        public var article: String
        /// The longest one contract may be with this exception; nil keeps the kind's.
        public var maxMonths: Int?
        /// The longest length in all with this exception; nil keeps the kind's, unless `noTotalLimit`.
        public var maxTotalMonths: Int?
        /// The total is bounded by something the check does not know (the end of a training under way).
        public var noTotalLimit: Bool
        /// The weekly hours may go under the kind's minimum.
        public var liftsMinWeeklyHours: Bool
        /// The contract may be shorter than the kind's minimum.
        public var liftsMinMonths: Bool

        enum CodingKeys: String, CodingKey {
            case code, label, article
            case maxMonths = "max_months"
            case maxTotalMonths = "max_total_months"
            case noTotalLimit = "no_total_limit"
            case liftsMinWeeklyHours = "lifts_min_weekly_hours"
            case liftsMinMonths = "lifts_min_months"
        }

        public init(code: String, label: String, article: String, maxMonths: Int? = nil, maxTotalMonths: Int? = nil, noTotalLimit: Bool = false,
                    liftsMinWeeklyHours: Bool = false, liftsMinMonths: Bool = false) {
            self.code = code
            self.label = label
            self.article = article
            self.maxMonths = maxMonths
            self.maxTotalMonths = maxTotalMonths
            self.noTotalLimit = noTotalLimit
            self.liftsMinWeeklyHours = liftsMinWeeklyHours
            self.liftsMinMonths = liftsMinMonths
        }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            code = try container.decode(String.self, forKey: .code)
            label = try container.decode(String.self, forKey: .label)
            article = try container.decode(String.self, forKey: .article)
            maxMonths = try container.decodeIfPresent(Int.self, forKey: .maxMonths)
            maxTotalMonths = try container.decodeIfPresent(Int.self, forKey: .maxTotalMonths)
            noTotalLimit = try container.decodeIfPresent(Bool.self, forKey: .noTotalLimit) ?? false
            liftsMinWeeklyHours = try container.decodeIfPresent(Bool.self, forKey: .liftsMinWeeklyHours) ?? false
            liftsMinMonths = try container.decodeIfPresent(Bool.self, forKey: .liftsMinMonths) ?? false
        }
    }

    public var kind: ContractKind
    /// How the bounds name the contract in a sentence: « Un CDDI ».
    public var name: String
    public var label: String
    /// The kinds of structure that sign it.
    public var structures: [StructureKind]
    public var article: String
    public var minMonths: Int?
    /// The longest one contract may be, renewals aside.
    public var maxMonths: Int?
    /// The longest in all, renewals included.
    public var maxTotalMonths: Int?
    public var minWeeklyHours: Double?
    public var maxWeeklyHours: Double?
    /// Where the hours bounds come from, when not from `article`.
    public var hoursArticle: String?
    public var exceptions: [Exception]

    enum CodingKeys: String, CodingKey {
        case kind = "code"
        case name, label, structures, article, exceptions
        case minMonths = "min_months"
        case maxMonths = "max_months"
        case maxTotalMonths = "max_total_months"
        case minWeeklyHours = "min_weekly_hours"
        case maxWeeklyHours = "max_weekly_hours"
        case hoursArticle = "hours_article"
    }

    public func exception(_ code: String) -> Exception? { exceptions.first { $0.code == code } }
}

/// What a structure proposes to sign, as the check reads it.
public struct ContractTerms: Sendable, Equatable {
    public var kind: ContractKind
    public var start: String
    public var end: String
    public var weeklyHours: Double
    /// Months already worked under this kind of contract in the same journey (earlier contracts and renewals).
    public var previousMonths: Int
    public var exception: String?

    public init(kind: ContractKind, start: String, end: String, weeklyHours: Double, previousMonths: Int = 0, exception: String? = nil) {
        self.kind = kind
        self.start = start
        self.end = end
        self.weeklyHours = weeklyHours
        self.previousMonths = previousMonths
        self.exception = exception
    }
}

public enum ContractCheck {
    /// Input that cannot be judged at all (as opposed to terms the law refuses).
    public enum InputProblem: Error, Equatable, Sendable {
        case unknownKind(String)
        case unknownException(kind: String, code: String)
        case badDate(String)
        case badNumber(String)

        public var message: String {
            switch self {
            case .unknownKind(let kind): "Type de contrat inconnu : « \(kind) »."
            case .unknownException(let kind, let code): "Exception inconnue pour ce contrat (\(kind)) : « \(code) »."
            case .badDate(let text): "Date invalide : « \(text) » (attendu AAAA-MM-JJ)."
            case .badNumber(let field): "\(field) doit être un nombre positif et plausible (au plus 168 heures par semaine, 1 200 mois)."
            }
        }
    }

    /// The terms' problems with the law, each naming the bound and its article; empty when valid.
    public static func problems(_ terms: ContractTerms, bounds all: [ContractBounds]) -> Result<[String], InputProblem> {
        guard let bounds = all.first(where: { $0.kind == terms.kind }) else { return .failure(.unknownKind(terms.kind.rawValue)) }
        guard let start = CivilDay(terms.start) else { return .failure(.badDate(terms.start)) }
        guard let end = CivilDay(terms.end) else { return .failure(.badDate(terms.end)) }
        // A week has 168 hours: more is a typing error, not a contract to judge.
        guard terms.weeklyHours.isFinite, terms.weeklyHours > 0, terms.weeklyHours <= 168 else { return .failure(.badNumber("La durée hebdomadaire")) }
        guard terms.previousMonths >= 0, terms.previousMonths <= 1_200 else { return .failure(.badNumber("Le nombre de mois déjà faits")) }
        var exception: ContractBounds.Exception?
        if let code = terms.exception, !code.isEmpty {
            guard let found = bounds.exception(code) else { return .failure(.unknownException(kind: terms.kind.rawValue, code: code)) }
            exception = found
        }
        guard end.ordinal >= start.ordinal else {
            return .success(["La date de fin (\(DateText.frenchDay(civil: end))) précède la date de début (\(DateText.frenchDay(civil: start)))."])
        }
        var problems: [String] = []
        let length = ContractLength(from: start, to: end)
        if let minimum = bounds.minMonths, exception?.liftsMinMonths != true, end.ordinal < start.addingMonths(minimum).addingDays(-1).ordinal {
            problems.append("\(bounds.name) dure au moins \(minimum) mois (\(bounds.article)) : celui-ci dure \(length.text).")
        }
        if let maximum = exception?.maxMonths ?? bounds.maxMonths, end.ordinal > start.addingMonths(maximum).addingDays(-1).ordinal {
            let article = exception?.maxMonths == nil ? bounds.article : exception.map { "\($0.article), exception « \($0.label) »" } ?? bounds.article
            problems.append("\(bounds.name) dure au plus \(maximum) mois (\(article)) : celui-ci dure \(length.text).")
        }
        if exception?.noTotalLimit != true, let total = exception?.maxTotalMonths ?? bounds.maxTotalMonths {
            let allowed = total - terms.previousMonths
            let article = exception?.maxTotalMonths == nil ? bounds.article : exception.map { "\($0.article), exception « \($0.label) »" } ?? bounds.article
            if allowed <= 0 {
                problems.append("\(bounds.name) dure au plus \(total) mois en tout, renouvellements compris (\(article)) : "
                    + "\(terms.previousMonths) mois sont déjà faits.")
            } else if end.ordinal > start.addingMonths(allowed).addingDays(-1).ordinal {
                let last = start.addingMonths(allowed).addingDays(-1)
                problems.append("\(bounds.name) dure au plus \(total) mois en tout, renouvellements compris (\(article)) : "
                    + "avec \(terms.previousMonths) mois déjà faits, celui-ci doit finir au plus tard le \(DateText.frenchDay(civil: last)).")
            }
        }
        let hoursArticle = bounds.hoursArticle ?? bounds.article
        if let minimum = bounds.minWeeklyHours, terms.weeklyHours < minimum, exception?.liftsMinWeeklyHours != true {
            let exceptions = bounds.exceptions.filter(\.liftsMinWeeklyHours).map { "« \($0.label) »" }
            let unless = exceptions.isEmpty ? "" : ", sauf exception (\(French.list(exceptions)))"
            problems.append("\(bounds.name) compte au moins \(ContractLength.hours(minimum)) par semaine (\(hoursArticle))\(unless) : "
                + "durée prévue de \(ContractLength.hours(terms.weeklyHours)).")
        }
        if let maximum = bounds.maxWeeklyHours, terms.weeklyHours > maximum {
            problems.append("\(bounds.name) compte au plus \(ContractLength.hours(maximum)) par semaine (\(hoursArticle)) : "
                + "durée prévue de \(ContractLength.hours(terms.weeklyHours)).")
        }
        return .success(problems)
    }
}

/// A length between two days, said in months and days: « 3 mois et 29 jours ».
public struct ContractLength {
    var months: Int
    var days: Int

    init(from start: CivilDay, to end: CivilDay) {
        let after = end.addingDays(1).ordinal
        var months = 0
        while start.addingMonths(months + 1).ordinal <= after { months += 1 }
        self.months = months
        self.days = after - start.addingMonths(months).ordinal
    }

    var text: String {
        switch (months, days) {
        case (0, _): French.count(days, "jour")
        case (_, 0): "\(French.number(months)) mois"
        default: "\(French.number(months)) mois et \(French.count(days, "jour"))"
        }
    }

    public static func hours(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        let text = rounded == rounded.rounded() ? String(Int(rounded)) : String(format: "%.2f", rounded).replacingOccurrences(of: ".", with: ",")
        return rounded <= 1 ? "\(text) heure" : "\(text) heures"
    }
}

/// The contract bounds file: every kind once, each bound positive and in order.
public enum ContractReference {
    struct File: Codable {
        var kinds: [ContractBounds]
    }

    public static func read(_ data: Data) throws(EligibilityReference.Problem) -> [ContractBounds] {
        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch let error as DecodingError {
            throw .unreadable(DecodingProblem.french(error))
        } catch {
            throw .unreadable("\(error)")
        }
        for kind in ContractKind.allCases where file.kinds.filter({ $0.kind == kind }).count != 1 {
            throw .unreadable("le type de contrat « \(kind.rawValue) » doit figurer une fois.")
        }
        for bounds in file.kinds {
            let months = [bounds.minMonths, bounds.maxMonths, bounds.maxTotalMonths] + bounds.exceptions.flatMap { [$0.maxMonths, $0.maxTotalMonths] }
            if months.contains(where: { ($0 ?? 1) <= 0 }) || (bounds.minMonths ?? 0) > (bounds.maxMonths ?? .max) {
                throw .unreadable("les durées de « \(bounds.kind.rawValue) » doivent être positives et en ordre.")
            }
            if bounds.article.isEmpty || bounds.exceptions.contains(where: { $0.article.isEmpty }) {
                throw .unreadable("chaque borne de « \(bounds.kind.rawValue) » doit citer son article.")
            }
        }
        return file.kinds
    }
}

/// A contract added to a journey already open: a renewal or a new contract after the first.
public enum ContractRenewal {
    /// Its problems with the journey and with the law, the earlier contracts' whole months of the
    /// same kind counting toward the total (days beyond a whole month are not counted).
    public static func problems(_ terms: ContractTerms, earlier: [ContractTerms], hiredOn: String, structure: StructureKind,
                                bounds all: [ContractBounds]) -> [String] {
        guard let bounds = all.first(where: { $0.kind == terms.kind }) else { return ["Type de contrat inconnu : « \(terms.kind.rawValue) »."] }
        guard bounds.structures.contains(structure) else {
            return ["\(bounds.label) : ce contrat est signé par \(French.list(bounds.structures.map(\.acronym))), pas par une structure \(structure.acronym)."]
        }
        if terms.start < hiredOn { return ["Le contrat commence avant l’embauche (\(DateText.frenchDay(iso: hiredOn)))."] }
        if let last = earlier.map(\.end).max(), terms.start <= last {
            return ["Le contrat commence le \(DateText.frenchDay(iso: terms.start)), avant la fin du précédent (\(DateText.frenchDay(iso: last)))."]
        }
        var counted = terms
        counted.previousMonths = earlier.filter { $0.kind == terms.kind }.reduce(0) { total, contract in
            guard let start = CivilDay(contract.start), let end = CivilDay(contract.end) else { return total }
            return total + ContractLength(from: start, to: end).months
        }
        switch ContractCheck.problems(counted, bounds: all) {
        case .failure(let problem): return [problem.message]
        case .success(let found): return found
        }
    }
}
