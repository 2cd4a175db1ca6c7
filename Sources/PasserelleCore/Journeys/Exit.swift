import Foundation

/// How a journey ends, as the State's IAE reporting groups exits.
public enum ExitCategory: String, CaseIterable, Sendable, Codable {
    /// CDI, CDD or interim of six months or more, business creation, civil service.
    case sustainableEmployment = "emploi-durable"
    /// CDD or interim of less than six months, subsidised contract.
    case transitionEmployment = "emploi-de-transition"
    /// Qualifying training, move to another inclusive structure…
    case positiveExit = "sortie-positive"
    case otherExit = "autre-sortie"

    public var label: String {
        switch self {
        case .sustainableEmployment: "Emploi durable"
        case .transitionEmployment: "Emploi de transition"
        case .positiveExit: "Sortie positive"
        case .otherExit: "Autre sortie"
        }
    }

    /// The « sorties dynamiques »: the first three together.
    public var isDynamic: Bool { self != .otherExit }
}

public enum ExitFigures {
    /// The share of dynamic exits among all exits, in whole percent (nil without exits).
    public static func dynamicRate(_ exits: [ExitCategory]) -> Int? {
        guard !exits.isEmpty else { return nil }
        let dynamic = exits.filter(\.isDynamic).count
        return Int((Double(dynamic) * 100 / Double(exits.count)).rounded())
    }

    /// Exits counted by category, every category present (zero included), in the reporting's order.
    public static func byCategory(_ exits: [ExitCategory]) -> [(category: ExitCategory, count: Int)] {
        ExitCategory.allCases.map { category in (category, exits.filter { $0 == category }.count) }
    }
}

/// The follow-up of a person in employment after the exit: news asked at 1, 3, 6, 12 and 24 months.
public enum FollowUpSchedule {
    public static let months = [1, 3, 6, 12, 24]

    public struct Milestone: Sendable, Equatable {
        public var months: Int
        /// The day it falls due, `YYYY-MM-DD` in Paris.
        public var due: String
    }

    /// The milestones after an exit on `exitDay` (`YYYY-MM-DD`); the 31st of a short month falls
    /// on its last day. Nil when the day does not read.
    public static func milestones(after exitDay: String) -> [Milestone]? {
        let parts = exitDay.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3, (1...12).contains(parts[1]), (1...31).contains(parts[2]) else { return nil }
        return months.map { offset in
            let total = parts[0] * 12 + (parts[1] - 1) + offset
            let year = total / 12, month = total % 12 + 1
            let day = min(parts[2], daysIn(month: month, year: year))
            return Milestone(months: offset, due: DateText.dayText(year, month, day))
        }
    }

