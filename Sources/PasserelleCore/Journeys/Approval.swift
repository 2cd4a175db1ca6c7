/// An IAE approval (PASS IAE-like): 24 months from the first hiring, pushed back by its
/// suspensions and lengthened by its extensions, each extension within the limits of its reason.
/// One rule computes the end and says how.
public struct Approval: Sendable, Equatable {
    /// Why an approval is suspended: its end moves by the days suspended.
    public enum SuspensionReason: String, CaseIterable, Sendable, Codable {
        case contractSuspended = "contrat-suspendu"
        case contractBroken = "contrat-rompu"
        case contractEnded = "fin-de-contrat"
        case betweenStructures = "entre-deux-structures"
        case bridgeContract = "contrat-passerelle"

        public var label: String {
            switch self {
            case .contractSuspended: "Contrat de travail suspendu plus de 15 jours"
            case .contractBroken: "Contrat de travail rompu"
            case .contractEnded: "Contrat de travail terminé"
            case .betweenStructures: "Entre deux contrats dans des structures différentes"
            case .bridgeContract: "Contrat passerelle (EI, ACI)"
            }
        }
    }

    /// Why an approval is extended, with the months one extension gives and the most all of
    /// that reason may give (nil: no limit but each extension's).
    public enum ExtensionReason: String, CaseIterable, Sendable, Codable {
        case completeTraining = "fin-de-formation"
        case rqth = "rqth"
        case senior = "50-ans-et-plus"
        case particularDifficulties = "difficultes-particulieres"
        case seniorPermanentContract = "cdi-57-ans-et-plus"

        public var label: String {
            switch self {
            case .completeTraining: "Finir une formation en cours"
            case .rqth: "Reconnaissance de la qualité de travailleur handicapé"
            case .senior: "Personne de 50 ans et plus"
            case .particularDifficulties: "Difficultés particulières (AI, ACI)"
            case .seniorPermanentContract: "CDI d’une personne de 57 ans et plus"
            }
        }

        public var monthsEach: Int {
            switch self {
            case .seniorPermanentContract: 120
            default: 12
            }
        }

        public var monthsInAll: Int? {
            switch self {
            case .rqth, .particularDifficulties: 36
            case .senior: 60
            case .seniorPermanentContract: 120
            case .completeTraining: nil
            }
        }
    }

    public struct Suspension: Sendable, Equatable {
        public var reason: SuspensionReason
        /// First and last days suspended, `YYYY-MM-DD`.
        public var from: String
        public var to: String

        public init(reason: SuspensionReason, from: String, to: String) {
            self.reason = reason
            self.from = from
            self.to = to
        }
    }

    public struct Extension: Sendable, Equatable {
        public var reason: ExtensionReason
        public var months: Int
        /// Who granted it (a prescriber, the structure), as the audit shows it.
        public var grantedBy: String

        public init(reason: ExtensionReason, months: Int, grantedBy: String) {
            self.reason = reason
            self.months = months
            self.grantedBy = grantedBy
        }
    }

    public static let baseMonths = 24

    /// The first hiring's day, `YYYY-MM-DD`.
    public var start: String
    public var suspensions: [Suspension]
    public var extensions: [Extension]

    public init(start: String, suspensions: [Suspension] = [], extensions: [Extension] = []) {
        self.start = start
        self.suspensions = suspensions
        self.extensions = extensions
    }

    public enum Problem: Error, Equatable, Sendable {
        case unreadableDay(String)
        case suspensionBackwards(from: String, to: String)
        case suspensionBeforeStart(from: String, start: String)
        case suspensionsOverlap(first: String, second: String)
        case extensionTooLong(ExtensionReason, months: Int)
        case extensionsBeyondLimit(ExtensionReason, months: Int)

        public var message: String {
            switch self {
            case .unreadableDay(let day): "Date illisible : « \(day) » (attendu AAAA-MM-JJ)."
            case .suspensionBackwards(let from, let to): "Une suspension finit avant d’avoir commencé (du \(from) au \(to))."
            case .suspensionBeforeStart(let from, let start): "Une suspension commence le \(from), avant l’agrément (\(start))."
            case .suspensionsOverlap(let first, let second):
                "Deux suspensions se chevauchent (celle du \(first) et celle du \(second)) : un jour ne se suspend qu’une fois."
            case .extensionTooLong(let reason, let months):
                "Une prolongation pour « \(reason.label) » ne dépasse pas \(reason.monthsEach) mois (\(months) demandés)."
            case .extensionsBeyondLimit(let reason, let months):
                "Les prolongations pour « \(reason.label) » ne dépassent pas \(reason.monthsInAll ?? 0) mois en tout (\(months) demandés)."
            }
        }
    }

