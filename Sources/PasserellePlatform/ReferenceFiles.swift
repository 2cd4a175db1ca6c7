import Crypto
import Fluent
import Foundation
import PasserelleCore
import SQLKit

/// A table of reference data shipped as a CSV file in `Resources/Reference/`, loaded into the
/// database on start-up when the file changed (by checksum), and not otherwise.
package struct ReferenceFile {
    package var file: String
    package var table: String
    package var columns: [String]
    /// Maps the CSV rows (by header name) to the values of `columns`.
    package var rows: @Sendable ([[String: String]]) -> [[any Encodable & Sendable]]

    /// A table with one database row per CSV row; `row` returns `nil` to skip a row.
    package init(file: String, table: String, columns: [String], row: @escaping @Sendable ([String: String]) -> [any Encodable & Sendable]?) {
        self.init(file: file, table: table, columns: columns, allRows: { $0.compactMap(row) })
    }

    package init(file: String, table: String, columns: [String], allRows: @escaping @Sendable ([[String: String]]) -> [[any Encodable & Sendable]]) {
        self.file = file
        self.table = table
        self.columns = columns
        self.rows = allRows
    }

    package enum LoadError: Error, CustomStringConvertible {
        case missing(String)
        case unreadable(String, String)

        package var description: String {
            switch self {
            case .missing(let path): "Fichier de référence introuvable : \(path). Lancez Passerelle depuis le dossier du projet."
            case .unreadable(let path, let reason): "Fichier de référence illisible : \(path) (\(reason))."
            }
        }
    }

    /// Loads the file when its checksum differs from the one recorded; returns whether it did.
    @discardableResult
    package func load(from directory: String, on database: any Database) async throws -> Bool {
        let path = directory + file
        guard let data = FileManager.default.contents(atPath: path) else { throw LoadError.missing(path) }
        let checksum = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        let key = "reference.\(table)"
        if try await PlatformState.value(key, on: database) == checksum { return false }
        guard let text = String(data: data, encoding: .utf8) else { throw LoadError.unreadable(path, "pas en UTF-8") }
        let records: [CSV.Record]
        do {
            records = try CSV.parse(text)
        } catch {
            throw LoadError.unreadable(path, error.message)
        }
        guard let header = records.first?.fields else { throw LoadError.unreadable(path, "vide") }
        let rows = self.rows(records.dropFirst().map { record in
            var named: [String: String] = [:]
            for (index, name) in header.enumerated() where index < record.fields.count {
                named[name] = record.fields[index]
            }
            return named
        })
        try await database.retryingTransaction { transaction in
            let sql = transaction.sql
            try await sql.delete(from: table).run()
            // Batches keep each statement under SQLite's limit of bound parameters.
            let batch = max(1, 30_000 / columns.count / 10)
            for start in stride(from: 0, to: rows.count, by: batch) {
                var insert = sql.insert(into: table).columns(columns)
                for values in rows[start..<min(start + batch, rows.count)] {
                    insert = insert.values(values.map { SQLBind($0) })
                }
                try await insert.run()
            }
            try await PlatformState.set(key, to: checksum, on: transaction)
        }
        return true
    }
}
