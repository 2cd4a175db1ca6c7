import Fluent
import Foundation
import SQLKit
import SQLiteNIO

/// The values of one stored row, by column. The whole-directory reads (50,000 structures, their
/// activities, 35,000 communes) go through it: on SQLite it reads the driver's values directly,
/// which is several times faster than SQLKit's `Decodable` path; elsewhere it uses SQLKit.
protocol StoredColumns {
    func text(_ column: String) throws -> String?
    func integer(_ column: String) throws -> Int?
    func double(_ column: String) throws -> Double?
    func bool(_ column: String) throws -> Bool?
    func date(_ column: String) throws -> Date?
    func uuid(_ column: String) throws -> UUID?
}

struct MissingValue: Error, CustomStringConvertible {
    var column: String
    var description: String { "La colonne « \(column) » est vide ou illisible." }
}

extension StoredColumns {
    func required<T>(_ value: T?, _ column: String) throws -> T {
        guard let value else { throw MissingValue(column: column) }
        return value
    }

    func text(required column: String) throws -> String { try required(text(column), column) }
    func integer(required column: String) throws -> Int { try required(integer(column), column) }
    func bool(required column: String) throws -> Bool { try required(bool(column), column) }
    func date(required column: String) throws -> Date { try required(date(column), column) }
    func uuid(required column: String) throws -> UUID { try required(uuid(column), column) }
}

/// Runs a query and hands every row to `body`.
enum StoredRows {
    static func each(_ query: String, on database: any Database, _ body: (any StoredColumns) throws -> Void) async throws {
        if let sqlite = database as? any SQLiteDatabase {
            for row in try await sqlite.query(query, []) { try body(SQLiteColumns(row: row)) }
        } else {
            for row in try await (database as! any SQLDatabase).raw(SQLQueryString(query)).all() { try body(SQLKitColumns(row: row)) }
        }
    }
}

private struct SQLiteColumns: StoredColumns {
    let row: SQLiteRow

    func text(_ column: String) throws -> String? {
        switch row.column(column) {
        case .text(let value): value
        case .integer(let value): String(value)
        case .float(let value): String(value)
        default: nil
        }
    }

    func integer(_ column: String) throws -> Int? {
        switch row.column(column) {
        case .integer(let value): Int(value)
        case .float(let value): Int(value)
        case .text(let value): Int(value)
        default: nil
        }
    }

    func double(_ column: String) throws -> Double? {
        switch row.column(column) {
        case .float(let value): value
        case .integer(let value): Double(value)
        case .text(let value): Double(value)
        default: nil
        }
    }

    func bool(_ column: String) throws -> Bool? {
        try integer(column).map { $0 != 0 }
    }

    func date(_ column: String) throws -> Date? {
        guard let data = row.column(column), data != .null else { return nil }
        return Date(sqliteData: data)
    }

    func uuid(_ column: String) throws -> UUID? {
        switch row.column(column) {
        case .blob(let buffer):
            guard buffer.readableBytes == 16, let bytes = buffer.getBytes(at: buffer.readerIndex, length: 16) else { return nil }
            return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7], bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
        case .text(let value):
            return UUID(uuidString: value)
        default:
            return nil
        }
    }
}

private struct SQLKitColumns: StoredColumns {
    let row: any SQLRow

    func text(_ column: String) throws -> String? { try row.decode(column: column, as: String?.self) }
    func integer(_ column: String) throws -> Int? { try row.decode(column: column, as: Int?.self) }
    func double(_ column: String) throws -> Double? { try row.decode(column: column, as: Double?.self) }
    func bool(_ column: String) throws -> Bool? { try row.decode(column: column, as: Bool?.self) }
    func date(_ column: String) throws -> Date? { try row.decode(column: column, as: Date?.self) }
    func uuid(_ column: String) throws -> UUID? { try row.decode(column: column, as: UUID?.self) }
}
