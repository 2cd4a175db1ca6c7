import Fluent
import SQLKit
import Vapor

/// Shared counters and markers in the `platform_state` table.
package enum PlatformState {
    package static func value(_ key: String, on database: any Database) async throws -> String? {
        let sql = database.sql
        return try await sql.select().column("value").from("platform_state").where("key", .equal, key)
            .first(decodingColumn: "value", as: String.self)
    }

    /// Forgets a key: the next start does again what it marked as done.
    package static func remove(_ key: String, on database: any Database) async throws {
        try await database.sql.delete(from: "platform_state").where("key", .equal, SQLBind(key)).run()
    }

    package static func set(_ key: String, to value: String, on database: any Database) async throws {
        let sql = database.sql
        let updated = try await sql.update("platform_state").set("value", to: value).set("updated_at", to: Date())
            .where("key", .equal, key).returning("key").all()
        if updated.isEmpty {
            try await sql.insert(into: "platform_state").columns("key", "value", "updated_at")
                .values(SQLBind(key), SQLBind(value), SQLBind(Date())).run()
        }
    }

    /// Increments an integer counter and returns its new value, in one statement: two instances
    /// counting at the same time both count (PostgreSQL locks the row for the second). Run it
    /// inside the transaction that made the change it counts.
    package static func increment(_ key: String, on database: any Database) async throws -> Int {
        let sql = database.sql
        let row = try await sql.raw("""
            INSERT INTO platform_state (key, value, updated_at) VALUES (\(bind: key), '1', \(bind: Date()))
            ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(platform_state.value AS INTEGER) + 1 AS TEXT), updated_at = excluded.updated_at
            RETURNING value
            """).first()
        guard let text = try row?.decode(column: "value", as: String.self), let value = Int(text) else {
            throw Abort(.internalServerError, reason: "Compteur « \(key) » illisible.")
        }
        return value
    }
}

extension PlatformState {
    /// Stores `value` unless the key already has one.
    package static func setIfAbsent(_ key: String, to value: String, on database: any Database) async throws {
        try await database.sql.raw("""
            INSERT INTO platform_state (key, value, updated_at) VALUES (\(bind: key), \(bind: value), \(bind: Date())) ON CONFLICT (key) DO NOTHING
            """).run()
    }
}
