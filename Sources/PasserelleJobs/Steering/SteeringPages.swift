import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The steering figures of jobs and bridges, for the territory's stewards (within their
/// perimeter) and the platform team: offers, applications and their outcomes, immersions and
/// those that ended in a hiring, by département over a period; the same figures as CSV. Counts
/// only: no person, no company is named.
package struct SteeringPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.steering, use: page)
        routes.get(JobsPaths.steeringCSV, use: csv)
    }

    package struct Row: Encodable {
        var label: String
        var offers: String
        var open: String
        var inclusive: String
        var applications: String
        var accepted: String
        var refused: String
        var unanswered: String
        var acceptance: String
        var hired: String
        var immersions: String
        var assessed: String
        var endedInHiring: String
        var immersionHiring: String
    }

    package struct Context: Encodable {
        var layout: Layout
        var from: String
        var to: String
        var scope: String
        var total: Row
        var rows: [Row]
        var csvHref: String
        var problem: String?
    }

    struct Reading {
        var from: String
        var to: String
        var problem: String?
    }

    /// Stewards and the platform team; a visitor signs in; anyone else is told who may.
    private func steward(_ request: Request) async throws -> Policy.Actor? {
        guard request.signedInUser != nil else { return nil }
        let actor = try await request.actor()
        guard actor.isPlatformTeam || actor.isSteward else {
            throw Abort(.forbidden, reason: "Les chiffres de pilotage des emplois reviennent aux pilotes du territoire (DREETS, DDETS, réseaux) et à l’équipe de la plateforme.")
        }
        return actor
    }

    static func period(_ request: Request) -> Reading {
        let today = DateText.parisDay(Date())
        let from = request.query[String.self, at: "du"] ?? String(today.prefix(4)) + "-01-01"
        let to = request.query[String.self, at: "au"] ?? today
        guard CivilDay(from) != nil, CivilDay(to) != nil, from <= to else {
            return Reading(from: String(today.prefix(4)) + "-01-01", to: today,
                           problem: "La période doit aller d’une date à une date postérieure (AAAA-MM-JJ) : l’année en cours est affichée.")
        }
        return Reading(from: from, to: to)
    }

    /// The areas `actor` may read: everything for the platform team, the facts placed in its
    /// perimeters for a steward.
    static func areas(_ actor: Policy.Actor, reading: Reading, request: Request) async throws -> (areas: [JobsSteering.Area], scope: String) {
        let gazetteer = try request.platform.reference.gazetteer
        let facts = try await SteeringStore.facts(from: reading.from, to: reading.to, departementOf: { gazetteer.commune($0)?.departementCode }, on: request.db)
        let perimeters = actor.memberships.filter { $0.kind == .steward && $0.verified }.flatMap(\.territory)
        func visible(_ commune: String) -> Bool {
            if actor.isPlatformTeam { return true }
            guard let place = gazetteer.commune(commune) else { return false }
            return perimeters.contains { ReachRule.contains($0, place) }
        }
        let areas = JobsSteering.areas(offers: facts.offers.filter { visible($0.commune) }.map(\.fact),
                                       applications: facts.applications.filter { visible($0.commune) }.map(\.fact),
                                       immersions: facts.immersions.filter { visible($0.commune) }.map(\.fact))
        let scope = actor.isPlatformTeam ? "toute la France" : perimeters.map { gazetteer.label(of: $0) }.joined(separator: ", ")
        return (areas, scope)
    }

    static func row(_ area: JobsSteering.Area, gazetteer: Gazetteer) -> Row {
        func number(_ value: Int) -> String { French.number(value) }
        return Row(label: area.code.map { gazetteer.label(of: .departement($0)) } ?? "Total", offers: number(area.offers), open: number(area.openOffers),
                   inclusive: number(area.inclusiveOffers), applications: number(area.applications), accepted: number(area.accepted), refused: number(area.refused),
                   unanswered: number(area.unanswered), acceptance: area.acceptanceRate.map { "\($0) %" } ?? "—", hired: number(area.hired),
                   immersions: number(area.immersions), assessed: number(area.assessed), endedInHiring: number(area.endedInHiring),
                   immersionHiring: area.immersionHiringRate.map { "\($0) %" } ?? "—")
    }

    @Sendable
    func page(request: Request) async throws -> Response {
        guard let actor = try await steward(request) else { return request.redirectToSignIn() }
        let reading = Self.period(request)
        let (areas, scope) = try await Self.areas(actor, reading: reading, request: request)
        let gazetteer = try request.platform.reference.gazetteer
        return try await request.view.render("jobs/steering", Context(
            layout: Layout(title: "Pilotage des emplois et passerelles — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: "Pilotage")], request: request),
            from: reading.from, to: reading.to, scope: scope, total: Self.row(areas[0], gazetteer: gazetteer),
            rows: areas.dropFirst().map { Self.row($0, gazetteer: gazetteer) },
            csvHref: JobsPaths.steeringCSV.link(query: [("du", reading.from), ("au", reading.to)]), problem: reading.problem)).encodeResponse(for: request)
    }

    @Sendable
    func csv(request: Request) async throws -> Response {
        guard let actor = try await steward(request) else { return request.redirectToSignIn() }
        let reading = Self.period(request)
        guard reading.problem == nil else { throw Abort(.badRequest, reason: reading.problem ?? "") }
        let (areas, _) = try await Self.areas(actor, reading: reading, request: request)
        var writer = CSV.Writer()
        writer.append(["Département", "Code", "Du", "Au", "Offres publiées", "Offres ouvertes", "Offres de structures inclusives", "Offres pourvues", "Candidatures",
                       "En cours", "Acceptées", "Refusées", "Sans réponse", "Annulées", "Taux d’acceptation (%)", "Embauches confirmées", "Immersions",
                       "Immersions terminées", "Immersions suivies d’une embauche", "Part des immersions suivies d’une embauche (%)"])
        let gazetteer = try request.platform.reference.gazetteer
        for area in areas {
            writer.append([area.code.map { gazetteer.label(of: .departement($0)) } ?? "Total", area.code ?? "", reading.from, reading.to, String(area.offers),
                           String(area.openOffers), String(area.inclusiveOffers), String(area.filledOffers), String(area.applications), String(area.pending),
                           String(area.accepted), String(area.refused), String(area.unanswered), String(area.cancelled), area.acceptanceRate.map(String.init) ?? "",
                           String(area.hired), String(area.immersions), String(area.assessed), String(area.endedInHiring), area.immersionHiringRate.map(String.init) ?? ""])
        }
        return try await AuditedExport.csv(writer.text, name: "emplois-pilotage", rows: areas.count, request: request)
    }
}
