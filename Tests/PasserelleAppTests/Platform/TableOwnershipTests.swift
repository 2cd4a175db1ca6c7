import Foundation
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// Each module owns its tables (`ProductModule.tables`): no other module names them in SQL.
@Suite("Modules own their tables")
struct TableOwnershipTests {
    /// The tables that a file names but does not own, by the rules of `ProductModule`.
    static func trespasses(path: String, source: String) -> [SQLTableScanner.Reference] {
        let folder = String(path.prefix { $0 != "/" })
        let module = ProductModule(rawValue: folder)
        let excused = ProductModule.historicMigrations.first { $0.file == path }?.tables ?? []
        return SQLTableScanner.references(in: source).filter { reference in
            guard let owner = ProductModule.owner(of: reference.table) else { return false }
            return owner != module && !excused.contains(reference.table)
        }
    }

    @Test func everyTableIsNamedOnlyByItsOwner() throws {
        var trespasses: [String] = []
        let files = try ModuleSources.all()
        for file in files {
            trespasses += Self.trespasses(path: file.path, source: try file.text()).map { "\(file.path) \($0)" }
        }
        #expect(files.count > 100, "the sources were not found at \(ModuleSources.sources.path)")
        #expect(trespasses == [], "SQL on another module's table: ask its owner's query functions instead")
    }

    /// A table that no module lists would be named by anyone unseen: every table a migration
    /// makes or changes has its owner, the module whose folder holds the migration (the historic
    /// migrations' exceptions aside).
    @Test func everyTableOfAMigrationIsOwnedByItsModule() throws {
        var unowned: [String] = []
        for file in try ModuleSources.all() where file.path.contains("/Migrations/") || file.path.hasPrefix("Platform/M0") {
            let excused = ProductModule.historicMigrations.first { $0.file == file.path }?.tables ?? []
            for match in try file.text().matches(of: /schema\("([a-z_]+)"\)/) where !excused.contains(String(match.output.1)) {
                let table = String(match.output.1)
                let owner = ProductModule.owner(of: table)
                if owner?.folder != file.folder { unowned.append("\(file.path): \(table) (\(owner?.folder ?? "no owner"))") }
            }
        }
        #expect(unowned == [])
    }

    @Test func everyTableHasOneOwner() {
        let all = ProductModule.allCases.flatMap(\.tables)
        #expect(all.count == Set(all).count)
    }

    @Test func aDeliberateTrespassIsCaught() {
        let purchasing = #"""
            let sql = database.sql
            let names = try await sql.raw("""
                SELECT n.title, u.name FROM needs n
                JOIN users u ON u.id = n.created_by
                """).all()
            try await sql.update("organisations").set("trusted_buyer", to: SQLBind(true)).run()
            try await sql.select().column("id").from("needs").all()
            """#
        #expect(Self.trespasses(path: "Purchasing/NeedStore.swift", source: purchasing).map(\.table) == ["organisations", "users"])
        #expect(Self.trespasses(path: "Accounts/AccountQueries.swift", source: purchasing).map(\.table) == ["needs", "needs"])
    }

    @Test func foreignKeysAndHistoricMigrationsAreNotTrespasses() {
        let migration = #"""
            try await database.schema("need_answers")
                .field("structure_id", .uuid, .required, .references("structures", "id"))
                .create()
            try await database.schema("organisations").field("opportunity_mail", .string).update()
            """#
        #expect(Self.trespasses(path: "Purchasing/Migrations/M0015CreateDeliveriesAndAnswers.swift", source: migration).isEmpty)
        #expect(Self.trespasses(path: "Purchasing/Migrations/M0099Other.swift", source: migration).map(\.table) == ["organisations"])
    }
}
