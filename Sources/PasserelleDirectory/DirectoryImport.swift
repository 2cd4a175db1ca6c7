import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import SQLKit

/// Bulk writes to the directory: imports from files, demo and benchmark data. One transaction per
/// call: a failure or a killed process leaves the directory as it was.
package enum DirectoryImport {
    package enum Format: String, CaseIterable, Sendable {
        case csv
        case dataInclusion = "data-inclusion"
    }

    package struct Problem: Sendable, Equatable {
        package var line: Int
        package var column: String
        package var reason: String

        package init(line: Int, column: String, reason: String) {
            self.line = line
            self.column = column
            self.reason = reason
        }
    }

    package struct Report: Sendable {
        package var read = 0
        package var created = 0
        package var updated = 0
        package var unchanged = 0
        /// Partner organisations of a data·inclusion file (structures that are not employers).
        package var partners = (created: 0, updated: 0, unchanged: 0)
        package var problems: [Problem] = []
        /// Values left out of rows that were imported without them.
        package var notes: [Problem] = []
        /// Whether anything was written.
        package var applied = false

        package init(read: Int) {
            self.read = read
        }

        package var invalidRows: Int { Set(problems.map(\.line)).count }
    }

    package enum Failure: Error, CustomStringConvertible {
        case unreadable(String)

        package var description: String {
            switch self {
            case .unreadable(let message): message
            }
        }
    }

    /// Reads a file and imports its valid rows. By default nothing is written when a row is
    /// invalid; with `skipInvalid` the valid rows are.
    package static func importFile(
        _ data: Data, format: Format, skipInvalid: Bool, actor: String, reference: ReferenceData, participants: DirectoryParticipants,
        on database: any Database, now: Date = Date()
    ) async throws -> Report {
        let year = Calendar(identifier: .gregorian).component(.year, from: now)
        let rows: [StructureSheet.ParsedRow]
        do {
            switch format {
            case .csv:
                guard let text = String(data: data, encoding: .utf8) else {
                    throw Failure.unreadable("Le fichier n’est pas encodé en UTF-8. Dans Excel, enregistrez-le au format « CSV UTF-8 (délimité par des points-virgules) ».")
                }
                rows = try StructureSheet.read(text, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, currentYear: year, now: now)
            case .dataInclusion:
                rows = try DataInclusion.read(data, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, currentYear: year, now: now)
            }
        } catch let error as StructureSheet.SheetError {
            throw Failure.unreadable(error.message)
        }
        var report = Report(read: rows.count)
        for row in rows {
            for problem in row.problems {
                report.problems.append(Problem(line: row.line, column: problem.field, reason: problem.message))
            }
            for note in row.notes {
                report.notes.append(Problem(line: row.line, column: note.field, reason: note.message))
            }
        }
        let valid = rows.compactMap { row in row.structure.map { (line: row.line, structure: $0, id: row.id) } }
        // The same organisation twice in a file: the first description counts.
        var seenPartners = Set<String>()
        let partners = rows.compactMap(\.partner).filter { seenPartners.insert($0.sourceId).inserted }
        if !report.problems.isEmpty && !skipInvalid { return report }
        let (outcome, partnerCounts) = try await database.retryingTransaction { transaction in
            let outcome = try await write(valid, actor: actor, on: transaction, now: now)
            let counts = try await participants.savePartners(partners, transaction, now)
            if counts.created + counts.updated > 0 {
                try await Audit.record(.partnersImported, actorID: nil, actor: actor, object: "organisations:import",
                                       detail: "\(counts.created) créée(s), \(counts.updated) mise(s) à jour", address: nil, on: transaction, at: now)
            }
            return (outcome, counts)
        }
        report.partners = partnerCounts
        for duplicate in outcome.duplicates {
            report.problems.append(Problem(line: duplicate.line, column: "", reason: "Cette structure figure déjà ligne \(duplicate.firstLine) : ligne ignorée."))
        }
        report.created = outcome.creations.count
        report.updated = outcome.updates.count
        report.unchanged = outcome.unchanged
        report.applied = true
        return report
    }

    /// Creates or updates structures in one transaction and records each change.
    @discardableResult
    package static func write(_ incoming: [(line: Int, structure: Structure, id: UUID?)], actor: String, on database: any Database, now: Date = Date()) async throws -> ImportPlan {
        try await database.retryingTransaction { transaction in
            let existing = try await DirectoryQueries.allStructures(on: transaction, includingHidden: true)
            let plan = ImportPlan(incoming: incoming, existing: existing, now: now)
            let sql = transaction.sql
            var changes: [[any Encodable & Sendable]] = []
            var structureRows: [[any Encodable & Sendable]] = []
            var activityRows: [[any Encodable & Sendable]] = []
            for structure in plan.creations {
                structureRows.append(DirectoryQueries.StructureRow(structure, createdAt: now).values)
                for (position, activity) in structure.activities.enumerated() {
                    activityRows.append(DirectoryQueries.ActivityRow(activity, structure: structure.id, position: position).values)
                }
                changes.append([UUID(), structure.id, now, actor, "created", "fiche créée"])
            }
            for update in plan.updates {
                try await DirectoryQueries.replaceFields(of: update.after, on: sql)
                try await sql.delete(from: "structure_activities").where("structure_id", .equal, update.after.id).run()
                for (position, activity) in update.after.activities.enumerated() {
                    activityRows.append(DirectoryQueries.ActivityRow(activity, structure: update.after.id, position: position).values)
                }
                changes.append([UUID(), update.after.id, now, actor, "updated", ImportPlan.summary(from: update.before, to: update.after)])
            }
            try await insert(structureRows, into: "structures", columns: DirectoryQueries.StructureRow.columns, on: sql)
            try await insert(activityRows, into: "structure_activities", columns: DirectoryQueries.ActivityRow.columns, on: sql)
            try await insert(changes, into: "structure_changes", columns: ["id", "structure_id", "at", "actor", "action", "summary"], on: sql)
            if !plan.creations.isEmpty || !plan.updates.isEmpty {
                _ = try await PlatformState.increment(DirectoryQueries.revisionKey, on: transaction)
            }
            return plan
        }
    }

    package static func insert(_ rows: [[any Encodable & Sendable]], into table: String, columns: [String], on sql: any SQLDatabase) async throws {
        guard !rows.isEmpty else { return }
        // SQLite accepts at most 32,766 bound parameters per statement.
        let batch = max(1, 20_000 / columns.count)
        for start in stride(from: 0, to: rows.count, by: batch) {
            var insert = sql.insert(into: table).columns(columns)
            for values in rows[start..<min(start + batch, rows.count)] {
                insert = insert.values(values.map { SQLBind($0) })
            }
            try await insert.run()
        }
    }
}
