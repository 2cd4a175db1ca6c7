import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// The facts behind the steering figures of jobs, over a period: offers published in it,
/// applications sent in it, immersions starting in it; each with the commune that places it, so
/// that a steward's perimeter keeps its own.
package enum SteeringStore {
    package struct Facts: Sendable {
        package var offers: [(commune: String, fact: JobsSteering.OfferFact)] = []
        package var applications: [(commune: String, fact: JobsSteering.ApplicationFact)] = []
        package var immersions: [(commune: String, fact: JobsSteering.ImmersionFact)] = []
    }

    private struct OfferRow: Decodable {
        var id: UUID
        var communeCode: String
        var departement: String
        var state: String
        var inclusive: Int
    }

    private struct ApplicationRow: Decodable {
        var id: UUID
        var communeCode: String
        var departement: String
        var state: String
        var hired: Int
    }

    private struct ImmersionRow: Decodable {
        var id: UUID
        var communeCode: String
        var state: String
        var endedInHiring: Bool?
    }

    /// `from` and `to` are days (`YYYY-MM-DD`), both included; the moments are cut at midnight UTC,
    /// an hour or two off Paris, which a period's figures do not feel.
    package static func facts(from: String, to: String, departementOf: (String) -> String?, on database: any Database) async throws -> Facts {
        guard let start = DateText.parseISODay(from), let end = DateText.parseISODay(to)?.addingTimeInterval(86_400) else { return Facts() }
        var facts = Facts()
        let offers = try await database.sql.raw("""
            SELECT id, commune_code, departement, state, CASE WHEN structure_id IS NULL THEN 0 ELSE 1 END AS inclusive FROM job_offers
            WHERE published_at >= \(bind: start) AND published_at < \(bind: end)
            """).all(decoding: OfferRow.self, table: "job_offers", keys: .snakeCaseColumns)
        for row in offers {
            let state: OfferState = try .stored(row.state, table: "job_offers", column: "state", id: row.id)
            facts.offers.append((row.communeCode, .init(departement: row.departement, state: state, inclusive: row.inclusive == 1)))
        }
        let applications = try await database.sql.raw("""
            SELECT a.id, o.commune_code, o.departement, a.state, CASE WHEN a.hired_on IS NULL THEN 0 ELSE 1 END AS hired
            FROM job_applications a JOIN job_offers o ON o.id = a.offer_id WHERE a.sent_at >= \(bind: start) AND a.sent_at < \(bind: end)
            """).all(decoding: ApplicationRow.self, table: "job_applications", keys: .snakeCaseColumns)
        for row in applications {
            let state: JobApplicationState = try .stored(row.state, table: "job_applications", column: "state", id: row.id)
            facts.applications.append((row.communeCode, .init(departement: row.departement, state: state, hired: row.hired == 1)))
        }
        let immersions = try await database.sql.raw("""
            SELECT id, commune_code, state, ended_in_hiring FROM immersion_agreements WHERE starts_on >= \(bind: from) AND starts_on <= \(bind: to)
            """).all(decoding: ImmersionRow.self, table: "immersion_agreements", keys: .snakeCaseColumns)
        for row in immersions {
            let state: ImmersionState = try .stored(row.state, table: "immersion_agreements", column: "state", id: row.id)
            guard let departement = departementOf(row.communeCode) else { continue }
            facts.immersions.append((row.communeCode, .init(departement: departement, state: state, endedInHiring: row.endedInHiring)))
        }
        return facts
    }
}
