import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// A need as stored: its content, its buyer, its state and dates.
package struct NeedRecord: Sendable {
    package var id: UUID
    package var organisationID: UUID
    package var organisationName: String
    package var createdBy: UUID?
    /// The départements and régions its place touches, as written when it was saved.
    package var departements: Set<String>
    package var regions: Set<String>
    package var content: NeedContent
    package var state: NeedState
    package var refusalMessage: String?
    package var publishedAt: Date?
    package var closedAt: Date?
    package var createdAt: Date
    package var updatedAt: Date
    /// Who won, when the buyer said it on closing.
    package var award: Award?
}

/// Reads and writes needs. The content goes to a JSON document (`NeedDocument`) and, for the
/// lists' filters, to columns.
package enum NeedStore {
    /// The JSON form of a need's content, stable across versions: tokens, not Swift names.
    package struct NeedDocument: Codable {
        package struct LotDocument: Codable {
            package var title: String
            package var sectors: [String]
            package var amount: String
            package var clauses: [Clause]
        }

        package var kind: NeedKind
        package var title: String
        package var description: String
        package var sectors: [String]
        package var serviceTypes: [ServiceType]
        package var place: String?
        package var radiusKm: Double?
        package var perimeters: [String]?
        package var national: Bool
        package var acceptsNationalSuppliers: Bool
        package var kinds: [StructureKind]
        package var amount: String
        package var deadline: Date?
        package var startsOn: Date?
        package var contactName: String?
        package var contactEmail: String?
        package var contactPhone: String?
        package var answerChannel: AnswerChannel?
        package var answerAddress: String?
        package var questions: [String]
        package var clauses: [Clause]
        package var lots: [LotDocument]

        package init(_ content: NeedContent) {
            kind = content.kind
            title = content.title
            description = content.description
            sectors = content.sectors.sorted()
            serviceTypes = content.serviceTypes.sorted { $0.rawValue < $1.rawValue }
            national = false
            switch content.location {
            case .place(let code, let radius): place = code; radiusKm = radius
            case .perimeters(let list): perimeters = list.map(\.token)
            case .national: national = true
            case nil: break
            }
            acceptsNationalSuppliers = content.acceptsNationalSuppliers
            kinds = content.kinds.sorted { $0.rawValue < $1.rawValue }
            amount = content.amount.token
            deadline = content.deadline
            startsOn = content.startsOn
            contactName = content.contactName
            contactEmail = content.contactEmail
            contactPhone = content.contactPhone
            answerChannel = content.answerChannel
            answerAddress = content.answerAddress
            questions = content.questions
            clauses = content.clauses
            lots = content.lots.map { LotDocument(title: $0.title, sectors: $0.sectors.sorted(), amount: $0.amount.token, clauses: $0.clauses) }
        }

        /// A token the core does not know (a perimeter, an amount) is not a need's content.
        package struct UnknownToken: Error {}

        package func content() throws -> NeedContent {
            func amount(_ token: String) throws -> NeedAmount {
                guard let amount = NeedAmount(token: token) else { throw UnknownToken() }
                return amount
            }
            let location: NeedLocation? = if let place { .place(communeCode: place, radiusKm: radiusKm) }
                else if let perimeters {
                    .perimeters(try perimeters.map { token in
                        guard let perimeter = Perimeter(token: token) else { throw UnknownToken() }
                        return perimeter
                    })
                }
                else if national { .national } else { nil }
            return NeedContent(
                kind: kind, title: title, description: description, sectors: Set(sectors),
                serviceTypes: Set(serviceTypes), location: location,
                acceptsNationalSuppliers: acceptsNationalSuppliers, kinds: Set(kinds),
                amount: try amount(self.amount), deadline: deadline, startsOn: startsOn, contactName: contactName,
                contactEmail: contactEmail, contactPhone: contactPhone, answerChannel: answerChannel,
                answerAddress: answerAddress, questions: questions, clauses: clauses,
                lots: try lots.map { Lot(title: $0.title, sectors: Set($0.sectors), amount: try amount($0.amount), clauses: $0.clauses) }
            )
        }
    }

    /// Sorted, so that the same set is always stored the same way.
    package static func bars<S: Sequence>(_ values: S) -> String where S.Element == String { BarList.join(values.sorted()) }

    /// The départements and régions a need's place touches, for the territory filters and for
    /// the facilitators and stewards who moderate it.
    package static func territory(of location: NeedLocation?, gazetteer: Gazetteer) -> (departements: Set<String>, regions: Set<String>) {
        switch location {
        case .place(let code, _):
            guard let commune = gazetteer.commune(code) else { return ([], []) }
            return ([commune.departementCode], [commune.regionCode])
        case .perimeters(let perimeters):
            var departements = Set<String>(), regions = Set<String>()
            for commune in gazetteer.communes where perimeters.contains(where: { ReachRule.contains($0, commune) }) {
                departements.insert(commune.departementCode)
                regions.insert(commune.regionCode)
            }
            return (departements, regions)
        case .national, nil:
            return ([], [])
        }
    }
}

