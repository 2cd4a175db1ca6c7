import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Synchronization
import Vapor

/// Sends published needs to the structures that can answer them. A run takes the needs published
/// and not yet sent, writes one delivery (the inbox line) per matching structure, then marks the
/// need sent. Killed in the middle, the next run finds the need still unsent and writes its
/// deliveries again: the unique pair (need, structure) lets through only those that were missing,
/// so nobody gets a need twice.
package enum Dissemination {
    /// Deliveries written per statement: large enough to be quick, small enough for SQLite's
    /// limit on bound values.
    package static let batchSize = 400

    /// Sends every published need not sent yet, then the digests that are due. Returns how many
    /// deliveries were written.
    @discardableResult
    package static func runPending(index: DirectoryIndex, on database: any Database, publicURL: String, now: Date = Date(), logger: Logger? = nil) async throws -> Int {
        let sql = database.sql
        let pending = try await sql.select().column("id").from("needs")
            .where("state", .equal, SQLBind(NeedState.published.rawValue)).where("disseminated_at", .is, SQLLiteral.null)
            .orderBy("published_at").all(decodingColumn: "id", as: UUID.self)
        var written = 0
        for id in pending {
            guard let need = try await NeedStore.need(id: id, on: database) else { continue }
            written += try await disseminate(need, index: index, on: database, now: now, logger: logger)
        }
        let started = Date()
        let digests = try await Digests.sendDue(on: database, publicURL: publicURL, now: now)
        if digests > 0 { logger?.info("Digests sent", metadata: ["structures": "\(digests)", "ms": "\(Int(Date().timeIntervalSince(started) * 1000))"]) }
        return written
    }

    /// The structures a need goes to, best first, each with its reasons: over its lots, a
    /// structure keeps its best place and the reasons of the lot it fits best.
    package static func recipients(of content: NeedContent, index: DirectoryIndex, answerRates: [UUID: Double]) -> [NeedMatch] {
        let matcher = index.needMatcher
        var best: [UUID: (match: NeedMatch, lot: String?)] = [:]
        let targets = content.targets
        for (position, target) in targets.enumerated() {
            let lot = content.lots.isEmpty ? nil : content.lots[position].title
            for match in matcher.matches(target, answerRates: answerRates) where (best[match.structure.id]?.match.score ?? -1) < match.score {
                best[match.structure.id] = (match, lot)
            }
        }
        // Sorting the keys rather than the matches: a match is large to move around.
        let order = best.map { (id: $0.key, score: $0.value.match.score) }.sorted { ($0.score, $1.id) > ($1.score, $0.id) }
        return order.map { key in
            let entry = best[key.id]!
            var match = entry.match
            if let lot = entry.lot { match.reasons.insert("lot « \(lot) »", at: 0) }
            return match
        }
    }

    /// Writes the deliveries of one need and marks it sent; returns how many were new.
    package static func disseminate(_ need: NeedRecord, index: DirectoryIndex, on database: any Database, now: Date = Date(), logger: Logger? = nil) async throws -> Int {
        let sql = database.sql
        let started = Date()
        let rates = try await AnswerStore.answerRates(on: database)
        let matches = recipients(of: need.content, index: index, answerRates: rates)
        let matched = Date()
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
        logger?.info("Need disseminated", metadata: ["need": "\(need.id)", "deliveries": "\(written)", "matching_ms": "\(Int(matched.timeIntervalSince(started) * 1000))",
                                                     "writing_ms": "\(Int(Date().timeIntervalSince(matched) * 1000))"])
        return written
    }

    /// Every minute, needs published and not sent (after a restart) and digests due; a
    /// publication asks for a run at once (`Runner.wake`).
    package static func job() -> PeriodicJob {
        PeriodicJob("Dissemination", every: .seconds(60)) { application in
            await application.dissemination.run(application)
        }
    }

    /// One run at a time per process: a publication during a run asks for one more after it.
    /// The application waits for the run in progress when it shuts down.
    package final class Runner: LifecycleHandler, Sendable {
        private struct State {
            var running = false
            var again = false
            var task: Task<Void, Never>?
        }

        private let state = Mutex(State())

        /// Starts a run now, or asks the one in progress for another; does not wait.
        package func wake(_ application: Application) {
            let start = state.withLock { state in
                if state.running { state.again = true; return false }
                state.running = true
                return true
            }
            guard start else { return }
            // On the jobs' thread, behind the requests: a publication must not slow the searches.
            let task = BackgroundExecutor.task { await self.loop(application) }
            state.withLock { $0.task = task }
        }

        /// Runs now and waits for the end of the run.
        package func run(_ application: Application) async {
            wake(application)
            await state.withLock { $0.task }?.value
        }

        private func loop(_ application: Application) async {
            repeat {
                state.withLock { $0.again = false }
                do {
                    let index = try await application.directoryIndex()
                    try await runPending(index: index, on: application.jobsDB, publicURL: application.platform.config.publicURL, logger: application.logger)
                } catch {
                    application.logger.warning("Dissemination failed", metadata: ["error": .string(LoggedError.kind(of: error))])
                }
            } while state.withLock { state in
                if state.again { return true }
                state.running = false
                return false
            }
        }

        package func shutdownAsync(_ application: Application) async {
            await state.withLock { $0.task }?.value
        }
    }
}

