import Foundation
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// The product's source files by module, for the tests that read them (ownership of tables,
/// directions of calls, shapes of records, paths): each named `<module folder>/<path>`. Each module
/// is a target of its own (`Sources/Passerelle<Module>`); the assembly and the benchmark's commands
/// are folders of `Sources/PasserelleApp`.
enum ModuleSources {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")
    static let app = sources.appendingPathComponent("PasserelleApp")
    /// The modules that are targets of their own, by their folders.
    static let targets: [ProductModule: URL] = [
        .platform: sources.appendingPathComponent("PasserellePlatform"), .territory: sources.appendingPathComponent("PasserelleTerritory"),
        .directory: sources.appendingPathComponent("PasserelleDirectory"), .accounts: sources.appendingPathComponent("PasserelleAccounts"),
        .purchasing: sources.appendingPathComponent("PasserellePurchasing"), .services: sources.appendingPathComponent("PasserelleServices"),
        .community: sources.appendingPathComponent("PasserelleCommunity"), .journeys: sources.appendingPathComponent("PasserelleJourneys"),
        .jobs: sources.appendingPathComponent("PasserelleJobs"),
    ]
    static let contract = sources.appendingPathComponent("PasserelleAPI/openapi.yaml")

    struct File {
        /// `Platform/Database.swift`, `Directory/DirectoryQueries.swift`…
        var path: String
        var url: URL
        var folder: String { String(path.prefix { $0 != "/" }) }
        func text() throws -> String { try String(contentsOf: url, encoding: .utf8) }
    }

    /// Every Swift file of the modules, those of their own targets included.
    static func all() throws -> [File] {
        var files = try FileManager.default.subpathsOfDirectory(atPath: app.path).filter { $0.hasSuffix(".swift") }
            .map { File(path: $0, url: app.appendingPathComponent($0)) }
        for (module, root) in targets.sorted(by: { $0.key.folder < $1.key.folder }) {
            files += try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.hasSuffix(".swift") }
                .map { File(path: module.folder + "/" + $0, url: root.appendingPathComponent($0)) }
        }
        return files
    }

    /// The files of one module's folder.
    static func files(of module: ProductModule) throws -> [File] {
        try all().filter { $0.folder == module.folder }
    }
}
