import Foundation
import Testing
@testable import PasserelleCore

@Suite("Community: registering to events and sessions")
struct RegistrationRulesTests {
    /// 1 December 2026 at `hour`:`minute`, Paris time (UTC+1 in winter).
    static func at(_ hour: Int, _ minute: Int = 0, day: Int = 1) -> Date {
        let seconds: Int = (day - 1) * 86_400 + hour * 3600 + minute * 60
        return Date(timeIntervalSince1970: 1_796_079_600 + Double(seconds))
    }

    static func session(_ title: String, _ start: (Int, Int), _ end: (Int, Int), capacity: Int? = nil) -> SessionSlot {
        SessionSlot(title: title, start: at(start.0, start.1), end: at(end.0, end.1), capacity: capacity)
    }

    @Test func theReferenceDayIsTheFirstOfDecemberInParis() {
        #expect(DateText.frenchDay(Self.at(0)) == "1er décembre 2026")
        #expect(DateText.frenchDay(Self.at(23, 59)) == "1er décembre 2026")
    }

    @Test(arguments: [
        // (first session, second session, overlap?)
        ((9, 0), (10, 30), (10, 0), (11, 0), true),    // the second starts during the first
        ((9, 0), (10, 0), (10, 0), (11, 0), false),    // one ends when the other begins
        ((9, 0), (12, 0), (10, 0), (11, 0), true),     // one inside the other
        ((10, 0), (11, 0), (9, 0), (12, 0), true),     // the other way round
        ((9, 0), (10, 0), (14, 0), (15, 0), false),    // morning and afternoon
        ((14, 0), (15, 0), (9, 0), (10, 0), false),    // given in reverse order
        ((9, 0), (10, 0), (9, 0), (10, 0), true),      // the same hours
        ((9, 0), (10, 0), (9, 59), (11, 0), true),     // one minute in common
    ] as [((Int, Int), (Int, Int), (Int, Int), (Int, Int), Bool)])
    func sessionsOverlapWhenEachStartsBeforeTheOtherEnds(aStart: (Int, Int), aEnd: (Int, Int), bStart: (Int, Int), bEnd: (Int, Int), expected: Bool) {
        let first = Self.session("A", aStart, aEnd), second = Self.session("B", bStart, bEnd)
        #expect(RegistrationRules.overlap(first, second) == expected)
        #expect(RegistrationRules.overlap(second, first) == expected)
    }

    @Test func theOverlapMessageNamesTheFirstClashingPair() {
        let plenary = Self.session("Plénière d’ouverture", (9, 0), (10, 0))
        let reuse = Self.session("Atelier filières du réemploi", (10, 30), (12, 0))
        let clauses = Self.session("Atelier clauses et achat public", (11, 0), (12, 30))
        let afternoon = Self.session("Table ronde", (14, 0), (16, 0))
        #expect(RegistrationRules.overlapProblem([plenary, reuse, afternoon]) == nil)
        #expect(RegistrationRules.overlapProblem([afternoon, clauses, plenary, reuse])
            == "Les sessions « Atelier filières du réemploi » et « Atelier clauses et achat public » ont lieu en même temps : choisissez-en une.")
        #expect(RegistrationRules.overlapProblem([]) == nil)
    }

    @Test(arguments: [
        // (capacity, taken, waiting, waiting list open, outcome)
        (nil, 500, 0, false, SeatOutcome.confirmed),
        (20, 0, 0, false, .confirmed),
        (20, 19, 0, false, .confirmed),
        (20, 20, 0, true, .waitingList(position: 1)),
        (20, 20, 3, true, .waitingList(position: 4)),
        (20, 25, 0, true, .waitingList(position: 1)),
        (20, 20, 0, false, .refused("Il ne reste plus de place à « Atelier », et il n’y a pas de liste d’attente.")),
        (0, 0, 0, false, .refused("Il ne reste plus de place à « Atelier », et il n’y a pas de liste d’attente.")),
    ] as [(Int?, Int, Int, Bool, SeatOutcome)])
    func aSeatIsGivenWithinCapacityThenOnTheWaitingList(capacity: Int?, taken: Int, waiting: Int, waitingList: Bool, outcome: SeatOutcome) {
        let workshop = Self.session("Atelier", (10, 0), (12, 0), capacity: capacity)
        #expect(RegistrationRules.seat(in: workshop, taken: taken, waiting: waiting, waitingList: waitingList) == outcome)
    }

    @Test func theEarliestWaitingMoveUpFirstAsManyAsThereAreFreeSeats() {
        let workshop = Self.session("Atelier", (10, 0), (12, 0), capacity: 3)
        let first = WaitingEntry(id: UUID(), since: Self.at(8, 0)), second = WaitingEntry(id: UUID(), since: Self.at(8, 5)),
            third = WaitingEntry(id: UUID(), since: Self.at(8, 30))
        let queue = [third, first, second]
        #expect(RegistrationRules.promotions(in: workshop, taken: 3, waiting: queue).isEmpty)
        #expect(RegistrationRules.promotions(in: workshop, taken: 2, waiting: queue) == [first.id])
        #expect(RegistrationRules.promotions(in: workshop, taken: 1, waiting: queue) == [first.id, second.id])
        #expect(RegistrationRules.promotions(in: workshop, taken: 0, waiting: queue) == [first.id, second.id, third.id])
        #expect(RegistrationRules.promotions(in: workshop, taken: 5, waiting: queue).isEmpty)
        #expect(RegistrationRules.promotions(in: workshop, taken: 0, waiting: []).isEmpty)
        // Without a capacity everyone waiting gets in.
        #expect(RegistrationRules.promotions(in: Self.session("Plénière", (9, 0), (10, 0)), taken: 200, waiting: queue).count == 3)
    }

    @Test func twoWaitingSinceTheSameInstantAreOrderedTheSameWayEverywhere() {
        let workshop = Self.session("Atelier", (10, 0), (12, 0), capacity: 1)
        let a = WaitingEntry(id: UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!, since: Self.at(8)),
            b = WaitingEntry(id: UUID(uuidString: "00000000-0000-0000-0000-00000000000B")!, since: Self.at(8))
        #expect(RegistrationRules.promotions(in: workshop, taken: 0, waiting: [b, a]) == [a.id])
        #expect(RegistrationRules.promotions(in: workshop, taken: 0, waiting: [a, b]) == [a.id])
    }

    @Test(arguments: [
        // (cancelled, already registered, closes, now, message)
        (false, false, nil, (9, 0), nil),
        (true, false, nil, (9, 0), "Cet événement est annulé : les inscriptions sont fermées."),
        (false, true, nil, (9, 0), "Vous êtes déjà inscrit à cet événement : modifiez votre inscription plutôt que d’en faire une autre."),
        (false, false, (8, 0), (9, 0), "Les inscriptions sont closes depuis le 1er décembre 2026."),
        (false, false, (10, 0), (9, 0), nil),
        (false, false, nil, (18, 0), "Cet événement est passé."),
        (false, false, nil, (17, 59), nil),
    ] as [(Bool, Bool, (Int, Int)?, (Int, Int), String?)])
    func registeringIsRefusedWithAReason(cancelled: Bool, already: Bool, closes: (Int, Int)?, now: (Int, Int), message: String?) {
        let event = RegistrationRules.EventFacts(cancelled: cancelled, ends: Self.at(18), registrationCloses: closes.map { Self.at($0.0, $0.1) }, alreadyRegistered: already)
        #expect(RegistrationRules.eventProblem(event, now: Self.at(now.0, now.1)) == message)
    }
}

