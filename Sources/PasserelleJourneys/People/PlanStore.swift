import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit
import Vapor

/// A person's plan, the exit of their journey and its follow-up. Each change is one transaction
/// with its line in the timeline and in the audit log.
package enum PlanStore {
    package struct Barrier: Sendable {
        package var id: UUID
        package var category: String
        package var state: BarrierState
        package var note: String?
        package var identifiedOn: String
        package var closedOn: String?
        package var referralID: UUID?
        package var referralState: String?

        package var label: String { ServiceVocabulary.category(category)?.label ?? category }
    }

    package struct Action: Sendable {
        package var id: UUID
        package var barrierID: UUID?
        package var kind: ActionKind
        package var title: String
        package var state: ActionState
        package var due: String?
        package var actor: String?
    }

    private struct BarrierRow: Decodable {
        var id: UUID
        var category: String
        var state: String
        var note: String?
        var identifiedOn: String
        var closedOn: String?
        var referralId: UUID?
        var referralState: String?
    }

    private struct ActionRow: Decodable {
        var id: UUID
        var barrierId: UUID?
        var kind: String
        var title: String
        var state: String
        var dueOn: String?
        var actor: String?
    }

    package static func barriers(of person: UUID, on database: any Database) async throws -> [Barrier] {
        try await database.sql.raw("""
            SELECT id, category, state, note, identified_on, closed_on, referral_id, referral_state FROM plan_barriers WHERE person_id = \(bind: person) ORDER BY identified_on, id
            """).all(decoding: BarrierRow.self, table: "plan_barriers", keys: .convertFromSnakeCase).map { row in
            Barrier(id: row.id, category: row.category, state: try .stored(row.state, table: "plan_barriers", column: "state", id: row.id), note: row.note,
                    identifiedOn: row.identifiedOn, closedOn: row.closedOn, referralID: row.referralId, referralState: row.referralState)
        }
    }

    package static func actions(of person: UUID, on database: any Database) async throws -> [Action] {
        try await database.sql.raw("""
            SELECT id, barrier_id, kind, title, state, due_on, actor FROM plan_actions WHERE person_id = \(bind: person) ORDER BY due_on, title, id
            """).all(decoding: ActionRow.self, table: "plan_actions", keys: .convertFromSnakeCase).map { row in
            Action(id: row.id, barrierID: row.barrierId, kind: try .stored(row.kind, table: "plan_actions", column: "kind", id: row.id), title: row.title,
                   state: try .stored(row.state, table: "plan_actions", column: "state", id: row.id), due: row.dueOn, actor: row.actor)
        }
    }

    private static func record(_ person: UUID, journey: UUID? = nil, kind: String, summary: String, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await PeopleStore.event(person: person, journey: journey, kind: kind, summary: summary, actor: user.name, at: Date(), on: database)
        try await Audit.record(.personEdited, actorID: user.id, actor: user.email, object: "personne:\(person.uuidString.lowercased())", detail: kind,
                               address: address, on: database)
    }

    package static func addBarrier(_ category: String, note: String?, person: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            try await database.sql.insert(into: "plan_barriers").columns("id", "person_id", "category", "state", "note", "identified_on", "updated_at")
                .values(SQLBind(UUID()), SQLBind(person), SQLBind(category), SQLBind(BarrierState.identified.rawValue), SQLBind(note),
                        SQLBind(DateText.parisDay(Date())), SQLBind(Date())).run()
            try await record(person, kind: "frein", summary: "Frein identifié : \(ServiceVocabulary.category(category)?.label ?? category).", by: user, address: address, on: database)
        }
    }

    /// Moves a barrier along its life cycle; false when the move is not allowed.
    package static func moveBarrier(_ barrier: Barrier, to state: BarrierState, person: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws -> Bool {
        guard barrier.state.mayMove(to: state) else { return false }
        try await database.retryingTransaction { database in
            try await database.sql.update("plan_barriers").set("state", to: SQLBind(state.rawValue))
                .set("closed_on", to: SQLBind(state.isClosed ? DateText.parisDay(Date()) : nil)).set("updated_at", to: SQLBind(Date()))
                .where("id", .equal, SQLBind(barrier.id)).run()
            try await record(person, kind: "frein", summary: "Frein « \(barrier.label) » : \(barrier.state.label) → \(state.label).", by: user, address: address, on: database)
        }
        return true
    }

    /// Ties a referral just sent to the barrier it should help lift.
    package static func tie(_ referral: UUID, service: String, to barrier: Barrier, person: UUID, by user: SignedInUser, address: String?,
                            on database: any Database) async throws {
        try await database.retryingTransaction { database in
            try await database.sql.update("plan_barriers").set("referral_id", to: SQLBind(referral)).set("referral_state", to: SQLBind(ReferralState.open.rawValue))
                .set("updated_at", to: SQLBind(Date())).where("id", .equal, SQLBind(barrier.id)).run()
            try await record(person, kind: "orientation", summary: "Orientée vers « \(service) » pour lever le frein « \(barrier.label) ».", by: user,
                             address: address, on: database)
        }
    }

    /// Takes a referral's new answer into the barrier it was started from (page and job read it the same way).
    package static func takeAnswer(_ answer: ReferralState, service: String, barrier: Barrier, person: UUID, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            var update = database.sql.update("plan_barriers").set("referral_state", to: SQLBind(answer.rawValue)).set("updated_at", to: SQLBind(Date()))
            if let next = BarrierReferral.move(barrier.state, after: answer) { update = update.set("state", to: SQLBind(next.rawValue)) }
            try await update.where("id", .equal, SQLBind(barrier.id)).run()
            if let summary = BarrierReferral.summary(answer, service: service, barrier: barrier.label) {
                try await PeopleStore.event(person: person, journey: nil, kind: "orientation", summary: summary, actor: service, at: Date(), on: database)
            }
        }
    }

    package static func addAction(_ action: PlanEntryDraft.CheckedAction, person: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            try await database.sql.insert(into: "plan_actions").columns("id", "person_id", "barrier_id", "kind", "title", "state", "due_on", "actor", "updated_at")
                .values(SQLBind(UUID()), SQLBind(person), SQLBind(action.barrier), SQLBind(action.kind.rawValue), SQLBind(action.title),
                        SQLBind(ActionState.planned.rawValue), SQLBind(action.due), SQLBind(action.actor), SQLBind(Date())).run()
            let due = action.due.map { ", pour le \(DateText.frenchDay(iso: $0))" } ?? ""
            try await record(person, kind: "action", summary: "\(action.kind.label) prévue : \(action.title)\(due).", by: user, address: address, on: database)
        }
    }

    package static func moveAction(_ action: Action, to state: ActionState, person: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws -> Bool {
        guard action.state.mayMove(to: state) else { return false }
        try await database.retryingTransaction { database in
            try await database.sql.update("plan_actions").set("state", to: SQLBind(state.rawValue)).set("updated_at", to: SQLBind(Date()))
                .where("id", .equal, SQLBind(action.id)).run()
            try await record(person, kind: "action", summary: "« \(action.title) » : \(action.state.label) → \(state.label).", by: user, address: address, on: database)
        }
        return true
    }

    // MARK: Exit and follow-up

    package static func exit(_ journey: UUID, with checked: ExitDraft.Checked, person: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            _ = try await close(journey, with: checked, person: person, on: database)
            try await record(person, journey: journey, kind: "sortie", summary: exitSummary(checked), by: user, address: address, on: database)
        }
    }

    /// The exit a hiring confirmed on an accepted application records, in the caller's
    /// transaction; false when the journey was no longer open (someone closed it meanwhile).
    package static func exitFromHire(_ journey: UUID, with checked: ExitDraft.Checked, person: UUID, confirmedBy actor: String, actorID: UUID?, address: String?,
                                     on database: any Database, now: Date = Date()) async throws -> Bool {
        guard try await close(journey, with: checked, person: person, on: database) else { return false }
        try await PeopleStore.event(person: person, journey: journey, kind: "sortie", summary: exitSummary(checked) + " Embauche confirmée par l’employeur sur une candidature.",
                                    actor: actor, at: now, on: database)
        try await Audit.record(.personEdited, actorID: actorID, actor: actor, object: "personne:\(person.uuidString.lowercased())", detail: "sortie", address: address,
                               on: database, at: now)
        return true
    }

    private static func exitSummary(_ checked: ExitDraft.Checked) -> String {
        let employer = checked.employer.map { " chez \($0)" } ?? ""
        return "Sortie le \(DateText.frenchDay(iso: checked.day)) : \(checked.contract.label)\(employer) (\(checked.category.label.lowercased()))."
    }

    /// Closes an open journey with its exit; false when it was not open.
    private static func close(_ journey: UUID, with checked: ExitDraft.Checked, person: UUID, on database: any Database) async throws -> Bool {
        let closed = try await database.sql.update("journeys").set("state", to: SQLBind(JourneyState.exited.rawValue)).set("exit_on", to: SQLBind(checked.day))
            .set("exit_contract", to: SQLBind(checked.contract.rawValue)).set("exit_category", to: SQLBind(checked.category.rawValue))
            .set("exit_employer", to: SQLBind(checked.employer)).where("id", .equal, SQLBind(journey)).where("state", .equal, SQLBind(JourneyState.open.rawValue))
            .returning("id").all()
        guard !closed.isEmpty else { return false }
        try await database.sql.update("people").set("state", to: SQLBind(PersonStage.exited.rawValue)).set("updated_at", to: SQLBind(Date()))
            .where("id", .equal, SQLBind(person)).run()
        return true
    }

    /// Reopens an exited journey: the person comes back; the exit stays in the timeline.
    package static func reopen(_ journey: UUID, person: UUID, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            try await database.sql.update("journeys").set("state", to: SQLBind(JourneyState.open.rawValue)).set("exit_on", to: SQLBind(String?.none))
                .set("exit_contract", to: SQLBind(String?.none)).set("exit_category", to: SQLBind(String?.none)).set("exit_employer", to: SQLBind(String?.none))
                .where("id", .equal, SQLBind(journey)).run()
            try await database.sql.delete(from: "journey_followups").where("journey_id", .equal, SQLBind(journey)).run()
            try await database.sql.update("people").set("state", to: SQLBind(PersonStage.inJourney.rawValue)).set("updated_at", to: SQLBind(Date()))
                .where("id", .equal, SQLBind(person)).run()
            try await record(person, journey: journey, kind: "reouverture", summary: "Parcours rouvert.", by: user, address: address, on: database)
        }
    }

    package struct FollowUp: Sendable, Decodable {
        package var months: Int
        package var outcome: String
        package var recordedOn: String
    }

    package static func followUps(of journey: UUID, on database: any Database) async throws -> [FollowUp] {
        try await database.sql.raw("SELECT months, outcome, recorded_on FROM journey_followups WHERE journey_id = \(bind: journey) ORDER BY months")
            .all(decoding: FollowUp.self, table: "journey_followups", keys: .convertFromSnakeCase)
    }

    package static func recordFollowUp(_ months: Int, outcome: FollowUpOutcome, journey: UUID, person: UUID, by user: SignedInUser, address: String?,
                                       on database: any Database) async throws {
        try await database.retryingTransaction { database in
            try await database.sql.delete(from: "journey_followups").where("journey_id", .equal, SQLBind(journey)).where("months", .equal, SQLBind(months)).run()
            try await database.sql.insert(into: "journey_followups").columns("id", "journey_id", "months", "outcome", "recorded_on")
                .values(SQLBind(UUID()), SQLBind(journey), SQLBind(months), SQLBind(outcome.rawValue), SQLBind(DateText.parisDay(Date()))).run()
            try await record(person, journey: journey, kind: "suivi", summary: "Suivi à \(months) mois : \(outcome.label.lowercased()).", by: user, address: address, on: database)
        }
    }
}
