import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// A journey's approval: its suspensions and extensions, and the end `Approval.end` computes from
/// them, kept on the journey so that lists and the API read it without computing.
package enum ApprovalStore {
    package enum Change: Sendable, Equatable {
        case suspension(Approval.Suspension)
        case extension_(Approval.Extension)
    }

    private struct Row: Decodable {
        var id: UUID
        var kind: String
        var reason: String
        var fromOn: String?
        var toOn: String?
        var months: Int?
        var grantedBy: String?
    }

    package static func changes(of journey: UUID, on database: any Database) async throws -> [Change] {
        try await database.sql.raw("""
            SELECT id, kind, reason, from_on, to_on, months, granted_by FROM approval_changes WHERE journey_id = \(bind: journey) ORDER BY recorded_at, id
            """).all(decoding: Row.self, table: "approval_changes", keys: .convertFromSnakeCase).map { row in
            if row.kind == "suspension" {
                return .suspension(.init(reason: try .stored(row.reason, table: "approval_changes", column: "reason", id: row.id), from: row.fromOn ?? "", to: row.toOn ?? ""))
            }
            return .extension_(.init(reason: try .stored(row.reason, table: "approval_changes", column: "reason", id: row.id), months: row.months ?? 0,
                                     grantedBy: row.grantedBy ?? ""))
        }
    }

    /// The approval of a journey hired on `hiredOn` with these changes.
    package static func approval(hiredOn: String, changes: [Change]) -> Approval {
        Approval(start: hiredOn,
                 suspensions: changes.compactMap { if case .suspension(let item) = $0 { item } else { nil } },
                 extensions: changes.compactMap { if case .extension_(let item) = $0 { item } else { nil } })
    }

    /// Adds a change if the approval's rule accepts it, and stores the new end; the rule's problem
    /// otherwise, nothing written.
    package static func add(_ change: Change, to journey: JourneyStore.Journey, person: UUID, by user: SignedInUser, address: String?,
                            on database: any Database) async throws -> Approval.Problem? {
        try await database.retryingTransaction { database in
            let changes = try await changes(of: journey.id, on: database) + [change]
            let end: Approval.End
            switch approval(hiredOn: journey.hiredOn, changes: changes).end() {
            case .failure(let problem): return problem
            case .success(let computed): end = computed
            }
            let insert = database.sql.insert(into: "approval_changes")
                .columns("id", "journey_id", "kind", "reason", "from_on", "to_on", "months", "granted_by", "recorded_by", "recorded_at")
            let summary: String
            switch change {
            case .suspension(let item):
                try await insert.values(SQLBind(UUID()), SQLBind(journey.id), SQLBind("suspension"), SQLBind(item.reason.rawValue), SQLBind(item.from), SQLBind(item.to),
                                        SQLBind(Int?.none), SQLBind(String?.none), SQLBind(user.name), SQLBind(Date())).run()
                summary = "Agrément suspendu du \(DateText.frenchDay(iso: item.from)) au \(DateText.frenchDay(iso: item.to)) : \(item.reason.label.lowercased())."
            case .extension_(let item):
                try await insert.values(SQLBind(UUID()), SQLBind(journey.id), SQLBind("prolongation"), SQLBind(item.reason.rawValue), SQLBind(String?.none),
                                        SQLBind(String?.none), SQLBind(item.months), SQLBind(item.grantedBy), SQLBind(user.name), SQLBind(Date())).run()
                summary = "Agrément prolongé de \(item.months) mois : \(item.reason.label.lowercased()) (accordé par \(item.grantedBy))."
            }
            try await database.sql.update("journeys").set("approval_end", to: SQLBind(end.lastDay)).where("id", .equal, SQLBind(journey.id)).run()
            try await PeopleStore.event(person: person, journey: journey.id, kind: "agrement",
                                        summary: summary + " Dernier jour : \(DateText.frenchDay(iso: end.lastDay)).", actor: user.name, at: Date(), on: database)
            try await Audit.record(.personEdited, actorID: user.id, actor: user.email, object: "personne:\(person.uuidString.lowercased())", detail: "agrément",
                                   address: address, on: database)
            return nil
        }
    }
}
