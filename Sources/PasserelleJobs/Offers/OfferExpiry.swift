import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// Every hour, published offers past their closing day are closed: they leave the search and the
/// feeds without anyone having to think of it.
package enum OfferExpiry {
    package static func job() -> PeriodicJob {
        PeriodicJob("Offer expiry", every: .seconds(3600)) { application in
            let closed = try await OfferStore.closeExpired(today: DateText.parisDay(Date()), on: application.jobsDB)
            if closed > 0 { application.logger.info("Offers closed past their day", metadata: ["count": "\(closed)"]) }
        }
    }
}
