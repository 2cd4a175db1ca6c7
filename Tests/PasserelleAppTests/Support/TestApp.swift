import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// What a test's database holds before the test starts.
enum Seed: String, Sendable {
    /// Schema and reference data only: an empty directory.
    case reference
    /// Reference data and the demo directory.
    case demo
}

/// Test databases are cloned from templates built once per test process: SQLite files are
/// copied; on PostgreSQL (`TEST_DATABASE_URL`), databases are created from a template database.
/// Every test gets its own database, so tests run in parallel on both.
actor TestDatabases {
    static let shared = TestDatabases()

    static var postgresURL: String? {
        ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }
    }

    private let folder: String = {
        let path = NSTemporaryDirectory() + "passerelle-tests-\(ProcessInfo.processInfo.processIdentifier)/"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }()

    private var templates: [Seed: Task<String, any Error>] = [:]
    private var referenceTask: Task<ReferenceData, any Error>?
    private var admin: Task<Application, any Error>?

    /// A fresh database for one test, as the app's configuration wants it.
    func database(_ seed: Seed) async throws -> AppConfig.DatabaseChoice {
        let template = try await template(seed)
        if let url = Self.postgresURL {
            let name = "passerelle_t_\(UUID().uuidString.prefix(8).lowercased())"
            try await adminSQL("CREATE DATABASE \(name) TEMPLATE \(template)")
            return .postgres(url: Self.replacingDatabase(in: url, with: name))
        }
        let path = folder + "test-\(UUID().uuidString).sqlite"
        try FileManager.default.copyItem(atPath: template, toPath: path)
        return .sqlite(path: path)
    }

    /// The reference data of every test database (they are all cloned from the same templates):
    /// read once, rather than 35,000 communes per test.
    func reference() async throws -> ReferenceData {
        if let referenceTask { return try await referenceTask.value }
        let task = Task {
            let database = try await self.database(.reference)
            let app = try await Application.make(.testing)
            do {
                try await configure(app, config: .testing(database: database))
                try await Preparation.loadReference(app)
                let reference = try app.platform.reference
                try await app.asyncShutdown()
                await self.drop(database)
                return reference
            } catch {
                try? await app.asyncShutdown()
                await self.drop(database)
                throw error
            }
        }
        referenceTask = task
        return try await task.value
    }

    /// Removes a test's database.
    func drop(_ database: AppConfig.DatabaseChoice) async {
        switch database {
        case .sqlite(let path):
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        case .postgres(let url):
            if let name = URLComponents(string: url)?.path.dropFirst() {
                try? await adminSQL("DROP DATABASE IF EXISTS \(name)")
            }
        case .sqliteMemory:
            break
        }
    }

    private func template(_ seed: Seed) async throws -> String {
        if let task = templates[seed] { return try await task.value }
        let task = Task { try await Self.buildTemplate(seed, folder: folder) }
        templates[seed] = task
        return try await task.value
    }

    private static func buildTemplate(_ seed: Seed, folder: String) async throws -> String {
        let choice: AppConfig.DatabaseChoice
        let result: String
        if let url = postgresURL {
            let name = "passerelle_tpl_\(seed.rawValue)_\(ProcessInfo.processInfo.processIdentifier)"
            try await shared.dropTemplatesOfEndedRuns()
            try await shared.adminSQL("DROP DATABASE IF EXISTS \(name)")
            try await shared.adminSQL("CREATE DATABASE \(name)")
            choice = .postgres(url: replacingDatabase(in: url, with: name))
            result = name
        } else {
            result = folder + "template-\(seed.rawValue).sqlite"
            choice = .sqlite(path: result)
        }
        let app = try await Application.make(.testing)
        do {
            try await configure(app, config: .testing(database: choice))
            try await Preparation.prepare(app)
            // Without the demo needs: the purchasing tests publish and count their own.
            if seed == .demo { try await Preparation.loadDemo(app, leaving: [.purchasing]) }
            if let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").run()
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
        return result
    }

    /// Templates are named after the test process; those of processes that ended are dropped, so
    /// that a developer's server does not fill up with them.
    private func dropTemplatesOfEndedRuns() async throws {
        struct Row: Decodable { var datname: String }
        let app = try await adminApp()
        let names = try await app.db.sql.raw("SELECT datname FROM pg_database WHERE datname LIKE 'passerelle_tpl_%'").all(decoding: Row.self, table: "pg_database",
            keys: .snakeCaseColumns).map(\.datname)
        for name in names {
            guard let pid = name.split(separator: "_").last.flatMap({ Int32($0) }), kill(pid, 0) != 0 else { continue }
            try? await adminSQL("DROP DATABASE IF EXISTS \(name)")
        }
    }

    private func adminApp() async throws -> Application {
        let task = admin ?? Task {
            let app = try await Application.make(.testing)
            try AppConfig.DatabaseChoice.postgres(url: Self.postgresURL!).register(on: app)
            return app
        }
        admin = task
        return try await task.value
    }

    private func adminSQL(_ statement: String) async throws {
        // One connection to the server's own database for CREATE and DROP DATABASE, made once
        // (the actor may be re-entered while it is being made).
        try await (adminApp().db.sql).raw(SQLQueryString(statement)).run()
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        var components = URLComponents(string: url)!
        components.path = "/" + name
        return components.string!
    }
}

