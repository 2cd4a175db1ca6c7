import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// « Potentiel inclusif » : for a sector, a place and an amount, how many structures could
/// answer, and which clause to choose, with the rule that says so. Public, like the preview API.
package struct PotentialPage: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(PurchasingPaths.potential, use: potential)
    }

    package struct Context: Encodable {
        package var layout: Layout
        package var sectors: String
        package var amounts: String
        package var placeText: String
        package var placeCode: String
        package var radii: [ChoiceOption]
        package var error: String?
        package var result: Result?

        package struct Result: Encodable {
            package var place: String
            package var total: String
            package var siae: String
            package var stpa: String
            package var recommendation: String
            package var rule: String
            package var searchHref: String
            /// The need form filled with what was sized, for those who may post a need.
            package var needHref: String?
        }
    }

    @Sendable
    package func potential(request: Request) async throws -> View {
        let reference = try request.platform.reference
        let items = QueryItems.parse(request.url.query)
        func value(_ key: String) -> String { String(items.first { $0.0 == key }?.1.trimmingCharacters(in: .whitespaces).prefix(200) ?? "") }
        let sector = value("sector"), amount = value("amount"), radius = value("radius_km").isEmpty ? "0" : value("radius_km")
        var placeCode = value("commune")
        var placeText = value("commune_q")
        if reference.gazetteer.commune(placeCode) == nil, !placeText.isEmpty {
            placeCode = reference.gazetteer.searchCommunes(placeText, limit: 1).first?.code ?? ""
        }
        if let commune = reference.gazetteer.commune(placeCode) { placeText = commune.name.name }
        var context = Context(
            layout: Layout(title: "Potentiel inclusif d’un achat — Passerelle", section: "besoins",
                           breadcrumbs: [.init(label: "Besoins d’achat", href: PurchasingPaths.needs.link()), .init(label: "Potentiel inclusif")], request: request),
            sectors: HTMLFragments.options([.init(value: "", label: "Choisir un secteur", chosen: sector.isEmpty)] + reference.taxonomy.groups.flatMap { group in
                group.sectors.map { HTMLFragments.Choice(value: $0.slug, label: "\(group.name) — \($0.name)", chosen: $0.slug == sector) }
            }),
            amounts: NeedFormPages.amountOptions(amount), placeText: placeText, placeCode: placeCode,
            radii: ["0", "10", "20", "30", "50"].map { .init(value: $0, label: $0 == "0" ? "structures qui interviennent sur la commune" : "et celles situées à moins de \($0) km", checked: $0 == radius) }
        )
        guard !items.isEmpty else { return try await request.view.render("needs/potential", context) }
        guard !sector.isEmpty, reference.gazetteer.commune(placeCode) != nil else {
            context.error = sector.isEmpty ? "Choisissez un secteur." : "Aucune commune ne correspond à « \(placeText) » : vérifiez l’orthographe ou donnez le code postal."
            return try await request.view.render("needs/potential", context)
        }
        var target = NeedTargetInput()
        target.sectors = [sector]
        target.place = placeCode
        target.radiusKm = Double(radius).flatMap { $0 > 0 ? $0 : nil }
        switch MatchPreview.of(target, amount: NeedAmount(token: amount) ?? .unknown, in: try await request.directoryIndex(), size: 0) {
        case .failure(let problems):
            context.error = problems.list.map(\.message).joined(separator: " ")
        case .success(let preview):
            let potential = preview.potential
            context.result = .init(
                place: NeedPlaceLabel.of(.place(communeCode: placeCode, radiusKm: target.radiusKm), gazetteer: reference.gazetteer),
                total: French.count(potential.total, "structure inclusive", "structures inclusives"), siae: French.count(potential.siae, "SIAE", "SIAE"),
                stpa: French.count(potential.stpa, "structure du travail protégé et adapté (STPA)", "structures du travail protégé et adapté (STPA)"),
                recommendation: potential.recommendation.label, rule: potential.rule,
                searchHref: Links.search([("sector", sector), ("covers", placeCode)]),
                needHref: NeedFormPages.offersNeedForm(to: try await request.actor()) ? PurchasingPaths.newNeed.link(query: NeedPrefill(
                    sector: sector, place: placeCode, radiusKm: target.radiusKm, amount: NeedAmount(token: amount) == nil || amount.isEmpty ? nil : amount,
                    clause: NeedPrefill.clause(for: potential.recommendation)).query) : nil
            )
        }
        return try await request.view.render("needs/potential", context)
    }
}
