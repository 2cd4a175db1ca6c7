import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import PasserellePurchasing
import SQLKit
import Vapor

/// The insertion hours of the needs a structure won, attributed to the people who did them. A
/// month's shares never exceed the hours the structure declared for it on the need.
package enum PersonHoursStore {
    package struct Share: Decodable, Sendable {
        package var id: UUID
        package var personID: UUID
        package var firstName: String
        package var lastName: String
        package var needID: UUID
        package var needTitle: String
        package var month: String
        package var hours: Int
        package var recordedBy: String
        package var updatedAt: Date

        package var personName: String { "\(firstName) \(lastName)" }
    }

    private static let columns: SQLQueryString = """
        s.id AS id, s.person_id AS person_id, p.first_name AS first_name, p.last_name AS last_name, s.need_id AS need_id, s.need_title AS need_title,
        s.month AS month, s.hours AS hours, s.recorded_by AS recorded_by, s.updated_at AS updated_at
        """

    /// The hours of a need's month given to people, all structures together.
    package static func attributed(need: UUID, month: String, except person: UUID? = nil, on database: any Database) async throws -> Int {
        let others: SQLQueryString = person.map { " AND person_id <> \(bind: $0)" } ?? ""
        return try await database.sql.raw("""
            SELECT CAST(COALESCE(SUM(hours), 0) AS BIGINT) AS n FROM person_hours WHERE need_id = \(bind: need) AND month = \(bind: month)\(others)
            """).first(decodingColumn: "n", as: Int.self) ?? 0
    }

    /// The hours given to people on these needs, by need and month (`key`), all structures
    /// together: a group's members share one figure.
    package static func attributed(needs: [UUID], on database: any Database) async throws -> [String: Int] {
        guard !needs.isEmpty else { return [:] }
        struct Row: Decodable { var needID: UUID; var month: String; var hours: Int }
        return try await database.sql.raw("""
            SELECT need_id, month, CAST(SUM(hours) AS BIGINT) AS hours FROM person_hours WHERE need_id IN (\(binds: needs)) GROUP BY need_id, month
            """).all(decoding: Row.self, table: "person_hours", keys: .snakeCaseColumns)
            .reduce(into: [:]) { $0[key($1.needID, $1.month)] = $1.hours }
    }

    static func key(_ need: UUID, _ month: String) -> String { "\(need.uuidString.lowercased())|\(month)" }

    /// One page of a structure's shares, newest month first, optionally of one month.
    package static func shares(of structure: UUID, month: String?, offset: Int, limit: Int, on database: any Database) async throws -> (shares: [Share], total: Int) {
        let monthClause: SQLQueryString = month.map { " AND s.month = \(bind: $0)" } ?? ""
        let total = try await database.sql.raw("SELECT COUNT(*) AS n FROM person_hours s WHERE s.structure_id = \(bind: structure)\(monthClause)")
            .first(decodingColumn: "n", as: Int.self) ?? 0
        let shares = try await database.sql.raw("""
            SELECT \(columns) FROM person_hours s JOIN people p ON p.id = s.person_id WHERE s.structure_id = \(bind: structure)\(monthClause)
            ORDER BY s.month DESC, p.last_name, p.first_name, s.id LIMIT \(unsafeRaw: String(limit)) OFFSET \(unsafeRaw: String(offset))
            """).all(decoding: Share.self, table: "person_hours", keys: .snakeCaseColumns)
        return (shares, total)
    }

    /// A person's shares, newest month first.
    package static func shares(of person: UUID, on database: any Database) async throws -> [Share] {
        try await database.sql.raw("""
            SELECT \(columns) FROM person_hours s JOIN people p ON p.id = s.person_id WHERE s.person_id = \(bind: person) ORDER BY s.month DESC, s.need_title
            """).all(decoding: Share.self, table: "person_hours", keys: .snakeCaseColumns)
    }

    package static func share(_ id: UUID, on database: any Database) async throws -> Share? {
        try await database.sql.raw("SELECT \(columns) FROM person_hours s JOIN people p ON p.id = s.person_id WHERE s.id = \(bind: id)")
            .first(decoding: Share.self, table: "person_hours", keys: .snakeCaseColumns)
    }

    /// The people of a structure who may receive hours: those whose record still names them.
    package static func candidates(of structure: UUID, on database: any Database) async throws -> [(id: UUID, name: String)] {
        struct Row: Decodable { var id: UUID; var firstName: String; var lastName: String }
        return try await database.sql.raw("""
            SELECT id, first_name, last_name FROM people WHERE structure_id = \(bind: structure) AND anonymised_at IS NULL ORDER BY last_name, first_name, id
            """).all(decoding: Row.self, table: "people", keys: .snakeCaseColumns).map { ($0.id, "\($0.lastName) \($0.firstName)") }
    }

    /// Gives `hours` of a won month to `person` (replacing their earlier share of it), or says why
    /// not. The month's row is locked first, as a new declaration locks it, so that the shares and
    /// the figure cannot cross.
    package static func attribute(_ hours: String, of won: HoursStore.WonMonth, to person: PeopleStore.Person, by user: SignedInUser, address: String?,
                                  on database: any Database) async throws -> FieldProblems? {
        try await database.retryingTransaction { database in
            guard let declared = try await HoursStore.lockedMonth(need: won.needID, month: won.month, on: database) else {
                return FieldProblems([FieldProblem(field: "month", message: "Aucune heure n’est déclarée pour ce mois sur ce besoin.")])
            }
            let others = try await attributed(need: won.needID, month: won.month, except: person.id, on: database)
            let value: Int
            switch HoursShare.check(hours: hours, declared: declared, attributedToOthers: others) {
            case .failure(let problems): return problems
            case .success(let checked): value = checked
            }
            let now = Date()
            try await database.sql.delete(from: "person_hours").where("person_id", .equal, SQLBind(person.id)).where("need_id", .equal, SQLBind(won.needID))
                .where("month", .equal, SQLBind(won.month)).run()
            try await database.sql.insert(into: "person_hours")
                .columns("id", "person_id", "structure_id", "need_id", "need_title", "month", "hours", "recorded_by", "updated_at")
                .values(SQLBind(UUID()), SQLBind(person.id), SQLBind(person.structureID), SQLBind(won.needID), SQLBind(won.title), SQLBind(won.month),
                        SQLBind(value), SQLBind(user.name), SQLBind(now)).run()
            try await PeopleStore.event(person: person.id, journey: nil, kind: "heures",
                                        summary: "\(French.count(value, "heure d’insertion", "heures d’insertion")) de \(DateText.frenchMonth(won.month)) sur « \(won.title) ».",
                                        actor: user.name, at: now, on: database)
            try await Audit.record(.personEdited, actorID: user.id, actor: user.email, object: "personne:\(person.id.uuidString.lowercased())",
                                   detail: "heures \(won.month) \(value)", address: address, on: database)
            return nil
        }
    }

    package static func remove(_ share: Share, by user: SignedInUser, address: String?, on database: any Database) async throws {
        try await database.retryingTransaction { database in
            try await database.sql.delete(from: "person_hours").where("id", .equal, SQLBind(share.id)).run()
            try await PeopleStore.event(person: share.personID, journey: nil, kind: "heures",
                                        summary: "Heures de \(DateText.frenchMonth(share.month)) sur « \(share.needTitle) » retirées.",
                                        actor: user.name, at: Date(), on: database)
            try await Audit.record(.personEdited, actorID: user.id, actor: user.email, object: "personne:\(share.personID.uuidString.lowercased())",
                                   detail: "heures \(share.month) retirées", address: address, on: database)
        }
    }
}
