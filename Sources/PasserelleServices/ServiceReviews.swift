import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// A published service not updated for six months: its publisher's members are asked, once, to
/// check it. Saving the service (even unchanged) moves its date and ends the reminder.
package enum ServiceReviews {
    package static func job() -> PeriodicJob {
        PeriodicJob("Service reviews", every: .seconds(3600)) { application in
            let sent = try await remind(on: application.jobsDB, publicURL: application.platform.config.publicURL)
            if sent > 0 { application.logger.info("Service review reminders queued", metadata: ["services": "\(sent)"]) }
        }
    }

    /// Queues the reminders due at `now`; returns how many services were reminded.
    @discardableResult
    package static func remind(on database: any Database, publicURL: String, now: Date = Date()) async throws -> Int {
        let sixMonthsAgo = now.addingTimeInterval(-365.25 / 2 * 86_400)
        var count = 0
        for service in try await ServiceStore.dueForReview(before: sixMonthsAgo, limit: 200, on: database) {
            guard ServiceRules.needsReview(service, now: now), let organisation = service.provider.organisationId else { continue }
            let members = try await Teams.members(of: organisation, on: database)
            let mails = members.map { member in
                OutgoingMail.compose(
                    to: member.email, subject: "À vérifier : « \(service.name) »", greeting: "Bonjour \(member.name),",
                    paragraphs: ["« \(service.name) » n’a pas été mis à jour depuis le \(DateText.frenchDay(service.updatedAt)). Les prescripteurs s’y fient pour orienter des personnes : vérifiez que ses horaires, ses contacts et ses conditions sont toujours justes, puis enregistrez-le (même sans changement).",
                                 "S’il n’existe plus, archivez-le : il ne recevra plus d’orientations."],
                    link: ("Vérifier le service", publicURL + ServicesPaths.edit.link(service.id)))
            }
            let marked = try await database.retryingTransaction { transaction -> Bool in
                // Another instance that marked it first has sent the reminder.
                guard try await ServiceStore.markReviewReminded(service.id, at: now, on: transaction) else { return false }
                try await Outbox.enqueue(mails, on: transaction, now: now)
                return true
            }
            if marked { count += 1 }
        }
        return count
    }
}
