import Foundation
@testable import PasserellePlatform

/// The product's source files by module, for the tests that read them (ownership of tables,
/// directions of calls, shapes of records, paths): each named `<module folder>/<path>`. The
/// platform is a target of its own (`Sources/PasserellePlatform`), the other modules are folders of
/// `Sources/PasserelleApp`.
enum ModuleSources {
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")
    static let app = sources.appendingPathComponent("PasserelleApp")
    static let platform = sources.appendingPathComponent("PasserellePlatform")
    static let contract = sources.appendingPathComponent("PasserelleAPI/openapi.yaml")

    struct File {
        /// `Platform/Database.swift`, `Directory/DirectoryQueries.swift`…
        var path: String
        var url: URL
        var folder: String { String(path.prefix { $0 != "/" }) }
        func text() throws -> String { try String(contentsOf: url, encoding: .utf8) }
    }

    /// Every Swift file of the modules, the platform's included.
    static func all() throws -> [File] {
        let platformFiles = try FileManager.default.subpathsOfDirectory(atPath: platform.path).filter { $0.hasSuffix(".swift") }
            .map { File(path: ProductModule.platform.folder + "/" + $0, url: platform.appendingPathComponent($0)) }
        let appFiles = try FileManager.default.subpathsOfDirectory(atPath: app.path).filter { $0.hasSuffix(".swift") }
            .map { File(path: $0, url: app.appendingPathComponent($0)) }
        return platformFiles + appFiles
    }

    /// The files of one module's folder.
    static func files(of module: ProductModule) throws -> [File] {
        try all().filter { $0.folder == module.folder }
    }
}
