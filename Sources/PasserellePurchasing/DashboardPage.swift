import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import SQLKit
import Vapor

/// The territory dashboard of responsible purchasing, for facilitators, stewards and the platform
/// team: the figures of the needs they moderate (`TerritoryDashboard` adds them up).
package enum DashboardStore {
    package struct Row: Decodable, Sendable {
        package var id: UUID
        package var organisationID: UUID
        package var departements: String
        package var regions: String
        package var state: NeedState
        package var clauseKinds: String
        package var winnerKind: String?
        package var awardedAmount: Int?
        package var insertionHours: Int
        package var sent: Int
        package var seen: Int
        package var interested: Int
        package var notInterested: Int
        package var inGroups: Int
        package var done: Int
    }

    /// Every need but drafts, with its deliveries, answers and hours, one statement.
    package static func rows(on database: any Database) async throws -> [Row] {
        try await database.sql.raw("""
            SELECT n.id AS id, n.organisation_id AS organisation_id, n.departements AS departements, n.regions AS regions, n.state AS state,
                   n.clause_kinds AS clause_kinds, n.winner_kind AS winner_kind, n.awarded_amount AS awarded_amount, n.insertion_hours AS insertion_hours,
                   COALESCE(d.sent, 0) AS sent, COALESCE(d.seen, 0) AS seen, COALESCE(a.interested, 0) AS interested,
                   COALESCE(a.not_interested, 0) AS not_interested, COALESCE(a.in_groups, 0) AS in_groups, COALESCE(h.done, 0) AS done
            FROM needs n
            LEFT JOIN (SELECT need_id, COUNT(*) AS sent, COUNT(seen_at) AS seen FROM need_deliveries GROUP BY need_id) d ON d.need_id = n.id
            LEFT JOIN (SELECT need_id,
                              CAST(SUM(CASE WHEN stance = \(bind: AnswerStance.interested.rawValue) THEN 1 ELSE 0 END) AS BIGINT) AS interested,
                              CAST(SUM(CASE WHEN stance = \(bind: AnswerStance.notInterested.rawValue) THEN 1 ELSE 0 END) AS BIGINT) AS not_interested,
                              CAST(SUM(CASE WHEN stance = \(bind: AnswerStance.group.rawValue) THEN 1 ELSE 0 END) AS BIGINT) AS in_groups
                       FROM need_answers GROUP BY need_id) a ON a.need_id = n.id
            LEFT JOIN (SELECT need_id, CAST(SUM(hours) AS BIGINT) AS done FROM insertion_hours GROUP BY need_id) h ON h.need_id = n.id
            WHERE n.state <> \(bind: NeedState.draft.rawValue)
            """).all(decoding: Row.self, table: "needs", keys: .snakeCaseColumns)
    }

    package static func figures(_ row: Row) throws -> TerritoryDashboard.NeedFigures {
        let winner: TerritoryDashboard.Winner? = switch row.winnerKind {
        case nil: nil
        case "autre": .other
        default: .inclusive
        }
        return TerritoryDashboard.NeedFigures(
            state: row.state, clauses: Set(try ClauseKind.storedList(row.clauseKinds, table: "needs", column: "clause_kinds", id: row.id)),
            departements: BarList.split(row.departements),
            funnel: AnswerFunnel(sent: row.sent, seen: row.seen, interested: row.interested, notInterested: row.notInterested, inGroups: row.inGroups),
            winner: winner, awardedAmount: row.awardedAmount, hoursTarget: row.insertionHours, hoursDone: row.done
        )
    }


    /// The rows the actor moderates, narrowed to one département when asked.
    package static func visible(to actor: Policy.Actor, departement: String?, on database: any Database) async throws -> (rows: [Row], departements: Set<String>) {
        let rows = try await rows(on: database).filter { row in
            let ref = Policy.NeedRef(organisation: row.organisationID, departements: Set(BarList.split(row.departements)), regions: Set(BarList.split(row.regions)))
            return Policy.decide(.moderate, on: ref, for: actor) == .allowed
        }
        let departements = Set(rows.flatMap { BarList.split($0.departements) })
        guard let departement else { return (rows, departements) }
        return (rows.filter { BarList.split($0.departements).contains(departement) }, departements)
    }
}

