import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// The journeys' retention: a person whose every journey has ended, and whose follow-up ended
/// `JOURNEY_RETENTION_MONTHS` ago, loses their identity, contacts and free texts; the dates,
/// categories and states stay, so that the figures hold.
package enum JourneyRetentionJob {
    private struct Candidate: Decodable {
        var personId: UUID
        var lastExit: String?
        var openJourneys: Int
    }

    /// Anonymises the people due on `today`; returns how many.
    package static func anonymise(months: Int, today: String, on database: any Database) async throws -> Int {
        let candidates = try await database.sql.raw("""
            SELECT j.person_id, MAX(j.exit_on) AS last_exit, SUM(CASE WHEN j.state = \(bind: JourneyState.open.rawValue) THEN 1 ELSE 0 END) AS open_journeys
            FROM journeys j JOIN people p ON p.id = j.person_id WHERE p.anonymised_at IS NULL GROUP BY j.person_id
            """).all(decoding: Candidate.self, table: "journeys", keys: .convertFromSnakeCase)
        var count = 0
        for candidate in candidates where candidate.openJourneys == 0 {
            guard let exit = candidate.lastExit, JourneyRetention.isDue(lastExit: exit, months: months, today: today) else { continue }
            try await database.retryingTransaction { database in
                try await database.sql.update("people").set("first_name", to: SQLBind("Personne")).set("last_name", to: SQLBind("anonymisée"))
                    .set("phone", to: SQLBind(String?.none)).set("email", to: SQLBind(String?.none)).set("search_key", to: SQLBind(""))
                    .set("anonymised_at", to: SQLBind(Date())).where("id", .equal, SQLBind(candidate.personId)).run()
                try await database.sql.update("journeys").set("proofs", to: SQLBind(String?.none)).set("prescriber", to: SQLBind(String?.none))
                    .set("exit_employer", to: SQLBind(String?.none)).where("person_id", .equal, SQLBind(candidate.personId)).run()
                try await database.sql.update("plan_barriers").set("note", to: SQLBind(String?.none)).where("person_id", .equal, SQLBind(candidate.personId)).run()
                try await database.sql.update("person_shares").set("note", to: SQLBind(String?.none)).where("person_id", .equal, SQLBind(candidate.personId)).run()
                try await database.sql.update("plan_actions").set("title", to: SQLBind("Action")).set("actor", to: SQLBind(String?.none))
                    .where("person_id", .equal, SQLBind(candidate.personId)).run()
                // The timeline's sentences name employers and prescribers: they go, the events' kinds and days stay.
                try await database.sql.update("journey_events").set("summary", to: SQLBind("Événement anonymisé.")).set("actor", to: SQLBind(""))
                    .where("person_id", .equal, SQLBind(candidate.personId)).run()
            }
            count += 1
        }
        return count
    }

    package static func job() -> PeriodicJob {
        PeriodicJob("Journeys retention", every: .seconds(3600)) { application in
            let count = try await anonymise(months: application.platform.config.journeyRetentionMonths, today: DateText.parisDay(Date()), on: application.jobsDB)
            if count > 0 { application.logger.info("Journeys anonymised", metadata: ["people": "\(count)"]) }
        }
    }
}