    public struct End: Sendable, Equatable {
        /// The last day of the approval, `YYYY-MM-DD`.
        public var lastDay: String
        /// How it was reached, line by line, in French.
        public var explanation: [String]
    }

    /// The approval's last day: the day before the start's date 24 months later, plus the months
    /// of its extensions, plus every day it was suspended.
    public func end() -> Result<End, Problem> {
        guard let startDay = CivilDay(start) else { return .failure(.unreadableDay(start)) }
        var byReason: [ExtensionReason: Int] = [:]
        for item in extensions {
            guard item.months > 0, item.months <= item.reason.monthsEach else { return .failure(.extensionTooLong(item.reason, months: item.months)) }
            byReason[item.reason, default: 0] += item.months
            if let limit = item.reason.monthsInAll, byReason[item.reason]! > limit {
                return .failure(.extensionsBeyondLimit(item.reason, months: byReason[item.reason]!))
            }
        }
        var suspendedDays = 0
        var previous: (from: String, lastOrdinal: Int)?
        for suspension in suspensions.sorted(by: { $0.from < $1.from }) {
            guard let from = CivilDay(suspension.from) else { return .failure(.unreadableDay(suspension.from)) }
            guard let to = CivilDay(suspension.to) else { return .failure(.unreadableDay(suspension.to)) }
            guard from.ordinal <= to.ordinal else { return .failure(.suspensionBackwards(from: suspension.from, to: suspension.to)) }
            guard from.ordinal >= startDay.ordinal else { return .failure(.suspensionBeforeStart(from: suspension.from, start: start)) }
            if let previous, from.ordinal <= previous.lastOrdinal { return .failure(.suspensionsOverlap(first: previous.from, second: suspension.from)) }
            previous = (suspension.from, to.ordinal)
            suspendedDays += to.ordinal - from.ordinal + 1
        }
        let extended = extensions.map(\.months).reduce(0, +)
        let base = startDay.addingMonths(Self.baseMonths + extended).addingDays(-1)
        let last = base.addingDays(suspendedDays)
        var lines = ["24 mois à partir du \(start)."]
        for item in extensions { lines.append("Prolongation de \(item.months) mois : \(item.reason.label) (accordée par \(item.grantedBy)).") }
        if suspendedDays > 0 { lines.append("Reportée de \(French.count(suspendedDays, "jour")) de suspension.") }
        lines.append("Dernier jour : \(last.text).")
        return .success(End(lastDay: last.text, explanation: lines))
    }
}

/// A day of the calendar without a time, for date arithmetic on `YYYY-MM-DD` texts.
public struct CivilDay: Equatable, Sendable {
    var year: Int
    var month: Int
    var day: Int

    public init?(_ text: String) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        // Years of four digits: beyond them the day arithmetic would overflow, and no journey, contract or immersion lies there.
        guard parts.count == 3, (1...9_999).contains(parts[0]), (1...12).contains(parts[1]), parts[2] >= 1,
              parts[2] <= FollowUpSchedule.daysIn(month: parts[1], year: parts[0]) else { return nil }
        (year, month, day) = (parts[0], parts[1], parts[2])
    }

    init(year: Int, month: Int, day: Int) {
        (self.year, self.month, self.day) = (year, month, day)
    }

    public var text: String { DateText.dayText(year, month, day) }

    /// Days since 1 March of year 0 (a proleptic Gregorian count), for differences and sums.
    var ordinal: Int {
        let shifted = month <= 2 ? year - 1 : year
        let m = month <= 2 ? month + 9 : month - 3
        return 365 * shifted + shifted / 4 - shifted / 100 + shifted / 400 + (153 * m + 2) / 5 + day - 1
    }

    init(ordinal: Int) {
        var year = (10_000 * ordinal + 14_780) / 3_652_425
        var dayOfYear = ordinal - (365 * year + year / 4 - year / 100 + year / 400)
        if dayOfYear < 0 {
            year -= 1
            dayOfYear = ordinal - (365 * year + year / 4 - year / 100 + year / 400)
        }
        let m = (100 * dayOfYear + 52) / 3_060
        let month = (m + 2) % 12 + 1
        self.init(year: year + (m + 2) / 12, month: month, day: dayOfYear - (m * 306 + 5) / 10 + 1)
    }

    /// The same day `months` later; the 31st of a shorter month falls on its last day.
    public func addingMonths(_ months: Int) -> CivilDay {
        let total = year * 12 + (month - 1) + months
        let year = total / 12, month = total % 12 + 1
        return CivilDay(year: year, month: month, day: min(day, FollowUpSchedule.daysIn(month: month, year: year)))
    }

    public func addingDays(_ days: Int) -> CivilDay { CivilDay(ordinal: ordinal + days) }
}