extension NeedStore {
    private struct Row: Decodable {
        var id: UUID
        var organisationID: UUID
        var createdBy: UUID?
        var departements: String
        var regions: String
        var document: String
        var state: String
        var refusalMessage: String?
        var publishedAt: Date?
        var closedAt: Date?
        var createdAt: Date
        var updatedAt: Date
        var winnerKind: String?
        var winnerStructureID: UUID?
        var winnerGroupID: UUID?
        var winnerName: String?
        var awardedAmount: Int?
    }

    private static let columns: [any SQLExpression] = [
        SQLColumn("id", table: "needs"), SQLColumn("organisation_id", table: "needs"),
        SQLColumn("created_by", table: "needs"), SQLColumn("departements", table: "needs"), SQLColumn("regions", table: "needs"), SQLColumn("document", table: "needs"), SQLColumn("state", table: "needs"),
        SQLColumn("refusal_message", table: "needs"), SQLColumn("published_at", table: "needs"), SQLColumn("closed_at", table: "needs"),
        SQLColumn("created_at", table: "needs"), SQLColumn("updated_at", table: "needs"),
        SQLColumn("winner_kind", table: "needs"), SQLColumn("winner_structure_id", table: "needs"), SQLColumn("winner_group_id", table: "needs"),
        SQLColumn("winner_name", table: "needs"), SQLColumn("awarded_amount", table: "needs"),
    ]

    /// The needs of these rows, with their buyers' names.
    private static func records(_ rows: [Row], on database: any Database) async throws -> [NeedRecord] {
        let buyers = try await OrganisationQueries.names(of: rows.map(\.organisationID), on: database)
        return try rows.map { try record($0, buyer: buyers[$0.organisationID] ?? "") }
    }

    private static func record(_ row: Row, buyer: String) throws -> NeedRecord {
        let content: NeedContent
        do {
            content = try JSONDecoder().decode(NeedDocument.self, from: Data(row.document.utf8)).content()
        } catch {
            throw UnreadableStoredValue(table: "needs", column: "document", id: row.id.uuidString.lowercased())
        }
        return NeedRecord(
            id: row.id, organisationID: row.organisationID, organisationName: buyer, createdBy: row.createdBy,
            departements: Set(BarList.split(row.departements)), regions: Set(BarList.split(row.regions)),
            content: content, state: try .stored(row.state, table: "needs", column: "state", id: row.id), refusalMessage: row.refusalMessage,
            publishedAt: row.publishedAt, closedAt: row.closedAt, createdAt: row.createdAt, updatedAt: row.updatedAt,
            award: award(of: row)
        )
    }

    private static func award(of row: Row) -> Award? {
        switch row.winnerKind {
        case "structure": row.winnerStructureID.map { .structure($0, amount: row.awardedAmount) }
        case "groupement": row.winnerGroupID.map { .group($0, amount: row.awardedAmount) }
        case "autre": row.winnerName.map { .other(name: $0, amount: row.awardedAmount) }
        default: nil
        }
    }

    /// How many needs were published since `date` (whatever became of them since).
    package static func publishedCount(since date: Date, on database: any Database) async throws -> Int {
        struct Count: Decodable { var count: Int }
        return try await database.sql.raw("SELECT COUNT(*) AS count FROM needs WHERE published_at >= \(bind: date)").first(decoding: Count.self)?.count ?? 0
    }

    package static func need(id: UUID, on database: any Database) async throws -> NeedRecord? {
        guard let row = try await database.sql.select().columns(columns).from("needs")
            .where(SQLColumn("id", table: "needs"), .equal, SQLBind(id)).first(decoding: Row.self, table: "needs", keys: .snakeCaseColumns) else { return nil }
        return try await records([row], on: database).first
    }

