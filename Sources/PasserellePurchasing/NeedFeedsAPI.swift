import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The watch on needs: Atom feeds (a saved search, a structure's opportunities) and the iCal
/// calendar of answer deadlines.
extension APIHandler {
    package static let needFilterLengths = "sector compte 200 caractères au plus ; departement et region, 3."

    /// The list's filters, as the list, the feed and the calendar read them; nil when one is too
    /// long (`needFilterLengths`).
    package static func needFilter(kind: String?, sector: String?, departement: String?, region: String?, clause: String?) -> NeedStore.Filter? {
        // Counted as the contract counts (JSON Schema: code points), not as grapheme clusters.
        guard (sector?.unicodeScalars.count ?? 0) <= 200, (departement?.unicodeScalars.count ?? 0) <= 3, (region?.unicodeScalars.count ?? 0) <= 3 else { return nil }
        var filter = NeedStore.Filter()
        filter.kind = kind.flatMap(NeedKind.init(rawValue:))
        filter.sector = sector
        filter.departement = departement
        filter.region = region
        filter.clause = clause.flatMap(ClauseKind.init(rawValue:))
        return filter
    }

    package static func filterQuery(_ filter: NeedStore.Filter) -> [(String, String)] {
        [("kind", filter.kind?.rawValue), ("sector", filter.sector), ("departement", filter.departement), ("region", filter.region), ("clause", filter.clause?.rawValue)]
            .compactMap { key, value in value.map { (key, $0) } }
    }

    package func needsFeed(_ input: Operations.NeedsFeed.Input) async throws -> Operations.NeedsFeed.Output {
        let query = input.query
        guard var filter = Self.needFilter(kind: query.kind?.rawValue, sector: query.sector, departement: query.departement, region: query.region, clause: query.clause?.rawValue) else {
            return .badRequest(.init(body: .json(Self.error(Self.needFilterLengths))))
        }
        filter.size = 50
        let (records, _) = try await NeedStore.list(filter, on: app.db)
        let base = app.platform.config.publicURL
        let items = Self.filterQuery(filter)
        let suffix = items.isEmpty ? "" : "?" + QueryItems.encode(items)
        let gazetteer = try app.platform.reference.gazetteer
        let feed = AtomFeed(
            id: base + "/api/v1/needs.atom" + suffix, title: "Passerelle — besoins d’achat publiés" + (items.isEmpty ? "" : " (recherche enregistrée)"),
            selfLink: base + "/api/v1/needs.atom" + suffix, pageLink: base + PurchasingPaths.needs.link() + suffix,
            entries: records.map { Self.feedEntry($0, reasons: nil, base: base, gazetteer: gazetteer) }, emptyUpdated: Date(timeIntervalSince1970: 1_790_000_000)
        )
        return .ok(.init(body: .applicationAtomXml(HTTPBody(feed.xml))))
    }

    package func needDeadlines(_ input: Operations.NeedDeadlines.Input) async throws -> Operations.NeedDeadlines.Output {
        let query = input.query
        guard var filter = Self.needFilter(kind: query.kind?.rawValue, sector: query.sector, departement: query.departement, region: query.region, clause: query.clause?.rawValue) else {
            return .badRequest(.init(body: .json(Self.error(Self.needFilterLengths))))
        }
        filter.size = 100
        let today = DateText.parisDay(Date())
        var events: [(day: String, entry: ICalendar.Entry)] = []
        let base = app.platform.config.publicURL
        let host = URL(string: base)?.host ?? "passerelle"
        // Published needs, newest first, a few pages: enough for any agenda.
        for page in 1...5 {
            filter.page = page
            let (records, total) = try await NeedStore.list(filter, on: app.db)
            for record in records {
                guard let deadline = record.content.deadline, DateText.parisDay(deadline) >= today else { continue }
                let day = DateText.parisDay(deadline)
                events.append((day, .init(uid: "besoin-\(record.id.uuidString.lowercased())@\(host)", timing: .day(day),
                                    summary: "Date limite : \(record.content.title)", description: "\(record.organisationName) — \(record.content.kind.label). \(base + Links.need(record.id))",
                                    url: base + Links.need(record.id))))
            }
            if page * filter.size >= total { break }
        }
        let calendar = ICalendar(name: "Passerelle — dates limites des besoins d’achat", entries: events.sorted { $0.day < $1.day }.map(\.entry))
        return .ok(.init(body: .textCalendar(HTTPBody(calendar.text(stamp: Date())))))
    }

    package func structureOpportunitiesFeed(_ input: Operations.StructureOpportunitiesFeed.Input) async throws -> Operations.StructureOpportunitiesFeed.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de structure est un UUID."))))
        }
        guard let structure = try await DirectoryQueries.structure(id: id, on: app.db, includingHidden: false) else {
            return .notFound(.init(body: .json(Self.error("Aucune structure n’a cet identifiant."))))
        }
        let (lines, _) = try await AnswerStore.inbox(of: id, open: false, page: 1, size: 50, on: app.db)
        let base = app.platform.config.publicURL
        let path = "/api/v1/structures/\(id.uuidString.lowercased())/opportunities.atom"
        let feed = AtomFeed(
            id: base + path, title: "Passerelle — opportunités d’achat " + French.de(structure.name), selfLink: base + path, pageLink: base + Links.opportunities(id),
            entries: lines.map { line in
                AtomFeed.Entry(id: "urn:uuid:\(line.needID.uuidString.lowercased())", title: line.title, link: base + Links.need(line.needID), updated: line.createdAt,
                               author: line.organisationName,
                               summary: line.kind.label + (line.deadline.map { ", réponses jusqu’au \(DateText.frenchDay($0))" } ?? "")
                                   + ". Pourquoi vous : \(line.reasons).")
            },
            emptyUpdated: Date(timeIntervalSince1970: 1_790_000_000)
        )
        return .ok(.init(body: .applicationAtomXml(HTTPBody(feed.xml))))
    }

    package static func feedEntry(_ record: NeedRecord, reasons: String?, base: String, gazetteer: Gazetteer) -> AtomFeed.Entry {
        let content = record.content
        var summary = "\(content.kind.label) · \(NeedPlaceLabel.of(content.location, gazetteer: gazetteer)) · \(content.amount.label)"
        if let deadline = content.deadline { summary += " · réponses jusqu’au \(DateText.frenchDay(deadline))" }
        let clauses = Set((content.clauses + content.lots.flatMap(\.clauses)).map(\.kind))
        if !clauses.isEmpty { summary += ". Clauses : " + ClauseKind.allCases.filter(clauses.contains).map(\.label).joined(separator: ", ") }
        if let reasons { summary += ". Pourquoi vous : \(reasons)" }
        return AtomFeed.Entry(id: "urn:uuid:\(record.id.uuidString.lowercased())", title: content.title, link: base + Links.need(record.id),
                              updated: record.publishedAt ?? record.updatedAt, author: record.organisationName, summary: summary + ".")
    }
}
