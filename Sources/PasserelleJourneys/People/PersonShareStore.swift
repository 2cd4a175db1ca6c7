import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The shares of a person's record with other structures: shared journeys and transfers. Each
/// start, answer and end is one transaction with its line in the timeline and in the audit log.
package enum PersonShareStore {
    package struct Share: Sendable {
        package var id: UUID
        package var personID: UUID
        package var from: UUID
        package var to: UUID
        package var kind: ShareKind
        package var state: ShareState
        package var note: String?
        package var startedAt: Date
        package var startedBy: String
        package var endedAt: Date?
        package var endedBy: String?
        package var endReason: ShareEnd?
    }

    private struct Row: Decodable {
        var id: UUID
        var personId: UUID
        var fromStructureId: UUID
        var toStructureId: UUID
        var kind: String
        var state: String
        var note: String?
        var startedAt: Date
        var startedBy: String
        var endedAt: Date?
        var endedBy: String?
        var endReason: String?

        func share() throws -> Share {
            Share(id: id, personID: personId, from: fromStructureId, to: toStructureId, kind: try .stored(kind, table: "person_shares", column: "kind", id: id),
                  state: try .stored(state, table: "person_shares", column: "state", id: id), note: note, startedAt: startedAt, startedBy: startedBy,
                  endedAt: endedAt, endedBy: endedBy, endReason: try endReason.map { try .stored($0, table: "person_shares", column: "end_reason", id: id) })
        }
    }

    private static let columns: SQLQueryString = """
        id, person_id, from_structure_id, to_structure_id, kind, state, note, started_at, started_by, ended_at, ended_by, end_reason
        """

    private static func select(_ condition: SQLQueryString, on database: any Database) async throws -> [Share] {
        try await database.sql.raw("SELECT \(columns) FROM person_shares WHERE \(condition) ORDER BY started_at DESC, id")
            .all(decoding: Row.self, table: "person_shares", keys: .convertFromSnakeCase).map { try $0.share() }
    }

    package static func share(_ id: UUID, on database: any Database) async throws -> Share? {
        try await select("id = \(bind: id)", on: database).first
    }

    /// Every share of a person, newest first.
    package static func shares(of person: UUID, on database: any Database) async throws -> [Share] {
        try await select("person_id = \(bind: person)", on: database)
    }

    /// The shared journey that lets one of `structures` read `person` now, if any.
    package static func activeShare(of person: UUID, to structures: [UUID], on database: any Database) async throws -> Share? {
        guard !structures.isEmpty else { return nil }
        return try await select("""
            person_id = \(bind: person) AND kind = \(bind: ShareKind.sharedJourney.rawValue) AND state = \(bind: ShareState.active.rawValue)
            AND to_structure_id IN (\(binds: structures))
            """, on: database).first
    }

    /// The shares a structure received (`received`) or gave, open ones first then the last ended.
    package static func shares(of structure: UUID, received: Bool, on database: any Database) async throws -> [Share] {
        let column: SQLQueryString = received ? "to_structure_id" : "from_structure_id"
        return try await select("\(column) = \(bind: structure)", on: database).sorted { ($0.state.isOpen ? 0 : 1, $1.startedAt) < ($1.state.isOpen ? 0 : 1, $0.startedAt) }
    }

    private static func record(_ person: UUID, summary: String, detail: String, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await PeopleStore.event(person: person, journey: nil, kind: "partage", summary: summary, actor: user.name, at: Date(), on: database)
        try await Audit.record(.personShared, actorID: user.id, actor: user.email, object: "personne:\(person.uuidString.lowercased())", detail: detail,
                               address: address, on: database)
    }

    /// Starts a shared journey or proposes a transfer; the caller checked `ShareRules`.
    package static func start(_ kind: ShareKind, person: PeopleStore.Person, to structure: UUID, toName: String, note: String?, by user: SignedInUser,
                              address: String?, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            try await database.sql.insert(into: "person_shares")
                .columns("id", "person_id", "from_structure_id", "to_structure_id", "kind", "state", "note", "started_at", "started_by")
                .values(SQLBind(UUID()), SQLBind(person.id), SQLBind(person.structureID), SQLBind(structure), SQLBind(kind.rawValue),
                        SQLBind((kind == .transfer ? ShareState.proposed : .active).rawValue), SQLBind(note), SQLBind(Date()), SQLBind(user.name)).run()
            let summary = kind == .transfer ? "Transfert du dossier proposé à \(toName)." : "Parcours partagé avec \(toName) : ses membres lisent le dossier."
            try await record(person.id, summary: summary, detail: "\(kind.rawValue) \(structure.uuidString.lowercased())", by: user, address: address, on: database)
        }
    }

    /// Ends an open share (`reason` says who or what ended it); false when it was not open.
    package static func end(_ share: Share, reason: ShareEnd, toName: String, by user: SignedInUser, address: String?, on database: any Database) async throws -> Bool {
        guard ShareState.mayMove(share.kind, from: share.state, to: .ended) else { return false }
        try await database.retryingTransaction { database in
            try await close(share.id, as: .ended, reason: reason, by: user.name, on: database)
            let what = share.kind == .transfer ? "Transfert à \(toName) retiré" : "Partage avec \(toName) terminé"
            try await record(share.personID, summary: "\(what) : \(reason.label).", detail: "fin \(share.kind.rawValue)", by: user, address: address, on: database)
        }
        return true
    }

    private static func close(_ id: UUID, as state: ShareState, reason: ShareEnd?, by name: String, on database: any Database) async throws {
        try await database.sql.update("person_shares").set("state", to: SQLBind(state.rawValue)).set("ended_at", to: SQLBind(Date()))
            .set("ended_by", to: SQLBind(name)).set("end_reason", to: SQLBind(reason?.rawValue)).where("id", .equal, SQLBind(id)).run()
    }

    /// Ends every open share of a person at once, in the caller's transaction: the agreement to
    /// sharing was withdrawn.
    package static func endAll(of person: UUID, reason: ShareEnd, by name: String, on database: any Database) async throws -> Int {
        let open = try await select("""
            person_id = \(bind: person) AND state IN (\(bind: ShareState.active.rawValue), \(bind: ShareState.proposed.rawValue))
            """, on: database)
        for share in open { try await close(share.id, as: .ended, reason: reason, by: name, on: database) }
        return open.count
    }

    /// The receiving structure declines a transfer.
    package static func decline(_ share: Share, by user: SignedInUser, address: String?, on database: any Database) async throws -> Bool {
        guard ShareState.mayMove(share.kind, from: share.state, to: .declined) else { return false }
        try await database.retryingTransaction { database in
            try await close(share.id, as: .declined, reason: nil, by: user.name, on: database)
            try await record(share.personID, summary: "Transfert refusé par la structure qui devait recevoir le dossier.", detail: "transfert refusé", by: user,
                             address: address, on: database)
        }
        return true
    }

    /// The receiving structure accepts a transfer: the record becomes its own, with the accepting
    /// member as referent; the shares the former structure had opened end. The journeys stay
    /// those of the structure that ran them, for its figures.
    package static func accept(_ share: Share, fromName: String, toName: String, by user: SignedInUser, address: String?,
                               on database: any Database) async throws -> Bool {
        guard ShareState.mayMove(share.kind, from: share.state, to: .accepted) else { return false }
        try await database.retryingTransaction { database in
            try await close(share.id, as: .accepted, reason: nil, by: user.name, on: database)
            _ = try await endAll(of: share.personID, reason: .transferred, by: user.name, on: database)
            try await database.sql.update("people").set("structure_id", to: SQLBind(share.to)).set("referent_user_id", to: SQLBind(user.id))
                .set("updated_at", to: SQLBind(Date())).where("id", .equal, SQLBind(share.personID)).run()
            try await record(share.personID, summary: "Dossier transféré de \(fromName) à \(toName) ; référent : \(user.name).", detail: "transfert accepté",
                             by: user, address: address, on: database)
        }
        return true
    }
}