    /// The columns that say what the need is, written on creation and on every change.
    private static func contentValues(_ content: NeedContent, gazetteer: Gazetteer) throws -> [(String, any SQLExpression)] {
        let territory = territory(of: content.location, gazetteer: gazetteer)
        let clauseKinds = (content.clauses + content.lots.flatMap(\.clauses)).map(\.kind.rawValue)
        let location: String? = switch content.location {
        case .place(let code, let radius): "commune:\(code)" + (radius.map { "+\(Int($0))km" } ?? "")
        case .perimeters(let list): list.map(\.token).joined(separator: " ")
        case .national: "france"
        case nil: nil
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let document = String(decoding: try encoder.encode(NeedDocument(content)), as: UTF8.self)
        return [
            ("kind", SQLBind(content.kind.rawValue)), ("title", SQLBind(content.title)), ("description", SQLBind(content.description)),
            ("sectors", SQLBind(bars(content.sectors))), ("service_types", SQLBind(bars(content.serviceTypes.map(\.rawValue)))),
            ("kinds", SQLBind(bars(content.kinds.map(\.rawValue)))), ("clause_kinds", SQLBind(bars(Set(clauseKinds)))),
            ("location", SQLBind(location)), ("departements", SQLBind(bars(territory.departements))), ("regions", SQLBind(bars(territory.regions))),
            ("accepts_national", SQLBind(content.acceptsNationalSuppliers)), ("amount", SQLBind(content.amount.token)),
            ("deadline", SQLBind(content.deadline)), ("starts_on", SQLBind(content.startsOn)), ("contact_name", SQLBind(content.contactName)),
            ("contact_email", SQLBind(content.contactEmail)), ("contact_phone", SQLBind(content.contactPhone)),
            ("answer_channel", SQLBind(content.answerChannel?.rawValue)), ("answer_address", SQLBind(content.answerAddress)),
            ("document", SQLBind(document)), ("insertion_hours", SQLBind(content.insertionHours)),
        ]
    }

    package static func create(_ content: NeedContent, organisation: UUID, by user: UUID?, gazetteer: Gazetteer, on database: any Database, now: Date = Date()) async throws -> UUID {
        let id = UUID()
        let values = try contentValues(content, gazetteer: gazetteer) + [
            ("id", SQLBind(id)), ("organisation_id", SQLBind(organisation)), ("created_by", SQLBind(user)), ("state", SQLBind(NeedState.draft.rawValue)),
            ("created_at", SQLBind(now)), ("updated_at", SQLBind(now)),
        ]
        try await database.sql.insert(into: "needs").columns(values.map(\.0)).values(values.map(\.1)).run()
        return id
    }

    package static func update(_ id: UUID, to content: NeedContent, gazetteer: Gazetteer, on database: any Database, now: Date = Date()) async throws {
        var query = database.sql.update("needs")
        for (column, value) in try contentValues(content, gazetteer: gazetteer) { query = query.set(SQLIdentifier(column), to: value) }
        try await query.set("updated_at", to: SQLBind(now)).where("id", .equal, SQLBind(id)).run()
    }

    /// Moves the need to `state` and records who did it and why, in the caller's transaction.
    package static func record(_ transition: (from: NeedState?, to: NeedState), of id: UUID, by user: UUID?, actor: String, message: String? = nil, award: Award? = nil,
                       on database: any Database, now: Date = Date()) async throws {
        let sql = database.sql
        var update = sql.update("needs").set("state", to: SQLBind(transition.to.rawValue)).set("updated_at", to: SQLBind(now))
        if let award {
            update = update.set("winner_kind", to: SQLBind(award.kindToken)).set("awarded_amount", to: SQLBind(award.amount))
            switch award {
            case .structure(let id, _): update = update.set("winner_structure_id", to: SQLBind(id))
            case .group(let id, _): update = update.set("winner_group_id", to: SQLBind(id))
            case .other(let name, _): update = update.set("winner_name", to: SQLBind(name))
            }
        }
        if transition.to == .published { update = update.set("published_at", to: SQLBind(now)) }
        if transition.to.isClosed || transition.to == .cancelled { update = update.set("closed_at", to: SQLBind(now)) }
        if transition.to == .refused { update = update.set("refusal_message", to: SQLBind(message)) }
        try await update.where("id", .equal, SQLBind(id)).run()
        try await sql.insert(into: "need_events").columns("id", "need_id", "from_state", "to_state", "user_id", "actor", "message", "at")
            .values(SQLBind(UUID()), SQLBind(id), SQLBind(transition.from?.rawValue), SQLBind(transition.to.rawValue), SQLBind(user), SQLBind(actor), SQLBind(message), SQLBind(now))
            .run()
    }
}

extension NeedStore {
    /// The filters of the needs lists (public list, the buyer's own, the API).
    package struct Filter: Sendable {
        package var kind: NeedKind?
        package var sector: String?
        package var departement: String?
        package var region: String?
        package var clause: ClauseKind?
        /// Published needs when nil and not `mine`; otherwise needs in this state (any state when
        /// nil) of `organisations`.
        package var state: NeedState?
        package var mine = false
        /// Awarded needs won by a structure or a group (the public list of such contracts).
        package var awardedInclusive = false
        package var organisations: [UUID] = []
        package var page = 1
        package var size = 20
    }

