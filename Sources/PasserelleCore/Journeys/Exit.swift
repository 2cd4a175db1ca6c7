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
            return Milestone(months: offset, due: String(format: "%04d-%02d-%02d", year, month, day))
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
