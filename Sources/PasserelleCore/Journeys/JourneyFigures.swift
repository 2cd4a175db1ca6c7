import Foundation

/// A structure's journey figures over a period, from the facts of each person. The same sums serve
/// the structure's dashboard (in full) and every figure that leaves it (small cells hidden).
public struct JourneyFigures: Sendable, Equatable {
    /// What the figures need to know of one person.
    public struct PersonFacts: Sendable, Equatable {
        public struct Barrier: Sendable, Equatable {
            public var identifiedOn: String
            public var liftedOn: String?

            public init(identifiedOn: String, liftedOn: String?) {
                self.identifiedOn = identifiedOn
                self.liftedOn = liftedOn
            }
        }

        public struct Journey: Sendable, Equatable {
            public var hiredOn: String
            public var exitOn: String?
            public var category: ExitCategory?
            /// News by milestone (months after the exit).
            public var followUps: [Int: FollowUpOutcome]

            public init(hiredOn: String, exitOn: String?, category: ExitCategory?, followUps: [Int: FollowUpOutcome]) {
                self.hiredOn = hiredOn
                self.exitOn = exitOn
                self.category = category
                self.followUps = followUps
            }
        }

        public var openedOn: String
        public var barriers: [Barrier]
        public var journeys: [Journey]

        public init(openedOn: String, barriers: [Barrier], journeys: [Journey]) {
            self.openedOn = openedOn
            self.barriers = barriers
            self.journeys = journeys
        }
    }

    /// People whose record was open at some day of the period (opened by its end, not exited before its start).
    public var accompanied: Int
    /// Records opened during the period.
    public var opened: Int
    public var barriersMet: Int
    public var barriersLifted: Int
    public var exits: [ExitCategory: Int]
    /// Median days from hiring to exit, over the period's exits.
    public var medianDaysToExit: Int?
    /// Follow-ups at 6 and 12 months of the period's exits: known news, and in employment among them.
    public var followUp6: (known: Int, employed: Int)
    public var followUp12: (known: Int, employed: Int)

    public var exitCount: Int { exits.values.reduce(0, +) }

    /// « Sorties dynamiques »: emploi durable, de transition and sorties positives over all exits, in whole percent.
    public var dynamicRate: Int? {
        ExitFigures.dynamicRate(exits.flatMap { Array(repeating: $0.key, count: $0.value) })
    }

    public static func == (lhs: JourneyFigures, rhs: JourneyFigures) -> Bool {
        lhs.accompanied == rhs.accompanied && lhs.opened == rhs.opened && lhs.barriersMet == rhs.barriersMet && lhs.barriersLifted == rhs.barriersLifted
            && lhs.exits == rhs.exits && lhs.medianDaysToExit == rhs.medianDaysToExit && lhs.followUp6 == rhs.followUp6 && lhs.followUp12 == rhs.followUp12
    }

    /// The figures of `people` between `from` and `to` (days `YYYY-MM-DD`, both included).
    public static func compute(_ people: [PersonFacts], from: String, to: String) -> JourneyFigures {
        var figures = JourneyFigures(accompanied: 0, opened: 0, barriersMet: 0, barriersLifted: 0, exits: [:], medianDaysToExit: nil,
                                     followUp6: (0, 0), followUp12: (0, 0))
        var durations: [Int] = []
        for person in people {
            let lastExit = person.journeys.compactMap(\.exitOn).max()
            let stillOpen = person.journeys.isEmpty || person.journeys.contains { $0.exitOn == nil }
            if person.openedOn <= to && (stillOpen || (lastExit ?? to) >= from) { figures.accompanied += 1 }
            if (from...to).contains(person.openedOn) { figures.opened += 1 }
            figures.barriersMet += person.barriers.filter { (from...to).contains($0.identifiedOn) }.count
            figures.barriersLifted += person.barriers.filter { $0.liftedOn.map { (from...to).contains($0) } == true }.count
            for journey in person.journeys {
                guard let exit = journey.exitOn, (from...to).contains(exit), let category = journey.category else { continue }
                figures.exits[category, default: 0] += 1
                if let start = CivilDay(journey.hiredOn), let end = CivilDay(exit) { durations.append(end.ordinal - start.ordinal) }
                if let news = journey.followUps[6], news != .unreachable {
                    figures.followUp6.known += 1
                    if news == .employed { figures.followUp6.employed += 1 }
                }
                if let news = journey.followUps[12], news != .unreachable {
                    figures.followUp12.known += 1
                    if news == .employed { figures.followUp12.employed += 1 }
                }
            }
        }
        if !durations.isEmpty {
            let sorted = durations.sorted()
            figures.medianDaysToExit = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
        }
        return figures
    }
}

/// Figures that leave a structure never show a group of fewer than five people: a count of 1 to
/// 4 is hidden, and so is a rate or a median computed over fewer than five.
public enum SmallCells {
    public static let threshold = 5

    public static func count(_ value: Int) -> Int? { value > 0 && value < threshold ? nil : value }

    public static func over(_ base: Int, _ value: Int?) -> Int? { base < threshold ? nil : value }
}
