import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

extension AppConfig.DatabaseChoice {
    /// Registers the database: SQLite by default, PostgreSQL when DATABASE_URL is set.
    package func register(on app: Application) throws {
        switch self {
        case .sqlite(let path):
            app.databases.use(.sqlite(.file(path), connectionPoolTimeout: .seconds(10)), as: .sqlite)
        case .sqliteMemory:
            app.databases.use(.sqlite(.memory, connectionPoolTimeout: .seconds(10)), as: .sqlite)
        case .postgres(let url):
            var configuration = try SQLPostgresConfiguration(url: url)
            // Fail fast when the server is down: callers get a 503 instead of waiting.
            configuration.coreConfiguration.options.connectTimeout = .seconds(2)
            app.databases.use(
                .postgres(
                    configuration: configuration, maxConnectionsPerEventLoop: 4,
                    connectionPoolTimeout: .seconds(3), sqlLogLevel: .debug
                ),
                as: .psql
            )
        }
    }

    package var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// A description without the password, for logs.
    package var safeDescription: String {
        switch self {
        case .sqlite(let path): return "SQLite (\(path))"
        case .sqliteMemory: return "SQLite (mémoire)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "PostgreSQL" }
            components.password = components.password == nil ? nil : "***"
            return "PostgreSQL (\(components.string ?? "?"))"
        }
    }
}

/// Settings that make SQLite fit a web server: write-ahead logging so that readers never wait
/// for a writer, and a busy timeout instead of immediate "database is locked" errors.
package enum SQLiteTuning {
    package static func apply(to database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw("PRAGMA journal_mode=WAL").run()
        try await sql.raw("PRAGMA busy_timeout=5000").run()
        try await sql.raw("PRAGMA synchronous=NORMAL").run()
    }
}

/// The pattern of a case-insensitive "contains" search in SQL (`LOWER(column) LIKE pattern`):
/// nil for an empty search; the LIKE wildcards a user types are dropped rather than obeyed.
package enum ContainsPattern {
    package static func of(_ text: String?) -> String? {
        guard let text = text?.lowercased(), !text.isEmpty else { return nil }
        return "%" + text.replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
    }
}

extension Database {
    /// A transaction, run again when SQLite refuses it `SQLITE_BUSY_SNAPSHOT`: a transaction that
    /// began by reading cannot write once another connection has written since (the outbox job,
    /// another user), and no busy timeout helps. Nothing was written, so running it again is safe.
    package func retryingTransaction<T: Sendable>(_ closure: @escaping @Sendable (any Database) async throws -> T) async throws -> T {
        var attempt = 0
        let job = BackgroundExecutor.isJob
        while true {
            do {
                return try await transaction { database in try await BackgroundExecutor.continuing(job: job) { try await closure(database) } }
            } catch let error as SQLiteError where error.reason == .busyInSnapshot && attempt < 5 {
                attempt += 1
                try await Task.sleep(for: .milliseconds(5 * attempt))
            }
        }
    }
}

extension Array {
    /// Slices of `size` elements: rows are written a few hundred per statement, within the
    /// databases' limits on bound values.
    package func chunked(into size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

extension Database {
    /// The SQL side of the database. Both drivers registered by `DatabaseChoice` (SQLite and
    /// PostgreSQL) are SQL databases, so this cast cannot fail; it is written here once.
    package var sql: any SQLDatabase { self as! any SQLDatabase }
}