/// The e-mail side of dissemination: each structure whose members chose it gets at most one
/// digest a Paris day, listing the needs sent to it since the last one. The digest row (unique per
/// structure and day), the messages and the deliveries marked mailed are one transaction.
package enum Digests {
    /// Mail setting of a structure's organisation.
    package enum Setting: String, CaseIterable, Sendable {
        case daily = "quotidien"
        case none = "aucun"

        package var label: String {
            switch self {
            case .daily: "Un courriel par jour au plus, s’il y a de nouvelles opportunités"
            case .none: "Pas de courriel : je consulte les opportunités sur Passerelle"
            }
        }
    }

    /// An unmailed delivery of a structure that wants the digest, with what the mail says.
    private struct Line: Decodable {
        var id: UUID
        var structureID: UUID
        var needID: UUID
        var title: String
        var deadline: Date?
    }

    /// Structures mailed per transaction: one statement each for the digest rows, the messages and
    /// the deliveries marked mailed, whatever the number of structures.
    package static let batchSize = 200

    @discardableResult
    package static func sendDue(on database: any Database, publicURL: String, now: Date = Date()) async throws -> Int {
        let sql = database.sql
        let today = DateText.parisDay(now)
        // Deliveries not mailed yet, of structures run by a team that wants the digest and not
        // mailed today.
        let wanting = try await OrganisationQueries.structures(withOpportunityMail: Setting.daily.rawValue, on: database)
        var lines: [Line] = []
        for chunk in wanting.chunked(into: 500) {
            lines += try await sql.raw("""
                SELECT d.id AS id, d.structure_id AS structure_id, n.id AS need_id, n.title AS title, n.deadline AS deadline
                FROM need_deliveries d JOIN needs n ON n.id = d.need_id
                WHERE d.mailed_at IS NULL AND d.structure_id IN (\(binds: Array(chunk)))
                  AND NOT EXISTS (SELECT 1 FROM opportunity_digests g WHERE g.structure_id = d.structure_id AND g.day = \(bind: today))
                ORDER BY d.structure_id, d.created_at
                """).all(decoding: Line.self, table: "needs", keys: .snakeCaseColumns)
        }
        let byStructure = Dictionary(grouping: lines, by: \.structureID)
        var sent = 0
        for batch in byStructure.keys.sorted(by: { $0.uuidString < $1.uuidString }).chunked(into: batchSize) {
            sent += try await sendDigests(Array(batch), lines: byStructure, day: today, on: database, publicURL: publicURL, now: now)
        }
        return sent
    }

    private static func sendDigests(_ structures: [UUID], lines: [UUID: [Line]], day: String, on database: any Database, publicURL: String, now: Date) async throws -> Int {
        try await database.retryingTransaction { database in
            let sql = database.sql
            // Another run or instance may have sent some of today's digests meanwhile: the unique
            // (structure, day) rows say which ones this run sends.
            var digests = sql.insert(into: "opportunity_digests").columns("id", "structure_id", "day", "needs", "sent_at")
            for structure in structures {
                digests = digests.values(SQLBind(UUID()), SQLBind(structure), SQLBind(day), SQLBind(lines[structure]?.count ?? 0), SQLBind(now))
            }
            let claimed = try await digests.ignoringConflicts(with: ["structure_id", "day"]).returning("structure_id").all(decodingColumn: "structure_id", as: UUID.self)
            guard !claimed.isEmpty else { return 0 }
            let recipients = try await StructureMembers.emails(of: claimed, on: database)
            let names = try await DirectoryQueries.summaries(of: claimed, on: database)
            var mails: [OutgoingMail] = []
            for structure in claimed {
                guard let list = lines[structure], let name = names[structure]?.name else { continue }
                for recipient in recipients[structure] ?? [] { mails.append(digest(list, name: name, structure: structure, to: recipient, publicURL: publicURL)) }
            }
            try await Outbox.enqueue(mails, on: database, now: now)
            let ids = claimed.flatMap { lines[$0]?.map(\.id) ?? [] }
            for chunk in ids.chunked(into: 500) {
                try await sql.update("need_deliveries").set("mailed_at", to: SQLBind(now)).where("id", .in, SQLBind.group(Array(chunk))).run()
            }
            return claimed.count
        }
    }

    private static func digest(_ lines: [Line], name: String, structure: UUID, to recipient: String, publicURL: String) -> OutgoingMail {
        var paragraphs = [lines.count == 1
            ? "Un nouveau besoin d’achat correspond aux activités \(French.de(name)) :"
            : "\(lines.count) nouveaux besoins d’achat correspondent aux activités \(French.de(name)) :"]
        paragraphs += lines.map { line in
            "• \(line.title)" + (line.deadline.map { " — réponses jusqu’au \(DateText.frenchDay($0))" } ?? "") + " : \(publicURL + Links.need(line.needID))"
        }
        paragraphs.append("Vous recevez au plus un courriel par jour. Pour ne plus en recevoir, changez le réglage en bas de la page des opportunités.")
        return .compose(to: recipient, subject: "Passerelle — \(lines.count == 1 ? "une nouvelle opportunité" : "\(lines.count) nouvelles opportunités") pour \(name)",
                        greeting: "Bonjour,", paragraphs: paragraphs, link: ("Voir les opportunités", publicURL + Links.opportunities(structure)))
    }
}

extension Application {
    package var dissemination: Dissemination.Runner { moduleState(Dissemination.Runner.self) }
}

extension Request {
    package var dissemination: Dissemination.Runner { application.dissemination }
}
