import Foundation

/// The legal bounds of an immersion (PMSMP), read from `Resources/Reference/immersions.json`,
/// each citing its article: a change of law is a change of file.
public struct ImmersionBounds: Sendable, Equatable, Codable {
    public struct Objective: Sendable, Equatable, Codable {
        public var code: String
        public var label: String
        public var article: String
    }

    public var name: String
    public var objectives: [Objective]
    public var maxMonths: Int
    public var maxMonthsArticle: String
    public var maxRenewals: Int
    public var renewalsArticle: String
    public var maxDaysSameHostTwelveMonths: Int
    public var twelveMonthsArticle: String
    public var maxWeeklyHours: Double
    public var weeklyHoursArticle: String
    public var maxDailyHours: Double
    public var dailyHoursArticle: String

    enum CodingKeys: String, CodingKey {
        case name, objectives
        case maxMonths = "max_months"
        case maxMonthsArticle = "max_months_article"
        case maxRenewals = "max_renewals"
        case renewalsArticle = "renewals_article"
        case maxDaysSameHostTwelveMonths = "max_days_same_host_twelve_months"
        case twelveMonthsArticle = "twelve_months_article"
        case maxWeeklyHours = "max_weekly_hours"
        case weeklyHoursArticle = "weekly_hours_article"
        case maxDailyHours = "max_daily_hours"
        case dailyHoursArticle = "daily_hours_article"
    }

    public static func read(_ json: String) throws -> ImmersionBounds {
        try JSONDecoder().decode(ImmersionBounds.self, from: Data(json.utf8))
    }

    public func objective(_ code: String) -> Objective? { objectives.first { $0.code == code } }
}

/// What an immersion agreement proposes, as the check reads it.
public struct ImmersionTerms: Sendable, Equatable {
    public var start: String
    public var end: String
    public var weeklyHours: Double
    /// The longest day of the schedule; nil when the schedule gives only the week.
    public var dailyHours: Double?
    /// Days the person already spent in immersion with the same host over the twelve months
    /// before the start.
    public var previousDays: Int
    /// The host's collective weekly hours, when it declared them: the person follows them.
    public var hostWeeklyHours: Double?
    /// Renewals of a first agreement this one would be (0 for a first agreement).
    public var renewal: Int

    public init(start: String, end: String, weeklyHours: Double, dailyHours: Double? = nil, previousDays: Int = 0, hostWeeklyHours: Double? = nil,
                renewal: Int = 0) {
        self.start = start
        self.end = end
        self.weeklyHours = weeklyHours
        self.dailyHours = dailyHours
        self.previousDays = previousDays
        self.hostWeeklyHours = hostWeeklyHours
        self.renewal = renewal
    }
}

public enum ImmersionCheck {
    /// The last day an immersion starting on `start` may end on: one month « de date à date », the
    /// eve of the same date a month later (3 March → 2 April); when that date does not exist (from
    /// 31 January), the last day of the month it would fall in (28 February).
    public static func lastDay(from start: CivilDay, bounds: ImmersionBounds) -> CivilDay {
        let sameDate = start.addingMonths(bounds.maxMonths)
        return sameDate.day == start.day ? CivilDay(ordinal: sameDate.ordinal - 1) : sameDate
    }

    /// The calendar days from the first to the last, both counted.
    public static func days(_ terms: ImmersionTerms) -> Int? {
        guard let start = CivilDay(terms.start), let end = CivilDay(terms.end), end.ordinal >= start.ordinal else { return nil }
        return end.ordinal - start.ordinal + 1
    }

    /// The terms' problems, each naming its bound and article; empty when the immersion may be agreed.
    public static func problems(_ terms: ImmersionTerms, bounds: ImmersionBounds) -> [String] {
        guard let start = CivilDay(terms.start) else { return ["Date de début invalide : « \(terms.start) » (attendu AAAA-MM-JJ)."] }
        guard let end = CivilDay(terms.end) else { return ["Date de fin invalide : « \(terms.end) » (attendu AAAA-MM-JJ)."] }
        guard end.ordinal >= start.ordinal else { return ["La fin (\(DateText.frenchDay(iso: end.text))) vient avant le début (\(DateText.frenchDay(iso: start.text)))."] }
        guard terms.weeklyHours.isFinite, terms.weeklyHours > 0, terms.weeklyHours <= 168 else {
            return ["La durée hebdomadaire doit être un nombre d’heures positif (au plus 168)."]
        }
        guard (0...3_660).contains(terms.previousDays) else { return ["Les jours d’immersion déjà faits doivent être un nombre de 0 à 3 660."] }
        var problems: [String] = []
        let last = lastDay(from: start, bounds: bounds)
        if end.ordinal > last.ordinal {
            problems.append("Une immersion dure au plus \(French.count(bounds.maxMonths, "mois", "mois")) de date à date : "
                            + "commencée le \(DateText.frenchDay(iso: start.text)), elle finit le \(DateText.frenchDay(iso: last.text)) au plus tard (\(bounds.maxMonthsArticle)).")
        }
        if terms.renewal > bounds.maxRenewals {
            let times = bounds.maxRenewals == 1 ? "qu’une fois" : bounds.maxRenewals == 0 ? "pas" : "que " + French.count(bounds.maxRenewals, "fois", "fois")
            problems.append("Une immersion ne se renouvelle \(times) (\(bounds.renewalsArticle)).")
        }
        let days = end.ordinal - start.ordinal + 1
        if terms.previousDays + days > bounds.maxDaysSameHostTwelveMonths {
            let before = terms.previousDays == 0 ? "" : "Avec \(French.count(terms.previousDays, "jour déjà fait", "jours déjà faits")) chez cette structure d’accueil sur douze mois, "
            problems.append(before + "cette immersion de \(French.count(days, "jour")) dépasse \(bounds.maxDaysSameHostTwelveMonths) jours (\(bounds.twelveMonthsArticle)).")
        }
        if terms.weeklyHours > bounds.maxWeeklyHours {
            problems.append("\(Self.hours(terms.weeklyHours)) par semaine dépassent le maximum de \(Self.hours(bounds.maxWeeklyHours)) (\(bounds.weeklyHoursArticle)).")
        } else if let host = terms.hostWeeklyHours, terms.weeklyHours > host {
            problems.append("\(Self.hours(terms.weeklyHours)) par semaine dépassent l’horaire collectif de la structure d’accueil (\(Self.hours(host))) : "
                            + "la personne suit l’horaire de ses salariés.")
        }
        if let daily = terms.dailyHours, daily > bounds.maxDailyHours {
            problems.append("Une journée de \(Self.hours(daily)) dépasse \(Self.hours(bounds.maxDailyHours)) (\(bounds.dailyHoursArticle)).")
        }
        return problems
    }

    static func hours(_ value: Double) -> String {
        let whole = value.rounded() == value
        return (whole ? "\(Int(value))" : String(value).replacingOccurrences(of: ".", with: ",")) + " heure" + (value >= 2 ? "s" : "")
    }
}
