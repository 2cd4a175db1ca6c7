import Foundation
import PasserelleCore
import SQLKit

/// A value read from the database that no core type knows: a corrupt row, or one written by a
/// newer version of the platform. It is a fault of the server (500), logged with the row it lies
/// in, and never shown as some default (a corrupt need is not a draft).
package struct UnreadableStoredValue: Error, Equatable {
    package var table: String
    package var column: String
    package var id: String

    package init(table: String, column: String, id: String) {
        self.table = table
        self.column = column
        self.id = id
    }
}

extension RawRepresentable where RawValue == String {
    /// The value of `raw`, read from `table.column` of the row `id`; an unknown value throws.
    package static func stored(_ raw: String, table: String, column: String, id: some CustomStringConvertible) throws -> Self {
        guard let value = Self(rawValue: raw) else {
            throw UnreadableStoredValue(table: table, column: column, id: id.description.lowercased())
        }
        return value
    }

    /// The same for a column that may be empty.
    package static func stored(_ raw: String?, table: String, column: String, id: some CustomStringConvertible) throws -> Self? {
        try raw.map { try stored($0, table: table, column: column, id: id) }
    }
}

extension SQLRow {
    /// Decodes a row whose fields are core types (the tokens of the core's enums): a value that
    /// does not decode is an `UnreadableStoredValue` naming the table, the column and the row's id.
    package func decodeStored<Row: Decodable>(_ type: Row.Type, table: String, keys: SQLRowDecoder.KeyDecodingStrategy = .useDefaultKeys) throws -> Row {
        do {
            return try decode(model: Row.self, keyDecodingStrategy: keys)
        } catch let error as DecodingError {
            let path: [any CodingKey]
            switch error {
            case .keyNotFound(let key, let context):
                path = context.codingPath + [key]
            case .dataCorrupted(let context), .typeMismatch(_, let context), .valueNotFound(_, let context):
                path = context.codingPath
            @unknown default:
                throw error
            }
            let id = (try? decode(column: "id", as: UUID.self).uuidString) ?? (try? decode(column: "id", as: String.self)) ?? "?"
            throw UnreadableStoredValue(table: table, column: path.first?.stringValue ?? "?", id: id.lowercased())
        }
    }
}

extension SQLQueryFetcher {
    /// The rows, each decoded by `SQLRow.decodeStored`.
    package func all<Row: Decodable>(decoding type: Row.Type, table: String, keys: SQLRowDecoder.KeyDecodingStrategy = .useDefaultKeys) async throws -> [Row] {
        try await all().map { try $0.decodeStored(type, table: table, keys: keys) }
    }

    package func first<Row: Decodable>(decoding type: Row.Type, table: String, keys: SQLRowDecoder.KeyDecodingStrategy = .useDefaultKeys) async throws -> Row? {
        try await first().map { try $0.decodeStored(type, table: table, keys: keys) }
    }
}

extension RawRepresentable where RawValue == String {
    /// The values of a `|a|b|` list column (`BarList`); an unknown one throws, as `stored` does.
    package static func storedList(_ text: String, table: String, column: String, id: some CustomStringConvertible) throws -> [Self] {
        try BarList.split(text).map { try stored($0, table: table, column: column, id: id) }
    }
}

extension Perimeter {
    /// The perimeters of a column that lists their tokens separated by spaces; one that does not
    /// read throws, as `stored` does (a perimeter dropped would silently narrow a territory).
    package static func storedList(_ text: String, table: String, column: String, id: some CustomStringConvertible) throws -> [Perimeter] {
        try text.split(separator: " ").map { token in
            guard let perimeter = Perimeter(token: String(token)) else {
                throw UnreadableStoredValue(table: table, column: column, id: id.description.lowercased())
            }
            return perimeter
        }
    }
}

extension SQLRowDecoder.KeyDecodingStrategy {
    /// Camel-cased fields read from snake-cased columns, acronyms included (`eventID` from
    /// `event_id`, `onlineURL` from `online_url`): SQLKit's own `convertFromSnakeCase` makes
    /// `event_iD` of `eventID`.
    package static let snakeCaseColumns = SQLRowDecoder.KeyDecodingStrategy.custom { path in
        SomeCodingKey(stringValue: StoredColumnName.snakeCased(path.last?.stringValue ?? ""))
    }
}

extension SQLQueryEncoder.KeyEncodingStrategy {
    /// The way back of `SQLRowDecoder.KeyDecodingStrategy.snakeCaseColumns`, for inserts.
    package static let snakeCaseColumns = SQLQueryEncoder.KeyEncodingStrategy.custom { path in
        SomeCodingKey(stringValue: StoredColumnName.snakeCased(path.last?.stringValue ?? ""))
    }
}

package enum StoredColumnName {
    package static func snakeCased(_ name: String) -> String {
        var result = ""
        let characters = Array(name)
        for (index, character) in characters.enumerated() {
            if character.isUppercase, index > 0 {
                let previous = characters[index - 1]
                let nextIsLower = index + 1 < characters.count && characters[index + 1].isLowercase
                if previous.isLowercase || previous.isNumber || (previous.isUppercase && nextIsLower) { result.append("_") }
            }
            result.append(Character(character.lowercased()))
        }
        return result
    }
}
