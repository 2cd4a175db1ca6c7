import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// The facts the journey figures are computed from, for one structure (and one referent): four
/// queries, whatever the number of people. A transferred person counts for both structures: the
/// journeys they had in the first, and the record now in the second.
package enum JourneyFactsStore {
    package static func facts(structure: UUID, referent: UUID?, on database: any Database) async throws -> [JourneyFigures.PersonFacts] {
        // Ids only, written in the query: the rows are read on SQLite's reading thread
        // (`StoredRows`), a dashboard's thousand rows without a task per row.
        let id = "'\(structure.uuidString)'"
        let people = "SELECT id FROM people WHERE structure_id = \(id) UNION SELECT person_id FROM journeys WHERE structure_id = \(id)"
        let referentClause = referent.map { " AND referent_user_id = '\($0.uuidString)'" } ?? ""
        var opened: [(id: UUID, on: String)] = []
        try await StoredRows.each("SELECT id, created_at FROM people WHERE id IN (\(people))\(referentClause)", on: database) { row in
            opened.append((try row.uuid(required: "id"), DateText.parisDay(try row.date(required: "created_at"))))
        }
        let mine = Set(opened.map(\.id))
        var barriers: [UUID: [JourneyFigures.PersonFacts.Barrier]] = [:]
        try await StoredRows.each("SELECT person_id, identified_on, state, closed_on FROM plan_barriers WHERE person_id IN (\(people))", on: database) { row in
            let person = try row.uuid(required: "person_id")
            guard mine.contains(person) else { return }
            let state: BarrierState = try .stored(try row.text(required: "state"), table: "plan_barriers", column: "state", id: person)
            barriers[person, default: []].append(.init(identifiedOn: try row.text(required: "identified_on"), liftedOn: state == .lifted ? try row.text("closed_on") : nil))
        }
        var news: [UUID: [Int: FollowUpOutcome]] = [:]
        try await StoredRows.each("""
            SELECT f.journey_id, f.months, f.outcome FROM journey_followups f JOIN journeys j ON j.id = f.journey_id WHERE j.structure_id = \(id)
            """, on: database) { row in
            let journey = try row.uuid(required: "journey_id")
            news[journey, default: [:]][try row.integer(required: "months")] = try .stored(try row.text(required: "outcome"), table: "journey_followups",
                                                                                          column: "outcome", id: journey)
        }
        var journeys: [UUID: [JourneyFigures.PersonFacts.Journey]] = [:]
        try await StoredRows.each("SELECT id, person_id, hired_on, exit_on, exit_category FROM journeys WHERE structure_id = \(id)", on: database) { row in
            let person = try row.uuid(required: "person_id"), journey = try row.uuid(required: "id")
            guard mine.contains(person) else { return }
            let category: ExitCategory? = try row.text("exit_category").map { try .stored($0, table: "journeys", column: "exit_category", id: journey) }
            journeys[person, default: []].append(.init(hiredOn: try row.text(required: "hired_on"), exitOn: try row.text("exit_on"), category: category,
                                                       followUps: news[journey] ?? [:]))
        }
        return opened.map { person in
            JourneyFigures.PersonFacts(openedOn: person.on, barriers: barriers[person.id] ?? [], journeys: journeys[person.id] ?? [])
        }
    }
}