/// Runs `body` with a configured application on its own database.
func withPasserelle(_ seed: Seed = .demo, adjusting adjust: (inout AppConfig) -> Void = { _ in }, _ body: (Application) async throws -> Void) async throws {
    let database = try await TestDatabases.shared.database(seed)
    let app = try await Application.make(.testing)
    do {
        var config = AppConfig.testing(database: database)
        adjust(&config)
        try await configure(app, config: config)
        app.platform.setReference(try await TestDatabases.shared.reference())
        try await app.directoryIndexCache.rebuild(on: app.db, reference: app.platform.reference, logger: app.logger)
        try await body(app)
    } catch {
        try? await app.asyncShutdown()
        await TestDatabases.shared.drop(database)
        throw error
    }
    try await app.asyncShutdown()
    await TestDatabases.shared.drop(database)
}

extension Application {
    /// Sends a request through the whole middleware stack, in memory.
    func get(_ path: String, headers: HTTPHeaders = [:]) async throws -> TestingHTTPResponse {
        try await testing().sendRequest(.GET, path, headers: headers)
    }

    func json<T: Decodable>(_ type: T.Type, from path: String) async throws -> T {
        let response = try await get(path)
        #expect(response.status == .ok, "\(path): \(response.body.text)")
        return try JSONDecoder().decode(T.self, from: Data(buffer: response.body))
    }
}

/// The API's JSON, read loosely: tests check the contract's field names, not Swift types.
struct JSONValue {
    let raw: Any

    init(_ data: Data) throws { raw = try JSONSerialization.jsonObject(with: data) }
    init(raw: Any) { self.raw = raw }

    subscript(key: String) -> JSONValue { JSONValue(raw: (raw as? [String: Any])?[key] ?? NSNull()) }
    subscript(index: Int) -> JSONValue { JSONValue(raw: (raw as? [Any]).flatMap { index < $0.count ? $0[index] : nil } ?? NSNull()) }
    var string: String? { raw as? String }
    var int: Int? { raw as? Int }
    var double: Double? { (raw as? NSNumber)?.doubleValue }
    var bool: Bool? { raw as? Bool }
    var array: [JSONValue] { (raw as? [Any] ?? []).map { JSONValue(raw: $0) } }
    var isNull: Bool { raw is NSNull }
    var keys: Set<String> { Set((raw as? [String: Any] ?? [:]).keys) }
}

extension TestingHTTPResponse {
    var json: JSONValue { get throws { try JSONValue(Data(buffer: body)) } }
}
