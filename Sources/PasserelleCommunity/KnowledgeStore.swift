import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// An item of the knowledge base to write whole: the first content and the structures' proposals.
package struct KnowledgePlan: Sendable {
    package struct Link: Sendable, Codable, Equatable {
        package var label: String
        package var url: String
    }

    package var kind: KnowledgeKind
    package var title: String
    package var summary: String
    package var themes: [String]
    package var organisation: String? = nil
    package var communeCode: String? = nil
    package var structureKinds: [StructureKind] = []
    package var activity: String? = nil
    package var finding: String? = nil
    package var actions: String? = nil
    package var results: String? = nil
    package var figures: [ResultFigure] = []
    package var programmes: [String] = []
    package var links: [Link] = []
    package var resourceKind: ResourceKind? = nil
    package var url: String? = nil
    /// The session of the 2023 meeting it comes from, by title.
    package var session: String? = nil
}

/// An item of the knowledge base as read: its lists and figures decoded, its tokens the core's;
/// the other columns are read through (`record.title`).
@dynamicMemberLookup
package struct KnowledgeRecord: Sendable {
    /// The columns read as they are.
    package struct Stored: Decodable, Sendable {
        package var id: UUID
        package var kind: KnowledgeKind
        package var state: KnowledgeState
        package var title: String
        package var summary: String
        package var organisationName: String?
        /// The directory structure it is tied to, if any.
        package var structureID: UUID?
        package var communeCode: String?
        package var departement: String?
        package var activity: String?
        package var finding: String?
        package var actions: String?
        package var results: String?
        package var resourceKind: ResourceKind?
        package var url: String?
        package var eventID: UUID?
        package var sessionID: UUID?
        package var proposedBy: UUID?
        package var organisationID: UUID?
        package var refusalReason: String?
        package var publishedAt: Date?
        package var createdAt: Date
        package var updatedAt: Date
    }

    package var stored: Stored
    /// Theme slugs.
    package var themes: [String]
    package var structureKinds: [StructureKind]
    package var figures: [ResultFigure]
    package var programmes: [String]
    package var links: [KnowledgePlan.Link]

    package subscript<Value>(dynamicMember keyPath: KeyPath<Stored, Value>) -> Value { stored[keyPath: keyPath] }
}

