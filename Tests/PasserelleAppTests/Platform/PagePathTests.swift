import Foundation
@testable import PasserelleCommunity
@testable import PasserellePurchasing
import Testing
import Vapor
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// Every page's address is declared once, in its module's `<Module>Paths`, and used to register
/// its route and to build its links; templates get their links from their contexts.
@Suite("Typed paths")
struct PagePathTests {
    static let views = ModuleSources.sources.deletingLastPathComponent().appendingPathComponent("Resources/Views")

    /// The patterns declared in the `*Paths.swift` files, read from the sources.
    static func declaredPatterns() throws -> [String] {
        return try ModuleSources.all().filter { $0.path.hasSuffix("Paths.swift") }.flatMap { file -> [String] in
            let text = try file.text()
            return text.matches(of: try Regex(#"PagePath\("([^"]*)"\)"#)).compactMap { $0.output[1].substring.map(String.init) }
        }
    }

    @Test func aPathBuildsItsLinks() {
        let id = UUID(uuidString: "3F2504E0-4F89-11D3-9A0C-0305E82C3301")!
        #expect(DirectoryPaths.activity.link(id, 2) == "/structures/3f2504e0-4f89-11d3-9a0c-0305e82c3301/activites/2")
        #expect(CommunityPaths.theme.link("ess et territoires") == "/admin/themes/ess%20et%20territoires")
        #expect(PurchasingPaths.needs.link(query: [("etat", "publie")]) == "/besoins?etat=publie" && PurchasingPaths.needs.link(query: []) == "/besoins")
        #expect(PlatformPaths.home.link() == "/")
    }

    /// The registered page routes and the declared paths are the same set: nothing registered by a
    /// literal, nothing declared and left unused.
    @Test func everyPageRouteIsADeclaredPath() async throws {
        let patterns = try Self.declaredPatterns()
        let declared = Set(patterns)
        #expect(patterns.count > 100 && declared.count == patterns.count, "a path declared twice")
        try await withPasserelle(.reference) { app in
            let registered = Set(app.routes.all.map { "/" + $0.path.map(\.description).joined(separator: "/") }
                .filter { !$0.hasPrefix("/api/v1") })
            #expect(registered.subtracting(declared).sorted() == [], "registered without a declared path")
            #expect(declared.subtracting(registered).sorted() == [], "declared and never registered")
        }
    }

    /// Swift builds no page's path by hand either: a string that starts like a declared page
    /// (`"/besoins/…"`, `"/compte/…"`) outside its `PagePath` is a path written twice.
    @Test func swiftWritesNoPagePath() throws {
        let firsts = Set(try Self.declaredPatterns().compactMap { $0.split(separator: "/").first.map(String.init) }).subtracting(["api"])
        #expect(firsts.count > 10)
        let literal = try Regex(#""/([a-zé-]+)"#)
        var found: [String] = []
        for file in try ModuleSources.all() {
            for (number, line) in try file.text().split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.contains("PagePath(") {
                for match in line.matches(of: literal) where firsts.contains(String(match.output[1].substring ?? "")) {
                    found.append("\(file.path):\(number + 1) \(match.output[0].substring ?? "")")
                }
            }
        }
        #expect(found == [], "build the link from its module's path (`<Module>Paths.x.link(…)`)")
    }

    /// Templates write no page's path: they use their context's links (`layout.links`, or the
    /// page's own); only the static files (`/css`, `/js`, `/vendor`) are written as they are.
    @Test func templatesWriteNoPagePath() throws {
        var found: [String] = []
        var names: Set<String> = []
        for file in try FileManager.default.subpathsOfDirectory(atPath: Self.views.path) where file.hasSuffix(".leaf") {
            let text = try String(contentsOf: Self.views.appendingPathComponent(file), encoding: .utf8)
            for match in text.matches(of: try Regex(#"(?:href|action|src)="(/[^"]*)""#)) {
                let path = String(match.output[1].substring ?? "")
                if !["/css/", "/js/", "/vendor/", "/img/"].contains(where: path.hasPrefix) { found.append("\(file): \(path)") }
            }
            for match in text.matches(of: try Regex(#"layout\.links\.(\w+)"#)) { names.insert(String(match.output[1].substring ?? "")) }
        }
        #expect(found == [])
        #expect(names.subtracting(Modules.templateLinks.keys).sorted() == [], "a template names a link no module declares")
        let declaredNames = Modules.all.flatMap { $0.templateLinks.keys }
        #expect(declaredNames.count == Set(declaredNames).count, "two modules give a link the same name")
    }
}
