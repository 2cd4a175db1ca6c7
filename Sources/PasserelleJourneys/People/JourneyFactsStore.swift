import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// The facts the journey figures are computed from, for one structure (and one referent): four
/// queries, whatever the number of people.
package enum JourneyFactsStore {
    private struct PersonRow: Decodable {
        var id: UUID
        var createdAt: Date
    }

    private struct BarrierRow: Decodable {
        var personId: UUID
        var identifiedOn: String
        var state: String
        var closedOn: String?
    }

    private struct JourneyRow: Decodable {
        var id: UUID
        var personId: UUID
        var hiredOn: String
        var exitOn: String?
        var exitCategory: String?
    }

    private struct FollowUpRow: Decodable {
        var journeyId: UUID
        var months: Int
        var outcome: String
    }

    package static func facts(structure: UUID, referent: UUID?, on database: any Database) async throws -> [JourneyFigures.PersonFacts] {
        let sql = database.sql
        let referentClause: SQLQueryString = referent.map { "AND p.referent_user_id = \(bind: $0)" } ?? ""
        // A transferred person counts for both: the journeys they had here, and the record now elsewhere.
        let mine: SQLQueryString = "(p.structure_id = \(bind: structure) OR p.id IN (SELECT person_id FROM journeys WHERE structure_id = \(bind: structure)))"
        let people = try await sql.raw("SELECT p.id, p.created_at FROM people p WHERE \(mine) \(referentClause)")
            .all(decoding: PersonRow.self, table: "people", keys: .convertFromSnakeCase)
        let barriers = try await sql.raw("""
            SELECT b.person_id, b.identified_on, b.state, b.closed_on FROM plan_barriers b JOIN people p ON p.id = b.person_id
            WHERE \(mine) \(referentClause)
            """).all(decoding: BarrierRow.self, table: "plan_barriers", keys: .convertFromSnakeCase)
        let journeys = try await sql.raw("""
            SELECT j.id, j.person_id, j.hired_on, j.exit_on, j.exit_category FROM journeys j JOIN people p ON p.id = j.person_id
            WHERE j.structure_id = \(bind: structure) \(referentClause)
            """).all(decoding: JourneyRow.self, table: "journeys", keys: .convertFromSnakeCase)
        let followUps = try await sql.raw("""
            SELECT f.journey_id, f.months, f.outcome FROM journey_followups f JOIN journeys j ON j.id = f.journey_id JOIN people p ON p.id = j.person_id
            WHERE j.structure_id = \(bind: structure) \(referentClause)
            """).all(decoding: FollowUpRow.self, table: "journey_followups", keys: .convertFromSnakeCase)
        var news: [UUID: [Int: FollowUpOutcome]] = [:]
        for row in followUps { news[row.journeyId, default: [:]][row.months] = try .stored(row.outcome, table: "journey_followups", column: "outcome", id: row.journeyId) }
        let barriersByPerson = Dictionary(grouping: barriers, by: \.personId)
        let journeysByPerson = Dictionary(grouping: journeys, by: \.personId)
        return try people.map { person in
            JourneyFigures.PersonFacts(
                openedOn: DateText.parisDay(person.createdAt),
                barriers: try (barriersByPerson[person.id] ?? []).map { row in
                    let state: BarrierState = try .stored(row.state, table: "plan_barriers", column: "state", id: row.personId)
                    return .init(identifiedOn: row.identifiedOn, liftedOn: state == .lifted ? row.closedOn : nil)
                },
                journeys: try (journeysByPerson[person.id] ?? []).map { row in
                    .init(hiredOn: row.hiredOn, exitOn: row.exitOn, category: try .stored(row.exitCategory, table: "journeys", column: "exit_category", id: row.id),
                          followUps: news[row.id] ?? [:])
                }
            )
        }
    }
}