/// The knowledge base's storage: writing an item, reading one, the review queue, the items of a
/// structure, and the search (SQL narrows the published items down by the filters and words, the
/// core's `KnowledgeQuery` keeps the exact matches and orders them; whole rows are read only for
/// the items shown).
package enum KnowledgeStore {
    /// The list columns of a row, as stored (`|a|b|` and JSON).
    private struct Lists: Decodable {
        var id: UUID
        var themes: String
        var structureKinds: String
        var figures: String
        var programmes: String
        var links: String

        func record(_ stored: KnowledgeRecord.Stored) throws -> KnowledgeRecord {
            KnowledgeRecord(
                stored: stored, themes: BarList.split(themes),
                structureKinds: try StructureKind.storedList(structureKinds, table: "knowledge_items", column: "structure_kinds", id: id),
                figures: try json(figures, column: "figures"), programmes: try json(programmes, column: "programmes"), links: try json(links, column: "links"))
        }

        private func json<Value: Decodable>(_ text: String, column: String) throws -> Value {
            do {
                return try JSONDecoder().decode(Value.self, from: Data(text.utf8))
            } catch {
                throw UnreadableStoredValue(table: "knowledge_items", column: column, id: id.uuidString.lowercased())
            }
        }
    }

    private static func record(_ row: any SQLRow) throws -> KnowledgeRecord {
        let lists = try row.decodeStored(Lists.self, table: "knowledge_items", keys: .snakeCaseColumns)
        return try lists.record(row.decodeStored(KnowledgeRecord.Stored.self, table: "knowledge_items", keys: .snakeCaseColumns))
    }

    private static let columns = ["id", "kind", "state", "title", "summary", "themes", "organisation_name", "structure_id", "commune_code", "departement",
                          "structure_kinds", "activity", "finding", "actions", "results", "figures", "programmes", "links", "resource_kind", "url",
                          "event_id", "session_id", "proposed_by", "organisation_id", "refusal_reason", "search_text", "published_at", "created_at", "updated_at"]
    /// What a record reads: every column but the folded text of the search.
    private static let readColumns = columns.filter { $0 != "search_text" }

    package static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(value)) ?? Data("[]".utf8), as: UTF8.self)
    }

    /// Every text of an item, folded, for the search.
    package static func searchText(_ plan: KnowledgePlan) -> String {
        SearchText.fold(([plan.title, plan.summary, plan.organisation ?? "", plan.activity ?? "", plan.finding ?? "", plan.actions ?? "", plan.results ?? ""]
            + plan.programmes + plan.figures.map(\.text)).joined(separator: " "))
    }

    package struct Origin: Sendable {
        package var structure: UUID?
        package var event: UUID?
        package var session: UUID?
        package var proposedBy: UUID?
        package var organisation: UUID?
    }

    /// Reports that name an organisation and are tied to no directory structure yet.
    package static func unlinkedReports(on database: any Database) async throws -> [(id: UUID, organisation: String)] {
        struct Row: Decodable { var id: UUID; var organisationName: String }
        return try await database.sql.select().columns("id", "organisation_name").from("knowledge_items")
            .where("structure_id", .is, SQLLiteral.null).where("organisation_name", .isNot, SQLLiteral.null)
            .all(decoding: Row.self, table: "knowledge_items", keys: .snakeCaseColumns).map { ($0.id, $0.organisationName) }
    }

    package static func link(_ item: UUID, to structure: UUID, on database: any Database) async throws {
        try await database.sql.update("knowledge_items").set("structure_id", to: SQLBind(structure)).where("id", .equal, SQLBind(item)).run()
    }

    @discardableResult
    package static func create(_ plan: KnowledgePlan, state: KnowledgeState, origin: Origin, gazetteer: Gazetteer, on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        try await database.sql.insert(into: "knowledge_items").columns(columns + ["reviewed_by", "reviewed_at"])
            .values(values(plan, id: id, state: state, origin: origin, gazetteer: gazetteer, now: now, created: now) + [SQLBind(UUID?.none), SQLBind(Date?.none)])
            .run()
        return id
    }

    private static func values(_ plan: KnowledgePlan, id: UUID, state: KnowledgeState, origin: Origin, gazetteer: Gazetteer, now: Date, created: Date) -> [any SQLExpression] {
        let departement = plan.communeCode.flatMap { gazetteer.commune($0)?.departementCode }
        return [SQLBind(id), SQLBind(plan.kind.rawValue), SQLBind(state.rawValue), SQLBind(plan.title), SQLBind(plan.summary), SQLBind(BarList.join(plan.themes)),
                SQLBind(plan.organisation), SQLBind(origin.structure), SQLBind(plan.communeCode), SQLBind(departement), SQLBind(BarList.join(plan.structureKinds.map(\.rawValue))),
                SQLBind(plan.activity), SQLBind(plan.finding), SQLBind(plan.actions), SQLBind(plan.results), SQLBind(json(plan.figures)), SQLBind(json(plan.programmes)),
                SQLBind(json(plan.links)), SQLBind(plan.resourceKind?.rawValue), SQLBind(plan.url), SQLBind(origin.event), SQLBind(origin.session),
                SQLBind(origin.proposedBy), SQLBind(origin.organisation), SQLBind(String?.none), SQLBind(searchText(plan)),
                SQLBind(state == .published ? now : nil), SQLBind(created), SQLBind(now)]
    }

    /// A proposal corrected by its author: its content replaced, proposed again.
    package static func replace(_ id: UUID, with plan: KnowledgePlan, gazetteer: Gazetteer, on database: any Database, now: Date = Date()) async throws {
        try await contentUpdate(id, plan, gazetteer: gazetteer, on: database, now: now)
            .set("state", to: SQLBind(KnowledgeState.proposed.rawValue)).set("refusal_reason", to: SQLLiteral.null).run()
    }

    /// An item of the first content rewritten by a later version of it: its content replaced, its
    /// state kept.
    package static func correct(_ id: UUID, with plan: KnowledgePlan, gazetteer: Gazetteer, on database: any Database, now: Date = Date()) async throws {
        try await contentUpdate(id, plan, gazetteer: gazetteer, on: database, now: now).run()
    }

    private static func contentUpdate(_ id: UUID, _ plan: KnowledgePlan, gazetteer: Gazetteer, on database: any Database, now: Date) -> SQLUpdateBuilder {
        let departement = plan.communeCode.flatMap { gazetteer.commune($0)?.departementCode }
        return database.sql.update("knowledge_items")
            .set("title", to: SQLBind(plan.title)).set("summary", to: SQLBind(plan.summary)).set("themes", to: SQLBind(BarList.join(plan.themes)))
            .set("organisation_name", to: SQLBind(plan.organisation)).set("commune_code", to: SQLBind(plan.communeCode)).set("departement", to: SQLBind(departement))
            .set("structure_kinds", to: SQLBind(BarList.join(plan.structureKinds.map(\.rawValue))))
            .set("activity", to: SQLBind(plan.activity)).set("finding", to: SQLBind(plan.finding)).set("actions", to: SQLBind(plan.actions))
            .set("results", to: SQLBind(plan.results)).set("figures", to: SQLBind(json(plan.figures))).set("programmes", to: SQLBind(json(plan.programmes)))
            .set("links", to: SQLBind(json(plan.links))).set("resource_kind", to: SQLBind(plan.resourceKind?.rawValue)).set("url", to: SQLBind(plan.url))
            .set("search_text", to: SQLBind(searchText(plan))).set("updated_at", to: SQLBind(now))
            .where("id", .equal, SQLBind(id))
    }

    /// The items that an event's sessions gave, whatever their state.
    package static func items(fromEvent event: UUID, on database: any Database) async throws -> [KnowledgeRecord] {
        try await database.sql.select().columns(readColumns).from("knowledge_items").where("event_id", .equal, SQLBind(event))
            .orderBy("created_at").all().map(record)
    }

    package static func item(_ id: UUID, on database: any Database) async throws -> KnowledgeRecord? {
        try await database.sql.select().columns(readColumns).from("knowledge_items").where("id", .equal, SQLBind(id))
            .first().map(record)
    }

    package static func items(state: KnowledgeState, on database: any Database) async throws -> [KnowledgeRecord] {
        try await database.sql.select().columns(readColumns).from("knowledge_items").where("state", .equal, SQLBind(state.rawValue))
            .orderBy("updated_at", .descending).all().map(record)
    }

    package static func proposals(by user: UUID, on database: any Database) async throws -> [KnowledgeRecord] {
        try await database.sql.select().columns(readColumns).from("knowledge_items").where("proposed_by", .equal, SQLBind(user))
            .orderBy("updated_at", .descending).all().map(record)
    }

    /// The published reports of a directory structure, for its profile.
    package static func reports(of structure: UUID, on database: any Database) async throws -> [KnowledgeRecord] {
        try await database.sql.select().columns(readColumns).from("knowledge_items").where("structure_id", .equal, SQLBind(structure))
            .where("state", .equal, SQLBind(KnowledgeState.published.rawValue)).orderBy("published_at", .descending)
            .all().map(record)
    }

    /// What the search reads of an item: no long texts, and its folded text only when words are searched.
    private struct SearchRow: Decodable {
        var id: UUID
        var kind: KnowledgeKind
        var title: String
        var themes: String
        var departement: String?
        var structureKinds: String
        var communeCode: String?
        var searchText: String
        var publishedAt: Date?
        var createdAt: Date
    }

    /// A published item that matches.
    package struct Found: Sendable {
        package var id: UUID
        package var kind: KnowledgeKind
        package var themes: [String]
        package var distanceKm: Double?
    }

    /// The published items that match, best first, with the distance when searched « near ».
    /// The SQL conditions only narrow (a word is looked for anywhere, the core wants a word's
    /// start): the core decides, so both databases give the same answer.
    package static func search(_ query: KnowledgeQuery, gazetteer: Gazetteer, on database: any Database) async throws -> [Found] {
        var conditions: [SQLQueryString] = ["state = \(bind: KnowledgeState.published.rawValue)"]
        if !query.kinds.isEmpty { conditions.append("kind IN (\(binds: query.kinds.map(\.rawValue).sorted()))") }
        if let theme = query.theme { conditions.append("themes LIKE \(bind: BarList.pattern(containing: theme))") }
        if let departement = query.departement { conditions.append("departement = \(bind: departement)") }
        if let kind = query.structureKind { conditions.append("structure_kinds LIKE \(bind: BarList.pattern(containing: kind.rawValue))") }
        if query.near != nil { conditions.append("commune_code IS NOT NULL") }
        for word in query.words { if let pattern = ContainsPattern.of(word) { conditions.append("search_text LIKE \(bind: pattern)") } }
        let rows = try await database.sql.raw("""
            SELECT id, kind, title, themes, departement, structure_kinds, commune_code, \(unsafeRaw: query.words.isEmpty ? "''" : "search_text") AS search_text,
                   published_at, created_at
            FROM knowledge_items WHERE \(conditions.joined(separator: " AND "))
            """).all(decoding: SearchRow.self, table: "knowledge_items", keys: .snakeCaseColumns)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        let items = try rows.map { row in
            KnowledgeQuery.Item(id: row.id, kind: row.kind, title: row.title, folded: row.searchText,
                                themes: BarList.split(row.themes), departement: row.departement,
                                structureKinds: try StructureKind.storedList(row.structureKinds, table: "knowledge_items", column: "structure_kinds", id: row.id),
                                place: row.communeCode.flatMap { gazetteer.commune($0)?.centre }, date: row.publishedAt ?? row.createdAt)
        }
        return query.search(items).compactMap { hit in
            byID[hit.id].map { Found(id: hit.id, kind: $0.kind, themes: BarList.split($0.themes), distanceKm: hit.distanceKm) }
        }
    }

    /// The knowledge base's home before any search: how many items of each kind and theme, and
    /// the newest reports; counted by the database, so the home stays light as the base grows.
    package struct Overview: Sendable {
        package var byKind: [KnowledgeKind: Int]
        package var byTheme: [String: Int]
        package var latestReports: [KnowledgeRecord]
    }

    package static func overview(on database: any Database) async throws -> Overview {
        struct Group: Decodable {
            package var kind: String
            package var themes: String
            package var n: Int
        }
        let sql = database.sql
        let published = KnowledgeState.published.rawValue
        let groups = try await sql.raw("SELECT kind, themes, COUNT(*) AS n FROM knowledge_items WHERE state = \(bind: published) GROUP BY kind, themes")
            .all(decoding: Group.self)
        var byKind: [KnowledgeKind: Int] = [:], byTheme: [String: Int] = [:]
        for group in groups {
            if let kind = KnowledgeKind(rawValue: group.kind) { byKind[kind, default: 0] += group.n }
            for theme in BarList.split(group.themes) { byTheme[theme, default: 0] += group.n }
        }
        // The search's order without words: newest first, then by title.
        let latest = try await sql.raw("""
            SELECT \(unsafeRaw: readColumns.joined(separator: ", ")) FROM knowledge_items
            WHERE state = \(bind: published) AND kind = \(bind: KnowledgeKind.report.rawValue)
            ORDER BY COALESCE(published_at, created_at) DESC, title LIMIT 6
            """).all().map(record)
        return Overview(byKind: byKind, byTheme: byTheme, latestReports: latest)
    }

    /// The whole items of `found`, in their order: the page of results.
    package static func records<S: Sequence>(_ found: S, on database: any Database) async throws -> [(record: KnowledgeRecord, distanceKm: Double?)] where S.Element == Found {
        let found = Array(found)
        guard !found.isEmpty else { return [] }
        let rows = try await database.sql.select().columns(readColumns).from("knowledge_items")
            .where("id", .in, SQLBind.group(found.map(\.id))).all().map(record)
        let byID = Dictionary(uniqueKeysWithValues: rows.map { ($0.id, $0) })
        return found.compactMap { item in byID[item.id].map { ($0, item.distanceKm) } }
    }

    package static func setState(_ id: UUID, to state: KnowledgeState, reason: String?, by user: UUID, on database: any Database, now: Date) async throws {
        var update = database.sql.update("knowledge_items").set("state", to: SQLBind(state.rawValue)).set("reviewed_by", to: SQLBind(user))
            .set("reviewed_at", to: SQLBind(now)).set("refusal_reason", to: SQLBind(reason)).set("updated_at", to: SQLBind(now))
        if state == .published { update = update.set("published_at", to: SQLBind(now)) }
        try await update.where("id", .equal, SQLBind(id)).run()
    }
}
