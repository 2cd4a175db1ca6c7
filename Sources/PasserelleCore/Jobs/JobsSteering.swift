import Foundation

/// The steering figures of jobs and bridges, by département: offers published, applications and
/// what became of them, immersions and those that ended in a hiring. The caller gives the facts
/// its reader may see; this adds them up.
public enum JobsSteering {
    public struct OfferFact: Sendable, Equatable {
        public var departement: String
        public var state: OfferState
        public var inclusive: Bool

        public init(departement: String, state: OfferState, inclusive: Bool) {
            self.departement = departement
            self.state = state
            self.inclusive = inclusive
        }
    }

    public struct ApplicationFact: Sendable, Equatable {
        public var departement: String
        public var state: JobApplicationState
        /// The employer confirmed the hiring.
        public var hired: Bool

        public init(departement: String, state: JobApplicationState, hired: Bool) {
            self.departement = departement
            self.state = state
            self.hired = hired
        }
    }

    public struct ImmersionFact: Sendable, Equatable {
        public var departement: String
        public var state: ImmersionState
        public var endedInHiring: Bool?

        public init(departement: String, state: ImmersionState, endedInHiring: Bool?) {
            self.departement = departement
            self.state = state
            self.endedInHiring = endedInHiring
        }
    }

    /// The figures of one département, or of all of them (`code` nil).
    public struct Area: Sendable, Equatable {
        public var code: String?
        public var offers = 0
        public var openOffers = 0
        public var filledOffers = 0
        public var inclusiveOffers = 0
        public var applications = 0
        public var pending = 0
        public var accepted = 0
        public var refused = 0
        public var unanswered = 0
        public var cancelled = 0
        public var hired = 0
        /// Agreements signed or beyond, refusals and cancellations aside: immersions that took or take place.
        public var immersions = 0
        public var assessed = 0
        public var endedInHiring = 0

        public init(code: String?) {
            self.code = code
        }

        /// Accepted among the applications answered (accepted, refused, left without an answer), in whole percent.
        public var acceptanceRate: Int? { Self.percent(accepted, accepted + refused + unanswered) }
        /// Ended in a hiring among the immersions assessed, in whole percent.
        public var immersionHiringRate: Int? { Self.percent(endedInHiring, assessed) }

        static func percent(_ part: Int, _ whole: Int) -> Int? {
            whole == 0 ? nil : Int((Double(part) * 100 / Double(whole)).rounded())
        }

        mutating func add(_ offer: OfferFact) {
            offers += 1
            if offer.state == .published { openOffers += 1 }
            if offer.state == .filled { filledOffers += 1 }
            if offer.inclusive { inclusiveOffers += 1 }
        }

        mutating func add(_ application: ApplicationFact) {
            applications += 1
            switch application.state {
            case .new, .studied, .interview: pending += 1
            case .accepted: accepted += 1
            case .refused: refused += 1
            case .unanswered: unanswered += 1
            case .cancelled: cancelled += 1
            }
            if application.hired { hired += 1 }
        }

        mutating func add(_ immersion: ImmersionFact) {
            switch immersion.state {
            case .signed, .validated: immersions += 1
            case .assessed:
                immersions += 1
                assessed += 1
                if immersion.endedInHiring == true { endedInHiring += 1 }
            case .draft, .toSign, .refused, .cancelled: break
            }
        }
    }

    /// The total first, then each département with at least one fact, by code.
    public static func areas(offers: [OfferFact], applications: [ApplicationFact], immersions: [ImmersionFact]) -> [Area] {
        var total = Area(code: nil)
        var byCode: [String: Area] = [:]
        for offer in offers {
            total.add(offer)
            byCode[offer.departement, default: Area(code: offer.departement)].add(offer)
        }
        for application in applications {
            total.add(application)
            byCode[application.departement, default: Area(code: application.departement)].add(application)
        }
        for immersion in immersions {
            total.add(immersion)
            byCode[immersion.departement, default: Area(code: immersion.departement)].add(immersion)
        }
        return [total] + byCode.values.sorted { ($0.code ?? "") < ($1.code ?? "") }
    }
}
