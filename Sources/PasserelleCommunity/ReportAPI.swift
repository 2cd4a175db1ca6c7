import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Experience reports in the API: the same search as the knowledge base's page.
extension APIHandler {
    package func listReports(_ input: Operations.ListReports.Input) async throws -> Operations.ListReports.Output {
        let query = input.query
        let gazetteer = try app.platform.reference.gazetteer
        let values: [String: String] = ["q": query.q, "theme": query.theme, "departement": query.departement, "structure": query.structure, "near": query.near,
                                        "radius_km": query.radiusKm.map(String.init), "page": query.page.map(String.init), "size": query.size.map(String.init)].compactMapValues { $0 }
        var read = KnowledgeSearchInput.read({ values[$0] }, themes: try await EventStore.themes(on: app.db), gazetteer: gazetteer)
        guard read.problems.isEmpty else { return .badRequest(.init(body: .json(Self.error(read.problems.joined(separator: " "))))) }
        read.query.kinds = [.report]
        let hits = try await KnowledgeStore.search(read.query, gazetteer: gazetteer, on: app.db)
        let shown = try await KnowledgeStore.records(hits.dropFirst((read.page - 1) * read.size).prefix(read.size), on: app.db)
        return .ok(.init(body: .json(.init(
            items: try shown.map { try reportSummary($0.record, distance: $0.distanceKm, gazetteer: gazetteer) },
            total: hits.count, page: read.page, size: read.size, pages: max(1, (hits.count + read.size - 1) / read.size)
        ))))
    }

    package func reportSummary(_ row: KnowledgeRecord, distance: Double?, gazetteer: Gazetteer) throws -> Components.Schemas.ReportSummary {
        let commune = row.communeCode.flatMap { gazetteer.commune($0) }
        return .init(
            id: row.id.uuidString.lowercased(), title: row.title, summary: row.summary,
            organisation: .init(name: row.organisationName, structureId: row.structureID?.uuidString.lowercased()),
            commune: commune.map { .init(code: $0.code, name: $0.name.name) }, departement: row.departement, themes: row.themes,
            structureKinds: row.structureKinds.map(\.rawValue),
            figures: row.figures.map {
                .init(value: $0.value, outOf: $0.outOf, percent: $0.percent, label: $0.label, approximation: $0.approximation.flatMap { .init(rawValue: $0.rawValue) },
                      text: $0.text)
            },
            distanceKm: distance.map { ($0 * 10).rounded() / 10 }, url: app.platform.config.publicURL + Links.knowledge(row.id))
    }

    package func getReport(_ input: Operations.GetReport.Input) async throws -> Operations.GetReport.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de retour d’expérience est un UUID."))))
        }
        guard let row = try await KnowledgeStore.item(id, on: app.db), row.kind == .report, row.state == .published else {
            return .notFound(.init(body: .json(Self.error("Aucun retour d’expérience publié n’a cet identifiant."))))
        }
        var event: Components.Schemas.ReportDetail.Value2Payload.EventPayload?
        if let eventID = row.eventID, let found = try await EventStore.row(eventID, on: app.db) {
            let session = row.sessionID == nil ? nil : try await EventStore.sessions(of: eventID, on: app.db).first { $0.id == row.sessionID }?.title
            event = .init(id: eventID.uuidString.lowercased(), title: found.title, session: session)
        }
        return .ok(.init(body: .json(.init(
            value1: try reportSummary(row, distance: nil, gazetteer: try app.platform.reference.gazetteer),
            value2: .init(activity: row.activity ?? "", finding: row.finding ?? "", actions: row.actions ?? "", results: row.results,
                          programmes: row.programmes, links: row.links.map { .init(label: $0.label, url: $0.url) }, event: event)
        ))))
    }
}
