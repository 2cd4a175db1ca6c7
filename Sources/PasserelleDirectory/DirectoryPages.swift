import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The directory's pages: search, profile. Handlers read the request, call the shared queries and
/// fill one context per page.
package struct DirectoryPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(DirectoryPaths.search, use: search)
        routes.get(DirectoryPaths.profile, use: profile)
    }

    // MARK: Search

    /// Up to this many results, a search invites to go further (post a need).
    package static let fewResults = 3

    @Sendable
    package func search(request: Request) async throws -> View {
        let reference = try request.platform.reference
        let form = SearchForm(items: QueryItems.parse(request.url.query), gazetteer: reference.gazetteer)
        let input = form.input
        var context = SearchPageContext(form: form, reference: reference, request: request)
        switch input.validate(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy) {
        case .failure(let problem):
            context.error = problem.reason
        case .success(let query):
            let index = try await request.directoryIndex()
            let result = index.search(query)
            context.fill(with: result, query: query, form: form, reference: reference)
            if result.total <= DirectoryPages.fewResults, query.text != nil || !query.sectors.isEmpty || query.placeCode != nil {
                context.invitation = try await request.application.directoryParticipants.fewResults(query, request)
            }
        }
        return try await request.view.render("directory/search", context)
    }

    // MARK: Profile

    @Sendable
    package func profile(request: Request) async throws -> View {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw Abort(.notFound, reason: "Cette structure n’existe pas : l’adresse est peut-être incomplète.")
        }
        guard let structure = try await DirectoryQueries.structure(id: id, on: request.db) else {
            throw Abort(.notFound, reason: "Cette structure n’existe pas ou a été retirée de l’annuaire.")
        }
        let participants = request.application.directoryParticipants
        let history = try await DirectoryQueries.history(of: id, on: request.db, names: participants.accountNames)
        let reference = try request.platform.reference
        let ref = Policy.StructureRef(id: id, communeCode: structure.communeCode, in: reference.gazetteer)
        let actor = try await request.actor()
        let mayModerate = Policy.decide(.moderate, on: ref, for: actor) == .allowed
        let moderation = try await DirectoryQueries.moderation(of: id, on: request.db)
        if moderation?.hiddenAt != nil && !mayModerate && Policy.decide(.edit, on: ref, for: actor) != .allowed {
            throw Abort(.notFound, reason: "Cette fiche n’est plus visible dans l’annuaire.")
        }
        var context = ProfileContext(
            structure: structure, history: history, reference: reference, request: request,
            showsEditors: Policy.decide(.readHistoryNames, on: ref, for: actor) == .allowed,
            editable: Policy.decide(.edit, on: ref, for: actor) == .allowed
        )
        context.justSaved = request.url.query?.contains("enregistre=1") == true && context.editable
        context.management = try await participants.management(structure, request)
        context.reports = try await participants.reports(id, request.db)
        if let hidden = moderation, let at = hidden.hiddenAt {
            context.hidden = .init(on: DateText.frenchDay(at), reason: hidden.hiddenReason ?? "")
        }
        if mayModerate {
            context.moderation = moderation?.hiddenAt == nil
                ? .init(hideHref: DirectoryPaths.hide.link(id))
                : .init(restoreAction: DirectoryPaths.restore.link(id), csrf: CSRF.token(for: request))
        }
        return try await request.view.render("directory/profile", context)
    }
}

/// The search form as submitted, and the query it means.
package struct SearchForm {
    package var text = ""
    package var kinds: Set<String> = []
    package var sectors: Set<String> = []
    package var sectorGroups: Set<String> = []
    package var serviceTypes: Set<String> = []
    package var communeText = ""
    package var communeCode: String?
    package var mode = "covers"
    package var radius = "30"
    package var departement = ""
    package var region = ""
    package var sort = "relevance"
    package var page: String?
    package var size: String?
    /// The commune understood from what was typed, when it was not picked from the list.
    package var guessedCommune: Commune?
    package var unknownCommune = false

    package static let radii = ["5", "10", "20", "30", "50", "100", "200"]

    package init(items: [(String, String)], gazetteer: Gazetteer) {
        var typedCode: String?
        for (key, value) in items {
            let value = value.trimmingCharacters(in: .whitespaces)
            switch key {
            case "q": text = value
            case "kind": kinds.insert(value)
            case "sector": sectors.insert(value)
            case "sector_group": sectorGroups.insert(value)
            case "service_type": serviceTypes.insert(value)
            case "commune_q": communeText = value
            case "commune": typedCode = value.isEmpty ? nil : value
            case "covers":
                if !value.isEmpty { typedCode = value; mode = "covers" }
            case "near":
                if !value.isEmpty { typedCode = value; mode = "near" }
            case "mode": mode = value == "near" ? "near" : "covers"
            case "radius_km": if !value.isEmpty { radius = value }
            case "departement": departement = value
            case "region": region = value
            case "sort": sort = value
            case "page": page = value
            case "size": size = value
            default: break
            }
        }
        if let typedCode {
            communeCode = typedCode
            if communeText.isEmpty, let commune = gazetteer.commune(typedCode) { communeText = commune.name.name }
        } else if !communeText.isEmpty {
            // Without JavaScript nobody picks from the list: take the best match of what was typed.
            if let best = gazetteer.searchCommunes(communeText, limit: 1).first {
                communeCode = best.code
                guessedCommune = best
            } else {
                unknownCommune = true
            }
        }
    }

    /// Parameters as the API names them, for the core's checks and for links.
    package var input: StructureQuery.Input {
        StructureQuery.Input(
            q: text, kind: kinds.sorted(), sector: sectors.sorted(), sectorGroup: sectorGroups.sorted(),
            serviceType: serviceTypes.sorted(), covers: mode == "covers" ? communeCode : nil,
            near: mode == "near" ? communeCode : nil, radiusKm: mode == "near" && communeCode != nil ? radius : nil,
            departement: departement, region: region, sort: sort, page: page, size: size
        )
    }

    /// The canonical query string of this search (without page), for pagination and export.
    package var items: [(String, String)] {
        var items: [(String, String)] = []
        if !text.isEmpty { items.append(("q", text)) }
        items += kinds.sorted().map { ("kind", $0) }
        items += sectorGroups.sorted().map { ("sector_group", $0) }
        items += sectors.sorted().map { ("sector", $0) }
        items += serviceTypes.sorted().map { ("service_type", $0) }
        if let communeCode {
            if mode == "near" {
                items.append(("near", communeCode))
                items.append(("radius_km", radius))
            } else {
                items.append(("covers", communeCode))
            }
        }
        if !departement.isEmpty { items.append(("departement", departement)) }
        if !region.isEmpty { items.append(("region", region)) }
        if sort != "relevance" && !sort.isEmpty { items.append(("sort", sort)) }
        if let size { items.append(("size", size)) }
        return items
    }
}
