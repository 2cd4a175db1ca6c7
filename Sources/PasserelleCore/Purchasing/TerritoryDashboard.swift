/// The purchasing figures of a territory, for its facilitators and stewards: the needs by state
/// and by clause, the answers they drew, what was awarded and to whom, the insertion hours.
/// Drafts are left out: they are the buyer's work in progress.
public struct TerritoryDashboard: Sendable, Equatable {
    /// Who won an awarded need, as the dashboard counts it: a structure of the directory or a group
    /// of them is an inclusive supplier; another company is not.
    public enum Winner: Sendable, Equatable {
        case inclusive
        case other
    }

    /// One need, with what the dashboard adds up.
    public struct NeedFigures: Sendable, Equatable {
        public var state: NeedState
        public var clauses: Set<ClauseKind>
        /// Empty for a need that is national or placed by region only.
        public var departements: [String]
        public var funnel: AnswerFunnel
        public var winner: Winner?
        public var awardedAmount: Int?
        public var hoursTarget: Int
        public var hoursDone: Int

        public init(state: NeedState, clauses: Set<ClauseKind> = [], departements: [String] = [], funnel: AnswerFunnel = AnswerFunnel(),
                    winner: Winner? = nil, awardedAmount: Int? = nil, hoursTarget: Int = 0, hoursDone: Int = 0) {
            self.state = state
            self.clauses = clauses
            self.departements = departements
            self.funnel = funnel
            self.winner = winner
            self.awardedAmount = awardedAmount
            self.hoursTarget = hoursTarget
            self.hoursDone = hoursDone
        }
    }

    public struct Totals: Sendable, Equatable {
        public var needs = 0
        public var byState: [NeedState: Int] = [:]
        public var byClause: [ClauseKind: Int] = [:]
        public var funnel = AnswerFunnel()
        public var awarded = 0
        public var awardedInclusive = 0
        /// Amounts said at the award, in euros; `awardedWithoutAmount` counts awards without one.
        public var amountInclusive = 0
        public var amountOther = 0
        public var awardedWithoutAmount = 0
        public var hoursTarget = 0
        public var hoursDone = 0

        public init() {}

        /// Percentage of the awarded needs that went to inclusive suppliers; nil before any award.
        public var inclusiveShare: Int? {
            awarded == 0 ? nil : Int((Double(awardedInclusive) * 100 / Double(awarded)).rounded())
        }

        public var hoursProgress: Int? { InsertionHours.progress(done: hoursDone, target: hoursTarget) }

        mutating func add(_ need: NeedFigures) {
            needs += 1
            byState[need.state, default: 0] += 1
            for clause in need.clauses { byClause[clause, default: 0] += 1 }
            funnel.sent += need.funnel.sent
            funnel.seen += need.funnel.seen
            funnel.interested += need.funnel.interested
            funnel.notInterested += need.funnel.notInterested
            funnel.inGroups += need.funnel.inGroups
            if need.state == .awarded {
                awarded += 1
                if need.winner == .inclusive { awardedInclusive += 1 }
                switch (need.winner, need.awardedAmount) {
                case (.inclusive?, let amount?): amountInclusive += amount
                case (_, let amount?): amountOther += amount
                case (_, nil): awardedWithoutAmount += 1
                }
            }
            hoursTarget += need.hoursTarget
            hoursDone += need.hoursDone
        }
    }

    /// The figures of one département; `code` is nil for needs placed in no département (national,
    /// or a whole region).
    public struct Area: Sendable, Equatable {
        public var code: String?
        public var totals: Totals
    }

    public var total = Totals()
    /// A need placed in several départements counts in each of them, so these rows may add up to
    /// more than the total. Départements by code, needs placed in none last.
    public var areas: [Area] = []

    public init(_ needs: [NeedFigures]) {
        var byCode: [String: Totals] = [:]
        var unplaced = Totals()
        for need in needs where need.state != .draft {
            total.add(need)
            if need.departements.isEmpty { unplaced.add(need) }
            for code in Set(need.departements) { byCode[code, default: Totals()].add(need) }
        }
        areas = byCode.sorted { $0.key < $1.key }.map { Area(code: $0.key, totals: $0.value) }
        if unplaced.needs > 0 { areas.append(Area(code: nil, totals: unplaced)) }
    }
}