@Suite("Community: the life of a registration")
struct RegistrationLifecycleTests {
    typealias S = RegistrationState

    @Test(arguments: [
        // (from, event, session started, to; nil when refused)
        (S.confirmed, RegistrationChange.cancel, false, S.cancelled),
        (.waiting, .cancel, false, .cancelled),
        (.confirmed, .cancel, true, nil),
        (.cancelled, .cancel, false, nil),
        (.waiting, .promote, false, .confirmed),
        (.waiting, .promote, true, .confirmed),
        (.confirmed, .promote, false, nil),
        (.cancelled, .promote, false, nil),
        (.confirmed, .markAttended, true, .attended),
        (.confirmed, .markAttended, false, nil),
        (.confirmed, .markAbsent, true, .absent),
        (.attended, .markAbsent, true, .absent),
        (.absent, .markAttended, true, .attended),
        (.waiting, .markAttended, true, nil),
        (.cancelled, .markAttended, true, nil),
        (.attended, .cancel, true, nil),
        (.attended, .markAttended, true, nil),
    ] as [(S, RegistrationChange, Bool, S?)])
    func transitions(from: S, event: RegistrationChange, started: Bool, to: S?) {
        let result = RegistrationLifecycle.next(after: from, on: event, sessionStarted: started)
        switch result {
        case .success(let state): #expect(state == to)
        case .failure(let refusal): #expect(to == nil && !refusal.message.isEmpty)
        }
    }

    @Test func everyStateAndEventHasAnAnswer() {
        let events: [RegistrationChange] = [.cancel, .promote, .markAttended, .markAbsent]
        for state in S.allCases {
            for event in events {
                for started in [false, true] {
                    if case .failure(let refusal) = RegistrationLifecycle.next(after: state, on: event, sessionStarted: started) {
                        #expect(refusal.message.hasSuffix("."))
                    }
                }
            }
        }
    }
}

@Suite("Community: sessions for someone still waiting at the event's door")
struct SessionSeatTests {
    static let session = SessionSlot(title: "Atelier", start: Date(timeIntervalSince1970: 0), end: Date(timeIntervalSince1970: 3_600), capacity: 10)

    @Test(arguments: [
        (0, 0, true, SeatOutcome.confirmed),
        (10, 2, true, SeatOutcome.waitingList(position: 3)),
        (0, 0, false, SeatOutcome.waitingList(position: 1)),
        (3, 4, false, SeatOutcome.waitingList(position: 5)),
    ])
    func onlyThoseAdmittedToTheEventTakeASessionSeat(_ taken: Int, _ waiting: Int, _ admitted: Bool, _ expected: SeatOutcome) {
        #expect(RegistrationRules.sessionSeat(in: Self.session, taken: taken, waiting: waiting, waitingList: true, admitted: admitted) == expected)
    }
}
