import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// The barriers map of a commune: for each category of help, whether services can be reached on
/// site, only remotely, or not at all; the gaps first. Public, like the search it is made from.
package struct BarrierPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicesPaths.barriers, use: page)
        routes.get(ServicesPaths.barriersCSV, use: export)
    }

    package struct RowContext: Encodable {
        package var category: String
        package var coverage: String
        package var coverageClass: String
        package var onSite: Int
        package var remote: Int
        package var nearest: String?
        package var uncovered: [String]
        package var searchHref: String
    }

    package struct Context: Encodable {
        package var layout: Layout
        package var communeText: String
        package var communeCode: String
        package var problem: String?
        package var heading: String?
        package var summary: String?
        package var gaps: [RowContext]
        package var rows: [RowContext]
        package var csvHref: String?
    }

    /// The commune the request names, the text typed, and what is wrong with it.
    package static func commune(_ request: Request, gazetteer: Gazetteer) -> (commune: Commune?, typed: String, problem: String?) {
        let typed = ((try? request.query.get(String.self, at: "commune_q")) ?? "").trimmingCharacters(in: .whitespaces)
        let picked = (try? request.query.get(String.self, at: "commune")) ?? ""
        guard !typed.isEmpty || !picked.isEmpty else { return (nil, "", nil) }
        let code = typed.isEmpty ? picked : CommuneInput.code(typed: typed, picked: picked, gazetteer: gazetteer)
        guard let commune = gazetteer.commune(code) else { return (nil, typed, "Commune inconnue « \(typed.isEmpty ? picked : typed) » : choisissez-la dans la liste.") }
        return (commune, typed, nil)
    }

    package static func map(_ commune: Commune, request: Request) async throws -> BarrierMap {
        let reference = try request.platform.reference
        let index = try await request.application.serviceIndexCache.current(on: request.db, reference: reference)
        return try BarrierMap(around: commune.code, index: index)
    }

    @Sendable
    package func page(request: Request) async throws -> View {
        let gazetteer = try request.platform.reference.gazetteer
        let read = Self.commune(request, gazetteer: gazetteer)
        var context = Context(
            layout: Layout(title: "Carte des freins — Passerelle", section: "services",
                           breadcrumbs: [.init(label: "Services des partenaires", href: ServicesPaths.search.link()), .init(label: "Carte des freins")], request: request),
            communeText: read.commune?.name.name ?? read.typed, communeCode: read.commune?.code ?? "", problem: read.problem,
            heading: nil, summary: nil, gaps: [], rows: [], csvHref: nil)
        if let commune = read.commune {
            let map = try await Self.map(commune, request: request)
            let rows = map.rows.map { row in
                RowContext(category: row.category.label, coverage: row.coverage.label, coverageClass: row.coverage.rawValue, onSite: row.onSite,
                           remote: row.remote, nearest: row.nearestKm.map { "\(Int($0.rounded())) km" },
                           uncovered: row.uncoveredThematiques.map(\.label),
                           searchHref: ServicesPaths.search.link(query: [("commune", commune.code), ("thematique", row.category.slug)]))
            }
            let missing = map.rows.filter { $0.coverage == .missing }.count, remoteOnly = map.rows.filter { $0.coverage == .remoteOnly }.count
            context.heading = "Autour \(commune.name.withDe) (\(commune.departementCode))"
            context.summary = "\(map.rows.count - missing - remoteOnly) besoin\(map.rows.count - missing - remoteOnly > 1 ? "s" : "") sur \(map.rows.count) trouvent un service sur place à moins de 50 km ; "
                + "\(remoteOnly) seulement à distance ; \(missing) sans aucun service."
            context.gaps = rows.filter { $0.coverageClass != BarrierMap.Coverage.onSite.rawValue }
            context.rows = rows
            context.csvHref = ServicesPaths.barriersCSV.link(query: [("commune", commune.code)])
        }
        return try await request.view.render("services/barriers", context)
    }

    @Sendable
    package func export(request: Request) async throws -> Response {
        let read = Self.commune(request, gazetteer: try request.platform.reference.gazetteer)
        guard let commune = read.commune else { throw Abort(.badRequest, reason: read.problem ?? "Indiquez la commune : ?commune=59512.") }
        let map = try await Self.map(commune, request: request)
        var writer = CSV.Writer()
        writer.append(["Commune", "Code commune", "Besoin", "Couverture", "Services sur place (50 km)", "Plus proche (km)", "Services à distance", "Thématiques sans service"])
        for row in map.rows {
            writer.append([commune.name.name, commune.code, row.category.label, row.coverage.label, String(row.onSite),
                           row.nearestKm.map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") } ?? "", String(row.remote),
                           row.uncoveredThematiques.map(\.label).joined(separator: " ; ")])
        }
        return try await AuditedExport.csv(writer.text, name: "freins-\(commune.code)", rows: map.rows.count, request: request)
    }
}
