import Fluent
import Vapor

/// What a module brings to the platform, declared in one place: the file `<Module>Module.swift` of
/// its folder. `Modules.all` lists them in the order of `ProductModule`, and that one list drives
/// `configure` (migrations, pages, account participants), `migrate` and `serve` (reference files,
/// first content, demo data, periodic jobs). Everything has a default: a module declares only what
/// it has.
package protocol ModuleDefinition {
    static var module: ProductModule { get }
    /// Its state for the application's lifetime (search indexes, runners), set up by `configure`
    /// before any request.
    static func configure(_ app: Application)
    /// Its migrations. They run in the order of their names (`0001-…`) across all modules, the
    /// order they were written in.
    static var migrations: [any AsyncMigration] { get }
    /// Its reference files (`Resources/Reference/`), loaded into their tables when they changed.
    static var referenceFiles: [ReferenceFile] { get }
    /// Its pages; `pages` is behind the sessions, the signed-in user and the CSRF check.
    static func registerPages(on pages: any RoutesBuilder) throws
    /// The pages that templates link to without a parameter, by the name templates use
    /// (`#(layout.links.needs)`); pages with parameters get their links from their contexts.
    static var templateLinks: [String: PagePath] { get }
    /// The operations of the API contract (`operationId`) that its files implement.
    static var apiOperations: Set<String> { get }
    /// Its part in an account's data download and deletion.
    static var accountParticipants: [AccountParticipant] { get }
    /// What it forgets on the platform's schedule; returns a count per kind of row, for the log.
    static func prune(on database: any Database, auditRetentionDays: Int, now: Date) async throws -> [String: Int]
    /// The content it writes once, on every start (`serve`, `migrate`).
    static func loadFirstContent(_ app: Application) async throws
    /// Its demo data (`serve --demo`, outside production), after the modules before it.
    static func loadDemo(_ app: Application) async throws
    /// Its periodic jobs, started by `serve`.
    static func jobs(_ app: Application) -> [PeriodicJob]
}

extension ModuleDefinition {
    package static func configure(_ app: Application) {}
    package static var migrations: [any AsyncMigration] { [] }
    package static var referenceFiles: [ReferenceFile] { [] }
    package static func registerPages(on pages: any RoutesBuilder) throws {}
    package static var apiOperations: Set<String> { [] }
    package static var templateLinks: [String: PagePath] { [:] }
    package static var accountParticipants: [AccountParticipant] { [] }
    package static func prune(on database: any Database, auditRetentionDays: Int, now: Date) async throws -> [String: Int] { [:] }
    package static func loadFirstContent(_ app: Application) async throws {}
    package static func loadDemo(_ app: Application) async throws {}
    package static func jobs(_ app: Application) -> [PeriodicJob] { [] }
}
