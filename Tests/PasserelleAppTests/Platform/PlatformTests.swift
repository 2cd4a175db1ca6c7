import Foundation
import PasserelleCore
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Platform: health, metrics, API contract, configuration")
struct PlatformTests {
    @Test func healthAndReadiness() async throws {
        try await withPasserelle(.reference) { app in
            let body717 = try await app.get("/healthz").json
            #expect(body717["status"].string == "ok")
            let body785 = try await app.get("/readyz").json
            #expect(body785["status"].string == "ready")
        }
    }

    /// An address that leads nowhere is said in French, on a page and in the API.
    @Test func anUnknownAddressIsSaidInFrench() async throws {
        try await withPasserelle(.reference) { app in
            let page = try await app.get("/nulle-part")
            #expect(page.status == .notFound && page.body.text.contains("Cette adresse ne mène à aucune page") && !page.body.text.contains("Not Found"))
            let api = try await app.get("/api/v1/nulle-part")
            #expect(api.status == .notFound)
            #expect(try api.json["reason"].string == "Cette adresse ne mène à aucune page : elle a peut-être changé, ou la page a été retirée.")
        }
    }

    @Test func metricsCountRequestsByRoutePattern() async throws {
        try await withPasserelle { app in
            let id = try #require(try await app.directoryIndex().structures.first?.id)
            _ = try await app.get("/structures/\(id.uuidString)")
            _ = try await app.get("/api/v1/structures?size=1")
            let text = try await app.get("/metrics").body.text
            #expect(text.contains("# TYPE passerelle_http_requests_total counter"))
            #expect(text.contains("passerelle_http_requests_total{method=\"GET\",route=\"/structures/:id\",status=\"200\"} 1"))
            #expect(text.contains("passerelle_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/structures\",status=\"200\",le=\"+Inf\"} 1"))
        }
    }

    @Test func everyOperationOfTheContractIsRouted() async throws {
        try await withPasserelle(.reference) { app in
            let document = try await app.get("/api/openapi.json").json
            #expect(document["openapi"].string == "3.1.0")
            let paths = try #require(document["paths"].raw as? [String: Any])
            let routes = Set(app.routes.all.map { route in
                "\(route.method.rawValue) /" + route.path.map { component -> String in
                    if case .parameter(let name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
            })
            for (path, methods) in paths {
                for method in (methods as? [String: Any] ?? [:]).keys {
                    #expect(routes.contains("\(method.uppercased()) \(path)"), "\(method) \(path) is not routed")
                }
            }
            #expect(!paths.isEmpty)
        }
    }

    @Test func configurationIsReadAndCheckedAtOnce() throws {
        let defaults = try AppConfig.load(from: [:])
        #expect(defaults.database == .sqlite(path: "./passerelle.sqlite"))
        #expect(defaults.environment == .development)
        let postgres = try AppConfig.load(from: ["DATABASE_URL": "postgres://u:p@localhost:5432/p", "APP_ENV": "production"])
        #expect(postgres.database == .postgres(url: "postgres://u:p@localhost:5432/p"))
        #expect(postgres.database.safeDescription.contains("***"))
        #expect(!postgres.database.safeDescription.contains(":p@"))
        #expect(throws: AppConfig.Invalid.self) { try AppConfig.load(from: ["APP_ENV": "prod", "DATABASE_URL": "mysql://x", "LOG_LEVEL": "loud"]) }
        do {
            _ = try AppConfig.load(from: ["APP_ENV": "prod", "DATABASE_URL": "mysql://x"])
        } catch let error as AppConfig.Invalid {
            #expect(error.problems.count == 2)
        }
    }

    @Test func anotherInstancesWriteIsSeenThroughTheRevision() async throws {
        try await withPasserelle(.reference) { app in
            let store = DirectoryIndexCache()
            let reference = try app.platform.reference
            let before = try await store.current(on: app.db, reference: reference, refreshEvery: 0.001, logger: app.logger).count
            let structure = Structure(name: "Atelier ailleurs", kind: .aci, communeCode: "59350", activities: [])
            try await DirectoryImport.write([(line: 1, structure: structure, id: nil)], actor: "autre instance", on: app.db)
            try await Task.sleep(for: .milliseconds(5))
            #expect(try await store.current(on: app.db, reference: reference, refreshEvery: 0.001, logger: app.logger).count == before + 1)
        }
    }
}

@Suite("HTML fragments")
struct HTMLFragmentTests {
    @Test func everyValueIsEscaped() {
        let choice = HTMLFragments.Choice(value: "a\"b", label: "<script>&'", chosen: true)
        #expect(HTMLFragments.options([choice]) == "<option value=\"a&quot;b\" selected>&lt;script&gt;&amp;&#39;</option>")
        let box = HTMLFragments.checkbox(id: "x\"", name: "n", HTMLFragments.Choice(value: "v", label: "L", chosen: false))
        #expect(box == "<div class=\"check\"><input type=\"checkbox\" id=\"x&quot;\" name=\"n\" value=\"v\"><label for=\"x&quot;\">L</label></div>")
    }
}

@Suite("Stored rows")
struct StoredRowsTests {
    @Test func uuidsAreReadFromTheirTextInEitherCase() {
        let id = UUID()
        #expect(UUIDText.parse(id.uuidString) == id)
        #expect(UUIDText.parse(id.uuidString.lowercased()) == id)
        #expect(UUIDText.parse("00000000-0000-0000-0000-00000000000F") == UUID(uuidString: "00000000-0000-0000-0000-00000000000F"))
    }

    @Test func textThatIsNotAUUIDIsRefused() {
        for text in ["", "not a uuid", "00000000-0000-0000-0000-00000000000G", "000000000-000-0000-0000-000000000000", "00000000-0000-0000-0000-0000000000000"] {
            #expect(UUIDText.parse(text) == nil, "\(text)")
        }
    }
}

@Suite("Platform state")
struct PlatformStateTests {
    @Test func concurrentIncrementsAllCount() async throws {
        try await withPasserelle(.reference) { app in
            let values = try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await app.db.transaction { try await PlatformState.increment("essai", on: $0) } }
                }
                return try await group.reduce(into: [Int]()) { $0.append($1) }
            }
            #expect(values.sorted() == Array(1...8))
            #expect(try await PlatformState.value("essai", on: app.db) == "8")
        }
    }
}
