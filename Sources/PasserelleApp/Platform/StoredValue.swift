import Foundation

/// A value read from the database that no core type knows: a corrupt row, or one written by a
/// newer version of the platform. It is a fault of the server (500), logged with the row it lies
/// in, and never shown as some default (a corrupt need is not a draft).
struct UnreadableStoredValue: Error, Equatable {
    var table: String
    var column: String
    var id: String
}

extension RawRepresentable where RawValue == String {
    /// The value of `raw`, read from `table.column` of the row `id`; an unknown value throws.
    static func stored(_ raw: String, table: String, column: String, id: some CustomStringConvertible) throws -> Self {
        guard let value = Self(rawValue: raw) else {
            throw UnreadableStoredValue(table: table, column: column, id: id.description.lowercased())
        }
        return value
    }

    /// The same for a column that may be empty.
    static func stored(_ raw: String?, table: String, column: String, id: some CustomStringConvertible) throws -> Self? {
        try raw.map { try stored($0, table: table, column: column, id: id) }
    }
}
