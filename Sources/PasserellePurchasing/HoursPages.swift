import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// Insertion hours: recorded month by month on an awarded need, followed per need, per buyer and
/// per territory; and the public list of needs won by inclusive suppliers.
package enum HoursStore {
    package struct Month: Decodable, Sendable {
        package var month: String
        package var hours: Int
        package var actor: String
        package var updatedAt: Date
    }

    package static func months(of need: UUID, on database: any Database) async throws -> [Month] {
        try await database.sql.select().columns("month", "hours", "actor", "updated_at").from("insertion_hours")
            .where("need_id", .equal, SQLBind(need)).orderBy("month").all(decoding: Month.self, table: "insertion_hours", keys: .snakeCaseColumns)
    }

    /// A month's declared hours, its row locked until the transaction ends (PostgreSQL; SQLite
    /// runs one writing transaction at a time); nil when nothing is declared for it.
    package static func lockedMonth(need: UUID, month: String, on database: any Database) async throws -> Int? {
        try await database.sql.select().column("hours").from("insertion_hours").where("need_id", .equal, SQLBind(need))
            .where("month", .equal, SQLBind(month)).for(.update).first(decodingColumn: "hours", as: Int.self)
    }

    /// A month of hours declared on a need a structure won, alone or in an accepted group.
    package struct WonMonth: Decodable, Sendable {
        package var needID: UUID
        package var title: String
        package var month: String
        package var hours: Int
    }

    /// The months of hours declared on the awarded needs `structure` won, newest first.
    package static func wonMonths(by structure: UUID, on database: any Database) async throws -> [WonMonth] {
        try await database.sql.raw("""
            SELECT n.id AS need_id, n.title AS title, h.month AS month, h.hours AS hours
            FROM needs n JOIN insertion_hours h ON h.need_id = n.id
            WHERE n.state = \(bind: NeedState.awarded.rawValue) AND n.insertion_hours > 0 AND (n.winner_structure_id = \(bind: structure)
               OR n.winner_group_id IN (SELECT group_id FROM need_group_members
                                        WHERE structure_id = \(bind: structure) AND status = \(bind: GroupMemberStatus.accepted.rawValue)))
            ORDER BY h.month DESC, n.title, n.id
            """).all(decoding: WonMonth.self, table: "needs", keys: .snakeCaseColumns)
    }

    /// Needs with insertion hours promised, with the hours done, for the follow-up.
    package struct Line: Sendable {
        package var id: UUID
        package var title: String
        package var organisationID: UUID
        package var organisationName: String
        package var departements: String
        package var regions: String
        package var state: NeedState
        package var insertionHours: Int
        package var done: Int?
    }

    /// Every such need, or only those of one buyer's organisation (its workspace asks on each visit).
    package static func followUp(of organisation: UUID? = nil, on database: any Database) async throws -> [Line] {
        struct Row: Decodable {
            package var id: UUID
            package var title: String
            package var organisationID: UUID
            package var departements: String
            package var regions: String
            package var state: NeedState
            package var insertionHours: Int
            package var done: Int?
        }
        let rows = try await database.sql.raw("""
            SELECT n.id AS id, n.title AS title, n.organisation_id AS organisation_id, n.departements AS departements,
                   n.regions AS regions, n.state AS state, n.insertion_hours AS insertion_hours, CAST(SUM(h.hours) AS BIGINT) AS done
            FROM needs n LEFT JOIN insertion_hours h ON h.need_id = n.id
            WHERE n.insertion_hours > 0 AND n.state IN (\(bind: NeedState.published.rawValue), \(bind: NeedState.awarded.rawValue))
              \(organisation.map { "AND n.organisation_id = \(bind: $0)" as SQLQueryString } ?? "")
            GROUP BY n.id, n.title, n.organisation_id, n.departements, n.regions, n.state, n.insertion_hours
            """).all(decoding: Row.self, table: "needs", keys: .snakeCaseColumns)
        let buyers = try await OrganisationQueries.names(of: rows.map(\.organisationID), on: database)
        return rows.map {
            Line(id: $0.id, title: $0.title, organisationID: $0.organisationID, organisationName: buyers[$0.organisationID] ?? "",
                 departements: $0.departements, regions: $0.regions, state: $0.state, insertionHours: $0.insertionHours, done: $0.done)
        }
        .sorted { ($0.organisationName, $0.title) < ($1.organisationName, $1.title) }
    }

    /// The last month with hours recorded, for each of these needs that has one.
    package static func lastMonths(of needs: [UUID], on database: any Database) async throws -> [UUID: String] {
        guard !needs.isEmpty else { return [:] }
        struct Row: Decodable { var needID: UUID; var month: String }
        return try await database.sql.raw("""
            SELECT need_id, MAX(month) AS month FROM insertion_hours WHERE need_id IN (\(binds: needs)) GROUP BY need_id
            """).all(decoding: Row.self, table: "insertion_hours", keys: .snakeCaseColumns).reduce(into: [:]) { $0[$1.needID] = $1.month }
    }

    /// The awarded needs among `lines` whose last month's hours are missing.
    package static func due(_ lines: [Line], on database: any Database, now: Date = Date()) async throws -> [Line] {
        let last = try await lastMonths(of: lines.map(\.id), on: database)
        let month = HoursPages.currentMonth(now)
        return lines.filter {
            PurchasingAttention.hoursAreDue(state: $0.state, target: $0.insertionHours, done: $0.done ?? 0, lastRecordedMonth: last[$0.id], currentMonth: month)
        }
    }

    /// The structures that won a need: the winner, or the members of the winning group.
    package static func winners(of record: NeedRecord, on database: any Database) async throws -> Set<UUID> {
        switch record.award {
        case .structure(let id, _)?: return [id]
        case .group(let id, _)?:
            return Set(try await GroupStore.members(on: record.id, on: database).filter { $0.groupID == id && $0.status == .accepted }.map(\.structureID))
        default: return []
        }
    }
}