package struct DashboardPage: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(PurchasingPaths.dashboard, use: page)
        routes.get(PurchasingPaths.dashboardCSV, use: csv)
    }

    package struct Figure: Encodable {
        package var label: String
        package var value: String
    }

    package struct AreaRow: Encodable {
        package var label: String
        package var needs: String
        package var published: String
        package var awarded: String
        package var inclusiveShare: String
        package var amountInclusive: String
        package var answerRate: String
        package var hours: String
    }

    package struct Context: Encodable {
        package var layout: Layout
        package var departements: String
        package var scope: String
        package var isEmpty: Bool
        package var states: [Figure]
        package var clauses: [Figure]
        package var answers: [Figure]
        package var awards: [Figure]
        package var hours: [Figure]
        package var areas: [AreaRow]
        package var csvHref: String
    }

    /// Facilitators, stewards and the platform team; others are told who may.
    private static func moderator(_ request: Request) async throws -> Policy.Actor {
        let actor = try await request.actor()
        guard actor.moderatesNeeds else {
            throw Abort(.forbidden, reason: "Le tableau de bord des achats revient aux facilitateurs et aux animateurs d’un territoire.")
        }
        return actor
    }

    private static func departementParameter(_ request: Request) -> String? {
        QueryItems.parse(request.url.query).first { $0.0 == "departement" }.map(\.1).flatMap { $0.isEmpty ? nil : $0 }
    }

    private static func euros(_ amount: Int) -> String { "\(French.number(amount)) €" }

    private static func areaLabel(_ code: String?, gazetteer: Gazetteer) -> String {
        guard let code else { return "Besoins nationaux ou régionaux" }
        return gazetteer.label(of: .departement(code))
    }

    private static func row(_ area: TerritoryDashboard.Area, gazetteer: Gazetteer) -> AreaRow {
        let totals = area.totals
        return AreaRow(
            label: areaLabel(area.code, gazetteer: gazetteer), needs: French.number(totals.needs), published: French.number(totals.byState[.published] ?? 0),
            awarded: French.number(totals.awarded), inclusiveShare: totals.inclusiveShare.map { "\($0) %" } ?? "—",
            amountInclusive: euros(totals.amountInclusive), answerRate: totals.funnel.sent == 0 ? "—" : "\(totals.funnel.answerRate) %",
            hours: totals.hoursTarget == 0 ? "—" : "\(French.number(totals.hoursDone)) / \(French.number(totals.hoursTarget))"
        )
    }

    @Sendable
    package func page(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let actor = try await Self.moderator(request)
        let departement = Self.departementParameter(request)
        let (rows, departements) = try await DashboardStore.visible(to: actor, departement: departement, on: request.db)
        let board = TerritoryDashboard(try rows.map(DashboardStore.figures))
        let gazetteer = try request.platform.reference.gazetteer
        let total = board.total
        return try await request.view.render("needs/dashboard", Context(
            layout: Layout(title: "Tableau de bord des achats — Passerelle", section: "tableau-de-bord",
                           breadcrumbs: [.init(label: "Besoins d’achat", href: PurchasingPaths.needs.link()), .init(label: "Tableau de bord")], request: request),
            departements: HTMLFragments.options([.init(value: "", label: "Tout votre territoire", chosen: departement == nil)]
                + departements.sorted().map { .init(value: $0, label: Self.areaLabel($0, gazetteer: gazetteer), chosen: $0 == departement) }),
            scope: departement.map { Self.areaLabel($0, gazetteer: gazetteer) } ?? "tout votre territoire",
            isEmpty: total.needs == 0,
            states: NeedState.allCases.filter { $0 != .draft }.map { .init(label: $0.label, value: French.number(total.byState[$0] ?? 0)) },
            clauses: ClauseKind.allCases.map { .init(label: $0.label, value: French.number(total.byClause[$0] ?? 0)) },
            answers: [
                .init(label: "Structures destinataires (envois)", value: French.number(total.funnel.sent)),
                .init(label: "Besoins consultés par une structure", value: French.number(total.funnel.seen)),
                .init(label: "Réponses « intéressée »", value: French.number(total.funnel.interested)),
                .init(label: "Réponses « en groupement »", value: French.number(total.funnel.inGroups)),
                .init(label: "Réponses « pas intéressée »", value: French.number(total.funnel.notInterested)),
                .init(label: "Taux de réponse", value: total.funnel.sent == 0 ? "—" : "\(total.funnel.answerRate) %"),
            ],
            awards: [
                .init(label: "Besoins attribués", value: French.number(total.awarded)),
                .init(label: "Dont à des structures inclusives ou à leurs groupements", value: French.number(total.awardedInclusive) + (total.inclusiveShare.map { " (\($0) %)" } ?? "")),
                .init(label: "Montant attribué aux structures inclusives", value: Self.euros(total.amountInclusive)),
                .init(label: "Montant attribué à d’autres fournisseurs", value: Self.euros(total.amountOther)),
                .init(label: "Attributions sans montant déclaré", value: French.number(total.awardedWithoutAmount)),
            ],
            hours: [
                .init(label: "Heures d’insertion prévues par les clauses", value: French.number(total.hoursTarget)),
                .init(label: "Heures réalisées déclarées", value: French.number(total.hoursDone)),
                .init(label: "Avancement", value: total.hoursProgress.map { "\($0) %" } ?? "—"),
            ],
            areas: board.areas.map { Self.row($0, gazetteer: gazetteer) },
            csvHref: PurchasingPaths.dashboardCSV.link() + (departement.map { "?departement=\($0)" } ?? "")
        )).encodeResponse(for: request)
    }

    @Sendable
    package func csv(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let actor = try await Self.moderator(request)
        let (rows, _) = try await DashboardStore.visible(to: actor, departement: Self.departementParameter(request), on: request.db)
        let board = TerritoryDashboard(try rows.map(DashboardStore.figures))
        var writer = CSV.Writer()
        writer.append(["Département", "Besoins", "Soumis", "Publiés", "Clos attribués", "Dont structures inclusives", "Montant structures inclusives (€)",
                       "Montant autres fournisseurs (€)", "Envois", "Intéressées", "En groupement", "Pas intéressées", "Heures prévues", "Heures réalisées"])
        let lines: [(String, TerritoryDashboard.Totals)] = board.areas.map { ($0.code ?? "national ou régional", $0.totals) } + [("total", board.total)]
        for (label, totals) in lines {
            let counts: [Int] = [totals.needs, totals.byState[.submitted] ?? 0, totals.byState[.published] ?? 0, totals.awarded, totals.awardedInclusive,
                                 totals.amountInclusive, totals.amountOther, totals.funnel.sent, totals.funnel.interested, totals.funnel.inGroups,
                                 totals.funnel.notInterested, totals.hoursTarget, totals.hoursDone]
            writer.append([label] + counts.map(String.init))
        }
        return try await AuditedExport.csv(writer.text, name: "tableau-de-bord-achats", rows: board.areas.count, request: request)
    }
}
