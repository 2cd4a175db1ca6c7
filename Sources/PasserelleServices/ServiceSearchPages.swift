import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// The search of partner services around a commune, and its CSV export: the same reading of the
/// parameters and the same search as the API.
package struct ServiceSearchPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicesPaths.search, use: search)
        routes.get(ServicesPaths.searchCSV, use: export)
    }

    package struct Check: Encodable {
        package var value: String
        package var label: String
        package var checked: Bool
    }

    package struct Result: Encodable {
        package var name: String
        package var href: String
        package var provider: String
        package var type: String?
        package var categories: [String]
        /// « à 12 km », « sur place », « à distance ».
        package var reach: String
        package var place: String?
        package var fee: String?
    }

    package struct SearchContext: Encodable {
        package var layout: Layout
        package var communeText: String
        package var communeCode: String
        package var words: String
        package var categories: [Check]
        package var types: [Check]
        package var fees: [Check]
        package var modes: [Check]
        package var publics: String
        package var searched: Bool
        package var problems: [String]
        package var summary: String
        package var results: [Result]
        package var pagination: Pagination
        package var csvHref: String
    }

    /// What the page was asked: the query items with the commune typed resolved to its code.
    package struct Reading {
        package var items: [(String, String)]
        package var input: ServiceSearchInput
        package var commune: Commune?
        package var typed: String
    }

    package static func read(_ request: Request, gazetteer: Gazetteer) -> Reading {
        var items = QueryItems.parse(request.url.query).filter { !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }
        let typed = items.first { $0.0 == "commune_q" }?.1 ?? ""
        let picked = items.first { $0.0 == "commune" }?.1 ?? ""
        items.removeAll { $0.0 == "commune_q" || $0.0 == "commune" }
        var problems: [String] = []
        if !typed.isEmpty || !picked.isEmpty {
            let code = typed.isEmpty ? picked : CommuneInput.code(typed: typed, picked: picked, gazetteer: gazetteer)
            if gazetteer.commune(code) != nil { items.append(("commune", code)) } else { problems.append("Commune inconnue « \(typed.isEmpty ? picked : typed) » : choisissez-la dans la liste.") }
        }
        let snapshot = items
        var input = ServiceSearchInput.read({ name in snapshot.filter { $0.0 == name }.map(\.1) }, gazetteer: gazetteer, communeRequired: false)
        input.problems = problems + input.problems
        let commune = snapshot.first { $0.0 == "commune" }.flatMap { gazetteer.commune($0.1) }
        return Reading(items: items, input: input, commune: commune, typed: typed)
    }

    @Sendable
    package func search(request: Request) async throws -> View {
        let reference = try request.platform.reference
        let gazetteer = reference.gazetteer
        let reading = Self.read(request, gazetteer: gazetteer)
        let input = reading.input
        var hits: ServiceIndex.Results?
        if let query = input.query { hits = try await ServiceQueries.search(query, app: request.application, reference: reference) }
        let total = hits?.count ?? 0
        let shown = hits.map { Array($0.dropFirst((input.page - 1) * input.size).prefix(input.size)) } ?? []
        let chosen = Set(reading.items.map { "\($0.0)=\($0.1)" })
        func checks(_ name: String, _ terms: [ServiceVocabulary.Term]) -> [Check] {
            terms.map { Check(value: $0.value, label: $0.label, checked: chosen.contains("\(name)=\($0.value)")) }
        }
        let linkItems = reading.items.filter { $0.0 != "page" && $0.0 != "commune" }
            + (reading.commune.map { [("commune_q", $0.name.name), ("commune", $0.code)] } ?? [])
        let chosenPublic = reading.items.first { $0.0 == "public" }?.1
        return try await request.view.render("services/search", SearchContext(
            layout: Layout(title: "Services des partenaires\(reading.commune.map { " autour \($0.name.withDe)" } ?? "") — Passerelle", section: "services",
                           breadcrumbs: [.init(label: "Services des partenaires")], request: request),
            communeText: reading.commune?.name.name ?? reading.typed, communeCode: reading.commune?.code ?? "",
            words: reading.items.first { $0.0 == "q" }?.1 ?? "",
            categories: ServiceVocabulary.categories.map { Check(value: $0.slug, label: $0.label, checked: chosen.contains("thematique=\($0.slug)")) },
            types: checks("type", ServiceVocabulary.types), fees: checks("frais", ServiceVocabulary.fees), modes: checks("mode_accueil", ServiceVocabulary.receptionModes),
            publics: HTMLFragments.options([.init(value: "", label: "Tous les publics", chosen: chosenPublic == nil)]
                + ServiceVocabulary.publics.filter { $0.value != "tous-publics" }.map { .init(value: $0.value, label: $0.label, chosen: chosenPublic == $0.value) }),
            searched: input.query != nil, problems: input.problems,
            summary: French.count(total, "service", "services") + (reading.commune.map { " pour une personne qui habite \($0.name.name)" } ?? ""),
            results: shown.map { Self.result($0, gazetteer: gazetteer) },
            pagination: Pagination(page: input.page, total: total, size: input.size, path: ServicesPaths.search.link(), query: linkItems),
            csvHref: ServicesPaths.searchCSV.link(query: linkItems)
        ))
    }

    package static func result(_ hit: ServiceHit, gazetteer: Gazetteer) -> Result {
        let service = hit.service
        let reach: String = if let distance = hit.distanceKm {
            distance < 1 ? "sur place" : "à \(French.number(Int(distance.rounded()))) km"
        } else {
            "à distance"
        }
        return Result(
            name: service.name, href: Links.service(service.id), provider: service.provider.name,
            type: service.type.map { ServiceVocabulary.label($0, in: ServiceVocabulary.types) }, categories: service.categories.map(\.label),
            reach: reach, place: service.communeCode.flatMap(gazetteer.commune).map { "\($0.name.name) (\($0.departementCode))" },
            fee: service.fee.map { ServiceVocabulary.label($0.rawValue, in: ServiceVocabulary.fees) })
    }

    /// Every service found, one per line; contacts only for people signed in, as on the pages.
    @Sendable
    package func export(request: Request) async throws -> Response {
        let reference = try request.platform.reference
        let reading = Self.read(request, gazetteer: reference.gazetteer)
        guard reading.input.problems.isEmpty, let query = reading.input.query else {
            throw Abort(.badRequest, reason: reading.input.problems.first ?? "Choisissez la commune autour de laquelle chercher.")
        }
        let hits = try await ServiceQueries.search(query, app: request.application, reference: reference)
        let signedIn = request.signedInUser != nil
        var writer = CSV.Writer()
        writer.append(["Service", "Identifiant", "Structure", "Type", "Thématiques", "Publics", "Frais", "Modes d’accueil", "Commune", "Distance (km)",
                       "Zone d’éligibilité", "Adresse", "Téléphone", "Courriel", "Lien de mobilisation", "Mise à jour", "Page"])
        for hit in hits {
            let service = hit.service
            let contacts = signedIn ? [service.address ?? "", service.phone ?? "", service.email ?? "", service.mobilisationLink ?? ""] : ["", "", "", ""]
            writer.append([service.name, service.id.uuidString.lowercased(), service.provider.name, service.type ?? "", service.thematiques.joined(separator: " "),
                           service.publics.joined(separator: " "), service.fee?.rawValue ?? "", service.receptionModes.map(\.rawValue).joined(separator: " "),
                           service.communeCode ?? "", hit.distanceKm.map { String(format: "%.1f", $0).replacingOccurrences(of: ".", with: ",") } ?? "",
                           service.zone.codes.joined(separator: " ")] + contacts
                          + [DateText.isoDay(service.updatedAt), request.application.platform.config.publicURL + Links.service(service.id)])
        }
        return try await AuditedExport.csv(writer.text, name: "services", rows: hits.count, request: request)
    }
}