package struct HoursPanel: Encodable {
    package struct Row: Encodable {
        package var month: String
        package var hours: String
        package var by: String
    }

    package var target: String
    package var done: String
    package var progress: String?
    package var rows: [Row]
    package var mayRecord: Bool
    package var currentMonth: String
    package var action: String
    package var csrf: String
}

package struct HoursPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.post(PurchasingPaths.recordHours, use: record)
        routes.get(PurchasingPaths.hours, use: followUp)
        routes.get(PurchasingPaths.hoursCSV, use: followUpCSV)
        routes.get(PurchasingPaths.awarded, use: awarded)
    }

    package static func currentMonth(_ now: Date = Date()) -> String { String(DateText.parisDay(now).prefix(7)) }

    /// The hours section of an awarded need with an insertion clause, for those who may read it.
    package static func panel(for record: NeedRecord, request: Request) async throws -> HoursPanel? {
        guard record.content.insertionHours > 0, record.state == .awarded || record.state == .published else { return nil }
        let months = try await HoursStore.months(of: record.id, on: request.db)
        let winners = try await HoursStore.winners(of: record, on: request.db)
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions, winners: winners)
        let actor = try await request.actor()
        let mayRecord = record.state == .awarded && Policy.decide(.recordHours, on: ref, for: actor) == .allowed
        guard mayRecord || Policy.decide(.read, on: ref, for: actor) == .allowed || !months.isEmpty else { return nil }
        let done = months.map(\.hours).reduce(0, +)
        return HoursPanel(
            target: French.count(record.content.insertionHours, "heure", "heures"), done: French.count(done, "heure", "heures"),
            progress: InsertionHours.progress(done: done, target: record.content.insertionHours).map { "\($0) %" },
            rows: months.map { .init(month: DateText.frenchMonth($0.month), hours: French.number($0.hours), by: $0.actor) },
            mayRecord: mayRecord, currentMonth: currentMonth(), action: PurchasingPaths.recordHours.link(record.id), csrf: CSRF.token(for: request)
        )
    }

    @Sendable
    package func record(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let record = try await NeedPages.visibleNeed(request)
        let winners = try await HoursStore.winners(of: record, on: request.db)
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions, winners: winners)
        guard Policy.decide(.recordHours, on: ref, for: try await request.actor()) == .allowed else {
            return try await NeedPages.renderNeed(request, error: "Seuls les facilitateurs du territoire et les structures titulaires déclarent les heures d’insertion.", status: .forbidden)
        }
        guard record.state == .awarded, record.content.insertionHours > 0 else {
            return try await NeedPages.renderNeed(request, error: "Les heures d’insertion se déclarent sur un besoin attribué qui comporte une clause sociale d’insertion.")
        }
        let form = SubmittedForm(request)
        let read: (month: String, hours: Int)
        switch InsertionHours.read(month: form["month"], hours: form["hours"], currentMonth: Self.currentMonth()) {
        case .success(let value): read = value
        case .failure(let problems): return try await NeedPages.renderNeed(request, error: problems.list.map(\.message).joined(separator: " "))
        }
        let now = Date()
        let attributed = request.application.purchasingParticipants.attributedHours
        let floor: String? = try await request.db.retryingTransaction { database in
            let sql = database.sql
            // The month's row is locked first, as attributions to people lock it: neither can
            // slip under the other.
            _ = try await HoursStore.lockedMonth(need: record.id, month: read.month, on: database)
            if let problem = HoursShare.floorProblem(declared: read.hours, attributed: try await attributed(record.id, read.month, database)) { return problem }
            // One figure per month: a new declaration for a month replaces the previous one.
            try await sql.delete(from: "insertion_hours").where("need_id", .equal, SQLBind(record.id)).where("month", .equal, SQLBind(read.month)).run()
            try await sql.insert(into: "insertion_hours").columns("id", "need_id", "month", "hours", "user_id", "actor", "created_at", "updated_at")
                .values(SQLBind(UUID()), SQLBind(record.id), SQLBind(read.month), SQLBind(read.hours), SQLBind(user.id), SQLBind(user.name), SQLBind(now), SQLBind(now)).run()
            try await Audit.record(.hoursRecorded, actorID: user.id, actor: user.email, object: "besoin:\(record.id.uuidString.lowercased())",
                                   detail: "\(read.month) : \(read.hours) h", address: request.clientAddress, on: database, at: now)
            return nil
        }
        if let floor { return try await NeedPages.renderNeed(request, error: floor, status: .conflict) }
        return request.redirect(to: Links.need(record.id) + "?heures=1#heures")
    }

    // MARK: Follow-up per need, buyer and territory

    package struct FollowUpContext: Encodable {
        package struct Row: Encodable {
            package var title: String
            package var href: String
            package var buyer: String
            package var territory: String
            package var state: String
            package var target: String
            package var done: String
            package var progress: String
        }

        package struct Total: Encodable {
            package var label: String
            package var target: String
            package var done: String
            package var progress: String
        }

        package var layout: Layout
        package var rows: [Row]
        package var byBuyer: [Total]
        package var byDepartement: [Total]
        package var total: Total
        package var csvHref: String
    }

    /// The needs the actor follows: their buyers' own, or those of their territory for
    /// facilitators, stewards and the platform team.
    private static func visibleLines(_ request: Request) async throws -> [HoursStore.Line] {
        let actor = try await request.actor()
        return try await HoursStore.followUp(on: request.db).filter { line in
            let ref = Policy.NeedRef(organisation: line.organisationID, departements: Set(BarList.split(line.departements)),
                                     regions: Set(BarList.split(line.regions)))
            return Policy.decide(.read, on: ref, for: actor) == .allowed
        }
    }

    private static func total(_ label: String, _ lines: [HoursStore.Line]) -> FollowUpContext.Total {
        let target = lines.map(\.insertionHours).reduce(0, +), done = lines.compactMap(\.done).reduce(0, +)
        return .init(label: label, target: French.number(target), done: French.number(done), progress: InsertionHours.progress(done: done, target: target).map { "\($0) %" } ?? "—")
    }

    @Sendable
    package func followUp(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let lines = try await Self.visibleLines(request)
        let gazetteer = try request.platform.reference.gazetteer
        func territory(_ line: HoursStore.Line) -> String {
            line.departements.split(separator: "|").map { gazetteer.label(of: .departement(String($0))) }.joined(separator: ", ")
        }
        let byDepartement = Dictionary(grouping: lines.flatMap { line in line.departements.split(separator: "|").map { (String($0), line) } }, by: \.0)
        return try await request.view.render("needs/hours", FollowUpContext(
            layout: Layout(title: "Heures d’insertion — Passerelle", section: "besoins", breadcrumbs: [.init(label: "Heures d’insertion")], request: request),
            rows: lines.map { line in
                .init(title: line.title, href: Links.need(line.id), buyer: line.organisationName, territory: territory(line),
                      state: line.state.label, target: French.number(line.insertionHours), done: French.number(line.done ?? 0),
                      progress: InsertionHours.progress(done: line.done ?? 0, target: line.insertionHours).map { "\($0) %" } ?? "—")
            },
            byBuyer: Dictionary(grouping: lines, by: \.organisationName).sorted { $0.key < $1.key }.map { Self.total($0.key, $0.value) },
            byDepartement: byDepartement.sorted { $0.key < $1.key }.map { code, pairs in
                Self.total(gazetteer.label(of: .departement(code)), pairs.map(\.1))
            },
            total: Self.total("Total", lines), csvHref: PurchasingPaths.hoursCSV.link()
        )).encodeResponse(for: request)
    }

    @Sendable
    package func followUpCSV(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let lines = try await Self.visibleLines(request)
        var writer = CSV.Writer()
        writer.append(["Besoin", "Identifiant", "Acheteur", "Départements", "État", "Heures prévues", "Heures réalisées"])
        for line in lines {
            writer.append([line.title, line.id.uuidString.lowercased(), line.organisationName, line.departements.split(separator: "|").joined(separator: " "),
                           line.state.label, String(line.insertionHours), String(line.done ?? 0)])
        }
        return try await AuditedExport.csv(writer.text, name: "heures-insertion", rows: lines.count, request: request)
    }

    // MARK: Needs won by inclusive suppliers

    package struct AwardedContext: Encodable {
        package struct Row: Encodable {
            package var title: String
            package var href: String
            package var buyer: String
            package var winner: String
            package var amount: String?
            package var hours: String?
            package var closedOn: String
        }

        package var layout: Layout
        package var rows: [Row]
        package var summary: String
    }

    @Sendable
    package func awarded(request: Request) async throws -> Response {
        var filter = NeedStore.Filter()
        filter.awardedInclusive = true
        filter.size = 100
        let (records, total) = try await NeedStore.list(filter, on: request.db)
        var rows: [AwardedContext.Row] = []
        for record in records {
            var winner = ""
            switch record.award {
            case .structure(let id, _)?: winner = try await DirectoryQueries.structure(id: id, on: request.db)?.name ?? "Structure retirée de l’annuaire"
            case .group(let id, _)?: winner = GroupStore.label(of: try await GroupStore.members(on: record.id, on: request.db).filter { $0.groupID == id })
            default: continue
            }
            rows.append(.init(title: record.content.title, href: Links.need(record.id), buyer: record.organisationName, winner: winner,
                              amount: record.award?.amount.map { "\(French.number($0)) €" },
                              hours: record.content.insertionHours > 0 ? French.count(record.content.insertionHours, "heure d’insertion", "heures d’insertion") : nil,
                              closedOn: record.closedAt.map(DateText.frenchDay) ?? ""))
        }
        return try await request.view.render("needs/awarded", AwardedContext(
            layout: Layout(title: "Marchés remportés par des structures inclusives — Passerelle", section: "besoins",
                           breadcrumbs: [.init(label: "Besoins d’achat", href: PurchasingPaths.needs.link()), .init(label: "Marchés remportés")], request: request),
            rows: rows, summary: French.count(total, "marché remporté", "marchés remportés") + " par des structures inclusives ou leurs groupements"
        )).encodeResponse(for: request)
    }
}
