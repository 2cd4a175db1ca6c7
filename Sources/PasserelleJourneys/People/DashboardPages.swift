import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// A structure's journey dashboard: what its people became over a period, for its members, in
/// full (the figures stay inside the structure), with the same figures as CSV.
package struct DashboardPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.dashboard, use: show)
        routes.get(JourneysPaths.dashboardCSV, use: csv)
    }

    /// One line of the dashboard: its name and its value, said in French.
    package struct Line: Encodable {
        var label: String
        var value: String
    }

    package struct Context: Encodable {
        var layout: Layout
        var structureName: String
        var structureID: String
        var from: String
        var to: String
        var referents: [ChoiceOption]
        var lines: [Line]
        var exits: [Line]
        var csv: String
        var problem: String?
    }

    struct Period {
        var structure: UUID
        var from: String
        var to: String
        var referent: UUID?
        var query: [(String, String)]
        var problem: String?
    }

    private func period(_ request: Request, reader: PeopleAccess.Reader) throws -> Period {
        let asked = request.query[String.self, at: "structure"].flatMap(UUID.init(uuidString:))
        guard let structure = PeopleAccess.structure(asked: asked, for: reader.actor) else { throw Abort(.forbidden, reason: PeoplePages.refused) }
        let today = DateText.parisDay(Date())
        var from = request.query[String.self, at: "du"] ?? String(today.prefix(4)) + "-01-01"
        var to = request.query[String.self, at: "au"] ?? today
        var problem: String?
        if CivilDay(from) == nil || CivilDay(to) == nil || from > to {
            problem = "La période doit aller d’une date à une date postérieure (AAAA-MM-JJ) : l’année en cours est affichée."
            (from, to) = (String(today.prefix(4)) + "-01-01", today)
        }
        let referent = request.query[String.self, at: "referent"].flatMap(UUID.init(uuidString:))
        var query = [("structure", structure.uuidString.lowercased()), ("du", from), ("au", to)]
        if let referent { query.append(("referent", referent.uuidString.lowercased())) }
        return Period(structure: structure, from: from, to: to, referent: referent, query: query, problem: problem)
    }

    static func lines(_ figures: JourneyFigures) -> [Line] {
        func share(_ part: Int, _ whole: Int) -> String { whole == 0 ? "aucune nouvelle" : "\(part) sur \(whole) (\(Int((Double(part) * 100 / Double(whole)).rounded())) %)" }
        return [
            .init(label: "Personnes accompagnées sur la période", value: French.number(figures.accompanied)),
            .init(label: "Dossiers ouverts sur la période", value: French.number(figures.opened)),
            .init(label: "Freins identifiés", value: French.number(figures.barriersMet)),
            .init(label: "Freins levés", value: French.number(figures.barriersLifted)),
            .init(label: "Sorties", value: French.number(figures.exitCount)),
            .init(label: "Taux de sorties dynamiques", value: figures.dynamicRate.map { "\($0) %" } ?? "sans sortie"),
            .init(label: "Durée médiane jusqu’à la sortie", value: figures.medianDaysToExit.map { French.count($0, "jour") } ?? "sans sortie"),
            .init(label: "En emploi au suivi à 6 mois", value: share(figures.followUp6.employed, figures.followUp6.known)),
            .init(label: "En emploi au suivi à 12 mois", value: share(figures.followUp12.employed, figures.followUp12.known)),
        ]
    }

    @Sendable
    package func show(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let period = try period(request, reader: reader)
        let facts = try await JourneyFactsStore.facts(structure: period.structure, referent: period.referent, on: request.db)
        let figures = JourneyFigures.compute(facts, from: period.from, to: period.to)
        let members = try await OrganisationQueries.members(ofStructure: period.structure, on: request.db)
        let response = try await request.view.render("journeys/dashboard", Context(
            layout: PeoplePages.layout("Tableau de bord des parcours", crumbs: [.init(label: "Personnes accompagnées", href: JourneysPaths.people.link()),
                                                                                 .init(label: "Tableau de bord")], request: request),
            structureName: try await DirectoryQueries.structure(id: period.structure, on: request.db)?.name ?? "Structure",
            structureID: period.structure.uuidString.lowercased(), from: period.from, to: period.to,
            referents: members.map { .init(value: $0.id.uuidString.lowercased(), label: $0.name, checked: $0.id == period.referent) },
            lines: Self.lines(figures),
            exits: ExitCategory.allCases.map { .init(label: $0.label, value: French.number(figures.exits[$0] ?? 0)) },
            csv: JourneysPaths.dashboardCSV.link(query: period.query), problem: period.problem
        )).encodeResponse(for: request)
        return PeoplePages.private(response)
    }

    @Sendable
    package func csv(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let period = try period(request, reader: reader)
        let facts = try await JourneyFactsStore.facts(structure: period.structure, referent: period.referent, on: request.db)
        let figures = JourneyFigures.compute(facts, from: period.from, to: period.to)
        var writer = CSV.Writer()
        writer.append(["Indicateur", "Valeur", "Du", "Au"])
        for line in Self.lines(figures) + ExitCategory.allCases.map({ Line(label: "Sorties : \($0.label.lowercased())", value: String(figures.exits[$0] ?? 0)) }) {
            writer.append([line.label, line.value, period.from, period.to])
        }
        return PeoplePages.private(try await AuditedExport.csv(writer.text, name: "parcours-tableau-de-bord", rows: 13, request: request))
    }
}
