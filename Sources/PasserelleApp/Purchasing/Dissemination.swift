import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Synchronization
import Vapor

/// Sends published needs to the structures that can answer them. A run takes the needs published
/// and not yet sent, writes one delivery (the inbox line) per matching structure, then marks the
/// need sent. Killed in the middle, the next run finds the need still unsent and writes its
/// deliveries again: the unique pair (need, structure) lets through only those that were missing,
/// so nobody gets a need twice.
enum Dissemination {
    /// Deliveries written per statement: large enough to be quick, small enough for SQLite's
    /// limit on bound values.
    static let batchSize = 400

    /// Sends every published need not sent yet, then the digests that are due. Returns how many
    /// deliveries were written.
    @discardableResult
    static func runPending(index: DirectoryIndex, on database: any Database, publicURL: String, now: Date = Date(), logger: Logger? = nil) async throws -> Int {
        let sql = database as! any SQLDatabase
        let pending = try await sql.select().column("id").from("needs")
            .where("state", .equal, SQLBind(NeedState.published.rawValue)).where("disseminated_at", .is, SQLLiteral.null)
            .orderBy("published_at").all(decodingColumn: "id", as: UUID.self)
        var written = 0
        for id in pending {
            guard let need = try await NeedStore.need(id: id, on: database) else { continue }
            let count = try await disseminate(need, index: index, on: database, now: now)
            logger?.info("Need disseminated", metadata: ["need": "\(id)", "deliveries": "\(count)"])
            written += count
        }
        try await Digests.sendDue(on: database, publicURL: publicURL, now: now)
        return written
    }

    /// The structures a need goes to, best first, each with its reasons: over its lots, a
    /// structure keeps its best place and the reasons of the lot it fits best.
    static func recipients(of content: NeedContent, index: DirectoryIndex, answerRates: [UUID: Double]) -> [NeedMatch] {
        let matcher = index.needMatcher
        var best: [UUID: (match: NeedMatch, lot: String?)] = [:]
        let targets = content.targets
        for (position, target) in targets.enumerated() {
            let lot = content.lots.isEmpty ? nil : content.lots[position].title
            for match in matcher.matches(target, answerRates: answerRates) where (best[match.structure.id]?.match.score ?? -1) < match.score {
                best[match.structure.id] = (match, lot)
            }
        }
        return best.values.sorted { ($0.match.score, $1.match.structure.id.uuidString) > ($1.match.score, $0.match.structure.id.uuidString) }.map { entry in
            var match = entry.match
            if let lot = entry.lot { match.reasons.insert("lot « \(lot) »", at: 0) }
            return match
        }
    }

    /// Writes the deliveries of one need and marks it sent; returns how many were new.
    static func disseminate(_ need: NeedRecord, index: DirectoryIndex, on database: any Database, now: Date = Date()) async throws -> Int {
        let sql = database as! any SQLDatabase
        let rates = try await AnswerStore.answerRates(on: database)
        let matches = recipients(of: need.content, index: index, answerRates: rates)
        var written = 0
        for (offset, batch) in matches.chunked(into: batchSize).enumerated() {
            var insert = sql.insert(into: "need_deliveries").columns("id", "need_id", "structure_id", "rank", "reasons", "distance_km", "created_at")
            for (position, match) in batch.enumerated() {
                insert = insert.values(
                    SQLBind(UUID()), SQLBind(need.id), SQLBind(match.structure.id), SQLBind(offset * batchSize + position + 1),
                    SQLBind(match.reasons.joined(separator: " · ")), SQLBind(match.distanceKm), SQLBind(now)
                )
            }
            written += try await insert.ignoringConflicts(with: ["need_id", "structure_id"]).returning("id").all().count
        }
        try await sql.update("needs").set("disseminated_at", to: SQLBind(now)).where("id", .equal, SQLBind(need.id)).run()
        return written
    }

    /// Every minute, needs published and not sent (after a restart) and digests due; a
    /// publication asks for a run at once (`Runner.wake`).
    static func job() -> PeriodicJob {
        PeriodicJob("Dissemination", every: .seconds(60)) { application in
            await application.platform.dissemination.run(application)
        }
    }

    /// One run at a time per process: a publication during a run asks for one more after it.
    /// The application waits for the run in progress when it shuts down.
    final class Runner: LifecycleHandler, Sendable {
        private struct State {
            var running = false
            var again = false
            var task: Task<Void, Never>?
        }

        private let state = Mutex(State())

        /// Starts a run now, or asks the one in progress for another; does not wait.
        func wake(_ application: Application) {
            let start = state.withLock { state in
                if state.running { state.again = true; return false }
                state.running = true
                return true
            }
            guard start else { return }
            let task = Task { await self.loop(application) }
            state.withLock { $0.task = task }
        }

        /// Runs now and waits for the end of the run.
        func run(_ application: Application) async {
            wake(application)
            await state.withLock { $0.task }?.value
        }

        private func loop(_ application: Application) async {
            repeat {
                state.withLock { $0.again = false }
                do {
                    let index = try await application.directoryIndex()
                    try await runPending(index: index, on: application.db, publicURL: application.platform.config.publicURL, logger: application.logger)
                } catch {
                    application.logger.warning("Dissemination failed", metadata: ["error": "\(String(reflecting: error))"])
                }
            } while state.withLock { state in
                if state.again { return true }
                state.running = false
                return false
            }
        }

        func shutdownAsync(_ application: Application) async {
            await state.withLock { $0.task }?.value
        }
    }
}

extension Array {
    func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// The e-mail side of dissemination: each structure whose members chose it gets at most one
/// digest a Paris day, listing the needs sent to it since the last one. The digest row (unique per
/// structure and day), the messages and the deliveries marked mailed are one transaction.
enum Digests {
    /// Mail setting of a structure's organisation.
    enum Setting: String, CaseIterable, Sendable {
        case daily = "quotidien"
        case none = "aucun"