    /// The milestones due by `today` that have no news yet, oldest first: the referent's list.
    public static func due(after exitDay: String, recorded: Set<Int>, today: String) -> [Milestone] {
        (milestones(after: exitDay) ?? []).filter { !recorded.contains($0.months) && $0.due <= today }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

/// The contract a person leaves with, as the exit records it.
public enum ExitContract: String, CaseIterable, Sendable, Codable {
    case permanent = "cdi"
    case longFixedTerm = "cdd-6-mois-et-plus"
    case shortFixedTerm = "cdd-moins-de-6-mois"
    case temping = "interim"
    case subsidised = "contrat-aide"
    case tremplin = "cdd-tremplin"
    case geiq = "contrat-professionnalisation-geiq"
    case business = "creation-entreprise"
    case training = "formation"
    case otherStructure = "autre-structure-inclusive"
    case none = "sans-emploi"

    public var label: String {
        switch self {
        case .permanent: "CDI"
        case .longFixedTerm: "CDD ou intérim de 6 mois et plus"
        case .shortFixedTerm: "CDD de moins de 6 mois"
        case .temping: "Intérim de moins de 6 mois"
        case .subsidised: "Contrat aidé"
        case .tremplin: "CDD Tremplin en entreprise adaptée"
        case .geiq: "Contrat de professionnalisation en GEIQ"
        case .business: "Création d’entreprise"
        case .training: "Formation qualifiante"
        case .otherStructure: "Autre structure inclusive"
        case .none: "Sans emploi ni formation"
        }
    }

    /// The category the State's reporting puts this contract in. The CDD Tremplin and the GEIQ's
    /// contract are State-aided steps towards ordinary employment: transition employment, as the
    /// reporting classes subsidised contracts.
    public var category: ExitCategory {
        switch self {
        case .permanent, .longFixedTerm, .business: .sustainableEmployment
        case .shortFixedTerm, .temping, .subsidised, .tremplin, .geiq: .transitionEmployment
        case .training, .otherStructure: .positiveExit
        case .none: .otherExit
        }
    }

    /// Whether the person leaves for a job, to be followed up in employment.
    public var isEmployment: Bool { category == .sustainableEmployment || category == .transitionEmployment }
}

/// An exit as the referent records it: the category follows from the contract.
public struct ExitDraft: Sendable, Equatable {
    public enum Field {
        public static let day = "Date de sortie"
        public static let contract = "Situation à la sortie"
        public static let employer = "Employeur"
    }

    public var day = ""
    public var contract = ""
    public var employer = ""

    public init() {}

    public struct Checked: Sendable, Equatable {
        public var day: String
        public var contract: ExitContract
        public var employer: String?
        public var category: ExitCategory { contract.category }

        public init(day: String, contract: ExitContract, employer: String?) {
            self.day = day
            self.contract = contract
            self.employer = employer
        }
    }

    public func check(hiredOn: String, today: String) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        let day = day.trimmingCharacters(in: .whitespaces)
        if CivilDay(day) == nil {
            problems.append(FieldProblem(field: Field.day, message: "Date de sortie : obligatoire, au format AAAA-MM-JJ."))
        } else if day < hiredOn {
            problems.append(FieldProblem(field: Field.day, message: "La sortie ne peut précéder l’embauche (\(DateText.frenchDay(iso: hiredOn)))."))
        } else if day > today {
            problems.append(FieldProblem(field: Field.day, message: "La sortie s’enregistre le jour venu, pas à l’avance."))
        }
        let contract = ExitContract(rawValue: contract)
        if contract == nil { problems.append(FieldProblem(field: Field.contract, message: "Choisissez la situation de la personne à la sortie.")) }
        let employer = employer.trimmingCharacters(in: .whitespacesAndNewlines)
        if employer.count > 200 { problems.append(FieldProblem(field: Field.employer, message: "Employeur : 200 caractères au plus.")) }
        if let contract, contract.isEmployment, employer.isEmpty {
            problems.append(FieldProblem(field: Field.employer, message: "Indiquez l’employeur : le suivi dans l’emploi s’appuie sur lui."))
        }
        guard problems.isEmpty, let contract else { return .failure(FieldProblems(problems)) }
        return .success(Checked(day: day, contract: contract, employer: employer.isEmpty ? nil : employer))
    }
}

/// News of a person in employment at a milestone of the follow-up.
public enum FollowUpOutcome: String, CaseIterable, Sendable, Codable {
    case employed = "en-emploi"
    case notEmployed = "sans-emploi"
    case unreachable = "injoignable"

    public var label: String {
        switch self {
        case .employed: "En emploi"
        case .notEmployed: "Sans emploi"
        case .unreachable: "Injoignable"
        }
    }
}

/// When an ended journey's person is anonymised: the follow-up ends 24 months after the last
/// exit, and the record keeps its identity `months` more.
public enum JourneyRetention {
    public static func anonymisedFrom(lastExit: String, months: Int) -> String? {
        CivilDay(lastExit).map { $0.addingMonths(FollowUpSchedule.months.max()! + months).text }
    }

    public static func isDue(lastExit: String, months: Int, today: String) -> Bool {
        anonymisedFrom(lastExit: lastExit, months: months).map { $0 <= today } ?? false
    }
}
