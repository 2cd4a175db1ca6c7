import Foundation
import Testing
@testable import PasserelleCore

/// The immersion's legal bounds as shipped (Resources/Reference/immersions.json), each refusal
/// citing its article.
@Suite struct ImmersionRulesTests {
    static func bounds() throws -> ImmersionBounds {
        try ImmersionBounds.read(String(decoding: try ReferenceRulesTests.reference("immersions.json"), as: UTF8.self))
    }

    static func problems(_ start: String, _ end: String, hours: Double = 35, daily: Double? = nil, previous: Int = 0, host: Double? = nil,
                         renewal: Int = 0) throws -> [String] {
        ImmersionCheck.problems(ImmersionTerms(start: start, end: end, weeklyHours: hours, dailyHours: daily, previousDays: previous,
                                               hostWeeklyHours: host, renewal: renewal), bounds: try bounds())
    }

    @Test func theShippedBoundsCiteTheirArticles() throws {
        let bounds = try Self.bounds()
        #expect(bounds.maxMonths == 1 && bounds.maxRenewals == 1 && bounds.maxWeeklyHours == 48 && bounds.maxDailyHours == 10)
        #expect(bounds.objectives.map(\.code) == ["decouvrir", "confirmer", "recruter"])
        for article in [bounds.maxMonthsArticle, bounds.renewalsArticle, bounds.twelveMonthsArticle, bounds.weeklyHoursArticle, bounds.dailyHoursArticle] {
            #expect(article.contains("art. "), "\(article)")
        }
    }

    @Test func anImmersionLastsOneMonthFromDateToDate() throws {
        #expect(try Self.problems("2027-03-03", "2027-04-02").isEmpty)
        let tooLong = try Self.problems("2027-03-03", "2027-04-03")
        #expect(tooLong.count == 1 && tooLong[0].contains("finit le 2 avril 2027 au plus tard") && tooLong[0].contains("D5135-3"))
        // When the same date does not exist a month later, the month's last day.
        let bounds = try Self.bounds()
        #expect(ImmersionCheck.lastDay(from: CivilDay("2027-01-31")!, bounds: bounds).text == "2027-02-28")
        #expect(ImmersionCheck.lastDay(from: CivilDay("2027-01-28")!, bounds: bounds).text == "2027-02-27")
        #expect(ImmersionCheck.lastDay(from: CivilDay("2027-03-31")!, bounds: bounds).text == "2027-04-30")
        #expect(ImmersionCheck.lastDay(from: CivilDay("2027-02-01")!, bounds: bounds).text == "2027-02-28")
        #expect(ImmersionCheck.lastDay(from: CivilDay("2028-01-30")!, bounds: bounds).text == "2028-02-29")
        // A year of more than four digits is no date (its arithmetic would overflow).
        #expect(try Self.problems("3000000000000-01-01", "2027-03-09")[0].contains("Date de début invalide"))
        #expect(try Self.problems("2027-03-10", "2027-03-09") == ["La fin (9 mars 2027) vient avant le début (10 mars 2027)."])
        #expect(try Self.problems("2027-13-01", "2027-03-09")[0].contains("Date de début invalide"))
    }

    @Test func theWeekAndTheDayStayWithinTheLawAndTheHostsHours() throws {
        #expect(try Self.problems("2027-03-01", "2027-03-12", hours: 48).isEmpty)
        #expect(try Self.problems("2027-03-01", "2027-03-12", hours: 49)[0].contains("49 heures par semaine dépassent le maximum de 48 heures (Code du travail, art. L3121-20"))
        #expect(try Self.problems("2027-03-01", "2027-03-12", hours: 37.5, host: 35)[0].contains("37,5 heures par semaine dépassent l’horaire collectif"))
        #expect(try Self.problems("2027-03-01", "2027-03-12", daily: 11)[0].contains("L3121-18"))
        #expect(try Self.problems("2027-03-01", "2027-03-12", hours: 0)[0].contains("nombre d’heures positif"))
        #expect(try Self.problems("2027-03-01", "2027-03-12", hours: .nan)[0].contains("nombre d’heures positif"))
    }

    @Test func oneRenewalAndTwoMonthsWithTheSameHostOverTwelveMonths() throws {
        #expect(try Self.problems("2027-04-01", "2027-04-30", renewal: 1).isEmpty)
        #expect(try Self.problems("2027-05-01", "2027-05-10", renewal: 2)[0].contains("ne se renouvelle qu’une fois (Code du travail, art. D5135-3"))
        #expect(try Self.problems("2027-04-01", "2027-04-30", previous: 30).isEmpty)
        let over = try Self.problems("2027-04-01", "2027-04-30", previous: 40)
        #expect(over.count == 1 && over[0].contains("Avec 40 jours déjà faits") && over[0].contains("30 jours dépasse 60 jours"))
        #expect(try Self.problems("2027-04-01", "2027-04-30", previous: -1)[0].contains("de 0 à 3"))
    }
}