        var label: String {
            switch self {
            case .daily: "Un courriel par jour au plus, s’il y a de nouvelles opportunités"
            case .none: "Pas de courriel : je consulte les opportunités sur Passerelle"
            }
        }
    }

    private struct Due: Decodable {
        var structure_id: UUID
    }

    private struct Line: Decodable {
        var id: UUID
        var need_id: UUID
        var title: String
        var deadline: Date?
    }

    @discardableResult
    static func sendDue(on database: any Database, publicURL: String, now: Date = Date()) async throws -> Int {
        let sql = database as! any SQLDatabase
        let today = DateText.parisDay(now)
        // Structures run by an organisation that wants the digest, with something unmailed and no
        // digest today.
        let due = try await sql.select().distinct().column(SQLColumn("structure_id", table: "need_deliveries")).from("need_deliveries")
            .join("organisations", on: SQLColumn("structure_id", table: "organisations"), .equal, SQLColumn("structure_id", table: "need_deliveries"))
            .where(SQLColumn("mailed_at", table: "need_deliveries"), .is, SQLLiteral.null)
            .where(SQLColumn("opportunity_mail", table: "organisations"), .equal, SQLBind(Setting.daily.rawValue))
            .where(SQLColumn("id", table: "organisations"), .in, SQLRaw("(SELECT organisation_id FROM memberships)"))
            .where(SQLColumn("structure_id", table: "need_deliveries"), .notIn,
                   SQLGroupExpression(sql.select().column("structure_id").from("opportunity_digests").where("day", .equal, SQLBind(today)).query))
            .all(decoding: Due.self)
        var sent = 0
        for structure in due.map(\.structure_id) {
            if try await sendDigest(to: structure, day: today, on: database, publicURL: publicURL, now: now) { sent += 1 }
        }
        return sent
    }

    private static func sendDigest(to structure: UUID, day: String, on database: any Database, publicURL: String, now: Date) async throws -> Bool {
        try await database.retryingTransaction { database in
            let sql = database as! any SQLDatabase
            let lines = try await sql.select()
                .column(SQLColumn("id", table: "need_deliveries")).column(SQLColumn("need_id", table: "need_deliveries"))
                .column(SQLColumn("title", table: "needs")).column(SQLColumn("deadline", table: "needs"))
                .from("need_deliveries").join("needs", on: SQLColumn("id", table: "needs"), .equal, SQLColumn("need_id", table: "need_deliveries"))
                .where(SQLColumn("structure_id", table: "need_deliveries"), .equal, SQLBind(structure))
                .where(SQLColumn("mailed_at", table: "need_deliveries"), .is, SQLLiteral.null)
                .orderBy(SQLColumn("created_at", table: "need_deliveries")).all(decoding: Line.self)
            guard !lines.isEmpty else { return false }
            // Another instance may have sent today's digest meanwhile: the unique row says so.
            let claimed = try await sql.insert(into: "opportunity_digests").columns("id", "structure_id", "day", "needs", "sent_at")
                .values(SQLBind(UUID()), SQLBind(structure), SQLBind(day), SQLBind(lines.count), SQLBind(now))
                .ignoringConflicts(with: ["structure_id", "day"]).returning("id").all().count
            guard claimed == 1 else { return false }
            let recipients = try await StructureMembers.emails(of: structure, on: database)
            let name = try await sql.select().column("name").from("structures").where("id", .equal, SQLBind(structure)).first(decodingColumn: "name", as: String.self) ?? "votre structure"
            let inbox = publicURL + Links.opportunities(structure)
            for recipient in recipients {
                var paragraphs = [lines.count == 1
                    ? "Un nouveau besoin d’achat correspond aux activités de \(name) :"
                    : "\(lines.count) nouveaux besoins d’achat correspondent aux activités de \(name) :"]
                paragraphs += lines.map { line in
                    "• \(line.title)" + (line.deadline.map { " — réponses jusqu’au \(DateText.frenchDay($0))" } ?? "") + " : \(publicURL + Links.need(line.need_id))"
                }
                paragraphs.append("Vous recevez au plus un courriel par jour. Pour ne plus en recevoir, changez le réglage en bas de la page des opportunités.")
                try await Outbox.enqueue(.compose(to: recipient, subject: "Passerelle — \(lines.count == 1 ? "une nouvelle opportunité" : "\(lines.count) nouvelles opportunités") pour \(name)",
                                                  greeting: "Bonjour,", paragraphs: paragraphs, link: ("Voir les opportunités", inbox)), on: database, now: now)
            }
            try await sql.update("need_deliveries").set("mailed_at", to: SQLBind(now))
                .where("id", .in, SQLBind.group(lines.map(\.id))).run()
            return true
        }
    }
}

/// The accounts that act for a directory structure: members of the organisation that runs it.
enum StructureMembers {
    static func emails(of structure: UUID, on database: any Database) async throws -> [String] {
        try await (database as! any SQLDatabase).select().column(SQLColumn("email", table: "users")).from("users")
            .join("memberships", on: SQLColumn("user_id", table: "memberships"), .equal, SQLColumn("id", table: "users"))
            .join("organisations", on: SQLColumn("id", table: "organisations"), .equal, SQLColumn("organisation_id", table: "memberships"))
            .where(SQLColumn("structure_id", table: "organisations"), .equal, SQLBind(structure))
            .where(SQLColumn("email_verified_at", table: "users"), .isNot, SQLLiteral.null)
            .orderBy(SQLColumn("email", table: "users")).all(decodingColumn: "email", as: String.self)
    }
}
