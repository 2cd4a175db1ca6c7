import Foundation
import Testing
@testable import PasserelleCore

@Suite("Purchasing: answers of structures")
struct AnswerRulesTests {
    static let questions = ["Vos références ?", "Combien de salariés en parcours ?"]

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var draft: AnswerDraft
        /// The fields with a problem; empty when the answer is accepted.
        var problems: Set<String>
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "interested, every question answered", draft: .init(stance: "interessee", responses: ["Trois mairies", "Huit"]), problems: []),
        Case(name: "group, every question answered", draft: .init(stance: "groupement", responses: ["Avec une EA", "Douze"]), problems: []),
        Case(name: "unknown stance", draft: .init(stance: "peut-etre"), problems: ["stance"]),
        Case(name: "interested, one question left blank", draft: .init(stance: "interessee", responses: ["Trois mairies", "  "]), problems: ["response-2"]),
        Case(name: "interested, no answer at all", draft: .init(stance: "interessee"), problems: ["response-1", "response-2"]),
        Case(name: "more answers than questions", draft: .init(stance: "interessee", responses: ["a", "b", "c"]), problems: ["responses"]),
        Case(name: "an answer too long", draft: .init(stance: "interessee", responses: ["a", String(repeating: "b", count: 4001)]), problems: ["response-2"]),
        Case(name: "not interested with a reason", draft: .init(stance: "pas-interessee", reason: "trop-loin"), problems: []),
        Case(name: "not interested without a reason", draft: .init(stance: "pas-interessee"), problems: ["reason"]),
        Case(name: "not interested, unknown reason", draft: .init(stance: "pas-interessee", reason: "flemme"), problems: ["reason"]),
        Case(name: "other reason without saying which", draft: .init(stance: "pas-interessee", reason: "autre"), problems: ["comment"]),
        Case(name: "other reason, said", draft: .init(stance: "pas-interessee", reason: "autre", comment: "Fermeture estivale"), problems: []),
        Case(name: "comment too long", draft: .init(stance: "pas-interessee", reason: "trop-loin", comment: String(repeating: "x", count: 2001)), problems: ["comment"]),
        Case(name: "not interested needs no answers to questions", draft: .init(stance: "pas-interessee", reason: "delai-trop-court", responses: []), problems: []),
    ]

    @Test(arguments: cases)
    func validation(_ example: Case) {
        switch AnswerRules.validate(example.draft, questions: Self.questions) {
        case .success(let answer):
            #expect(example.problems.isEmpty)
            #expect(answer.stance.rawValue == example.draft.stance)
            if answer.stance == .notInterested { #expect(answer.responses.isEmpty) } else { #expect(answer.responses.count == Self.questions.count) }
        case .failure(let problems):
            #expect(Set(problems.list.map(\.field)) == example.problems)
            #expect(problems.list.allSatisfy { !$0.message.isEmpty })
        }
    }

    @Test func answersAreTakenWhilePublishedUntilTheEndOfTheDeadlineDayInParis() throws {
        let deadline = try #require(NeedDraft.date("2027-01-15"))
        let paris = TimeZone(identifier: "Europe/Paris")!
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = paris
        let lateOnTheDay = try #require(calendar.date(from: DateComponents(year: 2027, month: 1, day: 15, hour: 23, minute: 50)))
        let nextMorning = try #require(calendar.date(from: DateComponents(year: 2027, month: 1, day: 16, hour: 0, minute: 5)))
        #expect(AnswerRules.closedReason(state: .published, deadline: deadline, now: lateOnTheDay) == nil)
        #expect(AnswerRules.closedReason(state: .published, deadline: deadline, now: nextMorning)?.contains("15 janvier 2027") == true)
        #expect(AnswerRules.closedReason(state: .published, deadline: nil, now: nextMorning) == nil)
        for state in NeedState.allCases where state != .published {
            #expect(AnswerRules.closedReason(state: state, deadline: nil, now: lateOnTheDay) != nil, "\(state)")
        }
    }

    @Test func theFunnelsAnswerRate() {
        #expect(AnswerFunnel().answerRate == 0)
        #expect(AnswerFunnel(sent: 3, seen: 2, interested: 1, notInterested: 0, inGroups: 0).answerRate == 33)
        #expect(AnswerFunnel(sent: 20, seen: 9, interested: 4, notInterested: 3, inGroups: 1).answerRate == 40)
    }
}
