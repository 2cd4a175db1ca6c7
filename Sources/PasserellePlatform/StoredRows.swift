import Fluent
import Foundation
import SQLKit
import SQLiteNIO

/// The values of one stored row, by column. The whole-directory reads (50,000 structures, their
/// activities, 35,000 communes) go through it: on SQLite it reads the driver's values directly,
/// which is several times faster than SQLKit's `Decodable` path; elsewhere it uses SQLKit. A
/// concrete type rather than a protocol, so that the two million reads of a start-up are
/// dispatched statically.
package struct StoredColumns {
    fileprivate enum Storage {
        case sqlite(SQLiteColumns)
        case sqlKit(SQLKitColumns)
    }

    fileprivate let storage: Storage

    package func text(_ column: String) throws -> String? {
        switch storage {
        case .sqlite(let row): row.text(column)
        case .sqlKit(let row): try row.text(column)
        }
    }

    package func integer(_ column: String) throws -> Int? {
        switch storage {
        case .sqlite(let row): row.integer(column)
        case .sqlKit(let row): try row.integer(column)
        }
    }

    package func double(_ column: String) throws -> Double? {
        switch storage {
        case .sqlite(let row): row.double(column)
        case .sqlKit(let row): try row.double(column)
        }
    }

    package func bool(_ column: String) throws -> Bool? {
        switch storage {
        case .sqlite(let row): row.integer(column).map { $0 != 0 }
        case .sqlKit(let row): try row.bool(column)
        }
    }

    package func date(_ column: String) throws -> Date? {
        switch storage {
        case .sqlite(let row): row.date(column)
        case .sqlKit(let row): try row.date(column)
        }
    }

    package func uuid(_ column: String) throws -> UUID? {
        switch storage {
        case .sqlite(let row): row.uuid(column)
        case .sqlKit(let row): try row.uuid(column)
        }
    }

    package func text(required column: String) throws -> String { try Self.required(text(column), column) }
    package func integer(required column: String) throws -> Int { try Self.required(integer(column), column) }
    package func bool(required column: String) throws -> Bool { try Self.required(bool(column), column) }
    package func date(required column: String) throws -> Date { try Self.required(date(column), column) }
    package func uuid(required column: String) throws -> UUID { try Self.required(uuid(column), column) }

    private static func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else { throw MissingValue(column: column) }
        return value
    }
}

package struct MissingValue: Error, CustomStringConvertible {
    package var column: String
    package var description: String { "La colonne « \(column) » est vide ou illisible." }
}

/// Runs a query and hands every row to `body`.
package enum StoredRows {
    /// `body` is called once per row, in order, before `each` returns.
    package static func each(_ query: String, on database: any Database, _ body: @escaping (StoredColumns) throws -> Void) async throws {
        if let sqlite = database as? any SQLiteDatabase {
            // The connection's own query hands each row over on the reading thread; the
            // database-level one would queue a task on the event loop per row.
            let sink = RowSink(body)
            try await sqlite.withConnection { connection in
                try await connection.query(query, []) { row in sink.take(row) }
            }
            if let error = sink.error { throw error }
        } else {
            for row in try await database.sql.raw(SQLQueryString(query)).all() { try body(StoredColumns(storage: .sqlKit(SQLKitColumns(row: row)))) }
        }
    }
}

/// Receives the rows of one SQLite query, one after the other on the thread that reads them,
/// while the caller waits: nothing runs concurrently with `body`, hence the unchecked `Sendable`.
private final class RowSink: @unchecked Sendable {
    private let body: (StoredColumns) throws -> Void
    private(set) var error: (any Error)?

    init(_ body: @escaping (StoredColumns) throws -> Void) { self.body = body }

    func take(_ row: SQLiteRow) {
        guard error == nil else { return }
        do { try body(StoredColumns(storage: .sqlite(SQLiteColumns(row: row)))) } catch { self.error = error }
    }
}

private struct SQLiteColumns {
    let row: SQLiteRow

    func text(_ column: String) -> String? {
        switch row.column(column) {
        case .text(let value): value
        case .integer(let value): String(value)
        case .float(let value): String(value)
        default: nil
        }
    }

    func integer(_ column: String) -> Int? {
        switch row.column(column) {
        case .integer(let value): Int(value)
        case .float(let value): Int(value)
        case .text(let value): Int(value)
        default: nil
        }
    }

    func double(_ column: String) -> Double? {
        switch row.column(column) {
        case .float(let value): value
        case .integer(let value): Double(value)
        case .text(let value): Double(value)
        default: nil
        }
    }

    func date(_ column: String) -> Date? {
        guard let data = row.column(column), data != .null else { return nil }
        return Date(sqliteData: data)
    }

    func uuid(_ column: String) -> UUID? {
        switch row.column(column) {
        case .blob(let buffer):
            guard buffer.readableBytes == 16, let bytes = buffer.getBytes(at: buffer.readerIndex, length: 16) else { return nil }
            return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        case .text(let value):
            return UUIDText.parse(value)
        default:
            return nil
        }
    }
}

/// The canonical text form of a UUID ("8-4-4-4-12" hexadecimal digits), as SQLite stores ids.
package enum UUIDText {
    /// Foundation's parser goes through `sscanf`, which was most of the cost of reading 150,000
    /// ids at start-up.
    package static func parse(_ text: String) -> UUID? {
        let utf8 = text.utf8
        return utf8.withContiguousStorageIfAvailable { characters -> UUID? in
            guard characters.count == 36 else { return nil }
            var uuid: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
            let parsed = withUnsafeMutableBytes(of: &uuid) { bytes -> Bool in
                var byte = 0, index = 0
                while index < 36 {
                    if index == 8 || index == 13 || index == 18 || index == 23 {
                        guard characters[index] == UInt8(ascii: "-") else { return false }
                        index += 1
                        continue
                    }
                    guard let high = hexValue(characters[index]), let low = hexValue(characters[index + 1]) else { return false }
                    bytes[byte] = high << 4 | low
                    byte += 1
                    index += 2
                }
                return true
            }
            return parsed ? UUID(uuid: uuid) : nil
        } ?? nil
    }

    private static func hexValue(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}

private struct SQLKitColumns {
    let row: any SQLRow

    func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
    func integer(_ column: String) throws -> Int? { try row.decode(column: column, as: Int?.self) }
    func double(_ column: String) throws -> Double? { try row.decode(column: column, as: Double?.self) }
    func bool(_ column: String) throws -> Bool? { try row.decode(column: column, as: Bool?.self) }
    func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Date?.self) }
    func uuid(_ column: String) throws -> UUID? { try row.decode(column: column, as: UUID?.self) }
}
