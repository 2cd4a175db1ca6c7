import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// Deliveries and answers as stored: a structure's inbox, a need's funnel and its answers.
package enum AnswerStore {
    /// One need in a structure's inbox.
    package struct InboxLine: Decodable, Sendable {
        package var needID: UUID
        package var title: String
        package var kind: NeedKind
        package var state: NeedState
        package var deadline: Date?
        package var organisationID: UUID
        /// The buyer's name, which the accounts give (`inbox` fills it in).
        package var organisationName = ""
        package var reasons: String
        package var createdAt: Date
        package var seenAt: Date?
        package var stance: AnswerStance?

        private enum CodingKeys: String, CodingKey {
            case needID, title, kind, state, deadline, organisationID, reasons, createdAt, seenAt, stance
        }
    }

    /// One structure's answer, with what the buyer needs to reach it: the stored answer's fields
    /// read through (`line.stance`), the structure from the directory.
    @dynamicMemberLookup
    package struct AnswerLine: Sendable {
        package struct Stored: Decodable, Sendable {
            package var id: UUID
            package var structureID: UUID
            package var stance: AnswerStance
            package var reason: DeclineReason?
            package var comment: String
            package var responses: String
            package var updatedAt: Date
            package var reportedOutcome: ReportedOutcome?
        }

        package var structure: StructureSummary
        package var stored: Stored

        package subscript<Value>(dynamicMember keyPath: KeyPath<Stored, Value>) -> Value { stored[keyPath: keyPath] }
    }

    /// How often each structure answered the needs sent to it, from 0 to 1 (the matching ranks
    /// the structures that answer first).
    package static func answerRates(on database: any Database) async throws -> [UUID: Double] {
        struct Rate: Decodable {
            package var structureID: UUID
            package var sent: Int
            package var answered: Int
        }
        let rows = try await database.sql.raw("""
            SELECT d.structure_id AS structure_id, COUNT(*) AS sent, COUNT(a.id) AS answered
            FROM need_deliveries d LEFT JOIN need_answers a ON a.need_id = d.need_id AND a.structure_id = d.structure_id
            GROUP BY d.structure_id
            """).all(decoding: Rate.self, table: "need_deliveries", keys: .snakeCaseColumns)
        return Dictionary(uniqueKeysWithValues: rows.map { ($0.structureID, Double($0.answered) / Double(max(1, $0.sent))) })
    }

    package static func isDelivered(_ need: UUID, to structure: UUID, on database: any Database) async throws -> Bool {
        try await database.sql.select().column("id").from("need_deliveries")
            .where("need_id", .equal, SQLBind(need)).where("structure_id", .equal, SQLBind(structure)).first() != nil
    }

    /// Marks the need read in the inboxes of these structures.
    package static func markSeen(_ need: UUID, by structures: [UUID], on database: any Database, now: Date = Date()) async throws {
        guard !structures.isEmpty else { return }
        try await database.sql.update("need_deliveries").set("seen_at", to: SQLBind(now))
            .where("need_id", .equal, SQLBind(need)).where("structure_id", .in, SQLBind.group(structures))
            .where("seen_at", .is, SQLLiteral.null).run()
    }

    package static func unreadCount(of structure: UUID, on database: any Database) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("need_deliveries")
            .join("needs", on: SQLColumn("id", table: "needs"), .equal, SQLColumn("need_id", table: "need_deliveries"))
            .where(SQLColumn("structure_id", table: "need_deliveries"), .equal, SQLBind(structure))
            .where(SQLColumn("seen_at", table: "need_deliveries"), .is, SQLLiteral.null)
            .where(SQLColumn("state", table: "needs"), .equal, SQLBind(NeedState.published.rawValue))
            .first(decodingColumn: "count", as: Int.self) ?? 0
    }

    /// The answers to the organisation's needs that its team has not read since they were given
    /// or last changed, and the one need they belong to when there is only one.
    package static func unread(toNeedsOf organisation: UUID, on database: any Database) async throws -> (count: Int, need: UUID?) {
        let unread: SQLQueryString = """
            FROM need_answers a JOIN needs n ON n.id = a.need_id
            WHERE n.organisation_id = \(bind: organisation) AND (a.buyer_read_at IS NULL OR a.buyer_read_at < a.updated_at)
            """
        let count = try await database.sql.raw("SELECT COUNT(*) AS count " + unread).first(decodingColumn: "count", as: Int.self) ?? 0
        guard count > 0 else { return (0, nil) }
        let needs = try await database.sql.raw("SELECT DISTINCT a.need_id AS need " + unread + " LIMIT 2").all(decodingColumn: "need", as: UUID.self)
        return (count, needs.count == 1 ? needs.first : nil)
    }

    /// The buyer's team read the need's answers (on its page, or in their CSV).
    package static func markRead(answersTo need: UUID, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("need_answers").set("buyer_read_at", to: SQLBind(now)).where("need_id", .equal, SQLBind(need)).run()
    }

    package static func inbox(of structure: UUID, open: Bool, page: Int, size: Int, on database: any Database) async throws -> (lines: [InboxLine], total: Int) {
        let sql = database.sql
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query.from("need_deliveries")
                .join("needs", on: SQLColumn("id", table: "needs"), .equal, SQLColumn("need_id", table: "need_deliveries"))
                .where(SQLColumn("structure_id", table: "need_deliveries"), .equal, SQLBind(structure))
            if open { query = query.where(SQLColumn("state", table: "needs"), .equal, SQLBind(NeedState.published.rawValue)) }
            return query
        }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count")).first(decodingColumn: "count", as: Int.self) ?? 0
        var lines = try await filtered(sql.select()
            .column(SQLColumn("need_id", table: "need_deliveries")).column(SQLColumn("title", table: "needs")).column(SQLColumn("kind", table: "needs"))
            .column(SQLColumn("state", table: "needs")).column(SQLColumn("deadline", table: "needs"))
            .column(SQLColumn("organisation_id", table: "needs")).column(SQLColumn("reasons", table: "need_deliveries"))
            .column(SQLColumn("created_at", table: "need_deliveries")).column(SQLColumn("seen_at", table: "need_deliveries"))
            .column(SQLColumn("stance", table: "need_answers")))
            .join("need_answers", method: SQLJoinMethod.left, on: SQLBinaryExpression(
                SQLBinaryExpression(SQLColumn("need_id", table: "need_answers"), .equal, SQLColumn("need_id", table: "need_deliveries")), .and,
                SQLBinaryExpression(SQLColumn("structure_id", table: "need_answers"), .equal, SQLColumn("structure_id", table: "need_deliveries"))))
            .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "need_deliveries"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("need_id", table: "need_deliveries"), direction: SQLDirection.ascending))
            .limit(size).offset((page - 1) * size)
            .all(decoding: InboxLine.self, table: "need_deliveries", keys: .snakeCaseColumns)
        let buyers = try await OrganisationQueries.names(of: lines.map(\.organisationID), on: database)
        for index in lines.indices { lines[index].organisationName = buyers[lines[index].organisationID] ?? "" }
        return (lines, total)
    }

    package static func funnel(of need: UUID, on database: any Database) async throws -> AnswerFunnel {
        struct Counts: Decodable {
            package var sent: Int
            package var seen: Int?
        }
        let sql = database.sql
        let counts = try await sql.raw("SELECT COUNT(*) AS sent, COUNT(seen_at) AS seen FROM need_deliveries WHERE need_id = \(bind: need)").first(decoding: Counts.self)
        let stances = try await sql.select().column("stance").from("need_answers").where("need_id", .equal, SQLBind(need)).all(decodingColumn: "stance", as: String.self)
        return AnswerFunnel(
            sent: counts?.sent ?? 0, seen: counts?.seen ?? 0,
            interested: stances.filter { $0 == AnswerStance.interested.rawValue }.count,
            notInterested: stances.filter { $0 == AnswerStance.notInterested.rawValue }.count,
            inGroups: stances.filter { $0 == AnswerStance.group.rawValue }.count
        )
    }

    /// Every answer to a need, interested ones first.
    package static func answers(to need: UUID, on database: any Database) async throws -> [AnswerLine] {
        let rows = try await database.sql.select().columns("id", "structure_id", "stance", "reason", "comment", "responses", "updated_at", "reported_outcome")
            .from("need_answers").where("need_id", .equal, SQLBind(need)).all(decoding: AnswerLine.Stored.self, table: "need_answers", keys: .snakeCaseColumns)
        let structures = try await DirectoryQueries.summaries(of: rows.map(\.structureID), on: database)
        return rows.compactMap { row in
            // An answer outlives no structure (the foreign key): a missing one is being deleted.
            structures[row.structureID].map { AnswerLine(structure: $0, stored: row) }
        }
        .sorted { ($0.stance.rawValue, $0.structure.name) < ($1.stance.rawValue, $1.structure.name) }
    }

    package static func answer(of structure: UUID, to need: UUID, on database: any Database) async throws -> NeedAnswer? {
        struct Row: Decodable {
            package var id: UUID
            package var stance: AnswerStance
            package var reason: DeclineReason?
            package var comment: String
            package var responses: String
        }
        guard let row = try await database.sql.select().columns("id", "stance", "reason", "comment", "responses").from("need_answers")
            .where("need_id", .equal, SQLBind(need)).where("structure_id", .equal, SQLBind(structure)).first(decoding: Row.self, table: "need_answers", keys: .snakeCaseColumns)
        else { return nil }
        return NeedAnswer(stance: row.stance, reason: row.reason, comment: row.comment, responses: decodeResponses(row.responses))
    }

    /// What the structure says it got, once the need is closed.
    package static func reportOutcome(_ outcome: ReportedOutcome, of structure: UUID, on need: UUID, on database: any Database, now: Date = Date()) async throws {
        try await database.sql.update("need_answers").set("reported_outcome", to: SQLBind(outcome.rawValue)).set("reported_at", to: SQLBind(now))
            .where("need_id", .equal, SQLBind(need)).where("structure_id", .equal, SQLBind(structure)).run()
    }

    package static func decodeResponses(_ text: String) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(text.utf8))) ?? []
    }

    /// Writes the structure's answer, replacing its previous one: one answer per structure and
    /// need, whatever the number of submissions. Returns whether it is the first.
    package static func save(_ answer: NeedAnswer, of structure: UUID, to need: UUID, by user: UUID?, on database: any Database, now: Date = Date()) async throws -> Bool {
        let sql = database.sql
        let responses = String(decoding: try JSONEncoder().encode(answer.responses), as: UTF8.self)
        let inserted = try await sql.insert(into: "need_answers")
            .columns("id", "need_id", "structure_id", "stance", "reason", "comment", "responses", "user_id", "created_at", "updated_at")
            .values(SQLBind(UUID()), SQLBind(need), SQLBind(structure), SQLBind(answer.stance.rawValue), SQLBind(answer.reason?.rawValue),
                    SQLBind(answer.comment), SQLBind(responses), SQLBind(user), SQLBind(now), SQLBind(now))
            .ignoringConflicts(with: ["need_id", "structure_id"]).returning("id").all().count == 1
        if !inserted {
            try await sql.update("need_answers").set("stance", to: SQLBind(answer.stance.rawValue)).set("reason", to: SQLBind(answer.reason?.rawValue))
                .set("comment", to: SQLBind(answer.comment)).set("responses", to: SQLBind(responses)).set("user_id", to: SQLBind(user))
                .set("updated_at", to: SQLBind(now))
                .where("need_id", .equal, SQLBind(need)).where("structure_id", .equal, SQLBind(structure)).run()
        }
        return inserted
    }

    /// A need a structure won, alone or in a group.
    package struct Won: Sendable {
        package var needID: UUID
        package var title: String
        package var organisationName: String
        package var awardedAmount: Int?
        package var closedAt: Date?
    }

    package static func won(by structure: UUID, on database: any Database) async throws -> [Won] {
        struct Row: Decodable { var needID: UUID; var title: String; var organisationID: UUID; var awardedAmount: Int?; var closedAt: Date? }
        let rows = try await database.sql.raw("""
            SELECT n.id AS need_id, n.title AS title, n.organisation_id AS organisation_id, n.awarded_amount AS awarded_amount, n.closed_at AS closed_at
            FROM needs n
            WHERE n.state = \(bind: NeedState.awarded.rawValue) AND (n.winner_structure_id = \(bind: structure) OR n.winner_group_id IN
              (SELECT group_id FROM need_group_members WHERE structure_id = \(bind: structure) AND status = \(bind: GroupMemberStatus.accepted.rawValue)))
            ORDER BY n.closed_at DESC
            """).all(decoding: Row.self, table: "needs", keys: .snakeCaseColumns)
        let buyers = try await OrganisationQueries.names(of: rows.map(\.organisationID), on: database)
        return rows.map { Won(needID: $0.needID, title: $0.title, organisationName: buyers[$0.organisationID] ?? "", awardedAmount: $0.awardedAmount, closedAt: $0.closedAt) }
    }
}