    package static func list(_ filter: Filter, on database: any Database) async throws -> (records: [NeedRecord], total: Int) {
        let sql = database.sql
        func filtered(_ query: SQLSelectBuilder) -> SQLSelectBuilder {
            var query = query
            if filter.awardedInclusive {
                query = query.where(SQLColumn("state", table: "needs"), .equal, SQLBind(NeedState.awarded.rawValue))
                    .where(SQLColumn("winner_kind", table: "needs"), .in, SQLBind.group(["structure", "groupement"]))
            } else if filter.mine || filter.state != nil {
                query = query.where(SQLColumn("organisation_id", table: "needs"), .in, SQLBind.group(filter.organisations))
                if let state = filter.state { query = query.where(SQLColumn("state", table: "needs"), .equal, SQLBind(state.rawValue)) }
            } else {
                query = query.where(SQLColumn("state", table: "needs"), .equal, SQLBind(NeedState.published.rawValue))
            }
            if let kind = filter.kind { query = query.where(SQLColumn("kind", table: "needs"), .equal, SQLBind(kind.rawValue)) }
            if let sector = filter.sector { query = query.where(SQLColumn("sectors", table: "needs"), .like, SQLBind(BarList.pattern(containing: sector))) }
            if let code = filter.departement { query = query.where(SQLColumn("departements", table: "needs"), .like, SQLBind(BarList.pattern(containing: code))) }
            if let code = filter.region { query = query.where(SQLColumn("regions", table: "needs"), .like, SQLBind(BarList.pattern(containing: code))) }
            if let clause = filter.clause { query = query.where(SQLColumn("clause_kinds", table: "needs"), .like, SQLBind(BarList.pattern(containing: clause.rawValue))) }
            return query
        }
        if (filter.mine || filter.state != nil) && filter.organisations.isEmpty { return ([], 0) }
        let total = try await filtered(sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "count").from("needs"))
            .first(decodingColumn: "count", as: Int.self) ?? 0
        let rows = try await filtered(sql.select().columns(columns).from("needs"))
            .orderBy(SQLOrderBy(expression: SQLColumn(filter.awardedInclusive ? "closed_at" : filter.mine || filter.state != nil ? "updated_at" : "published_at", table: "needs"), direction: SQLDirection.descending))
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "needs"), direction: SQLDirection.ascending))
            .limit(filter.size).offset((filter.page - 1) * filter.size)
            .all(decoding: Row.self, table: "needs", keys: .snakeCaseColumns)
        return (try await records(rows, on: database), total)
    }
}

extension NeedStore {
    /// One transition, as the need's history shows it.
    package struct Transition: Decodable, Sendable {
        package var id: UUID
        package var fromState: NeedState?
        package var toState: NeedState
        package var actor: String
        package var message: String?
        package var at: Date
    }

    package static func transitions(of need: UUID, on database: any Database) async throws -> [Transition] {
        try await database.sql.select().columns("id", "from_state", "to_state", "actor", "message", "at").from("need_events")
            .where("need_id", .equal, SQLBind(need)).orderBy("at").all(decoding: Transition.self, table: "need_events", keys: .snakeCaseColumns)
    }

    /// Needs waiting for a moderator, oldest first (the policy then keeps those of the actor's territory).
    package static func submitted(on database: any Database) async throws -> [NeedRecord] {
        try await records(database.sql.select().columns(columns).from("needs")
            .where(SQLColumn("state", table: "needs"), .equal, SQLBind(NeedState.submitted.rawValue))
            .orderBy(SQLOrderBy(expression: SQLColumn("updated_at", table: "needs"), direction: SQLDirection.ascending))
            .limit(1000).all(decoding: Row.self, table: "needs", keys: .snakeCaseColumns), on: database)
    }
}
