import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserellePlatform
import Vapor

/// The offers in the API, public to read: the same query (`OfferQuery`) and the same search
/// (`OfferStore.search`) as the page, the feed and the CSV; and the immersion's legal check.
extension APIHandler {
    /// The query items of the API's typed parameters, read by the core as the page reads its own.
    static func offerItems(near: String?, radius: Double?, rome: String?, q: String?, contracts: [String]?, kinds: [String]?, page: Int?, size: Int?) -> [(String, String)] {
        var items: [(String, String)] = []
        if let near { items.append(("near", near)) }
        if let radius { items.append(("radius_km", String(radius))) }
        if let rome { items.append(("rome", rome)) }
        if let q { items.append(("q", q)) }
        items += (contracts ?? []).map { ("contract", $0) } + (kinds ?? []).map { ("employer_kind", $0) }
        if let page { items.append(("page", String(page))) }
        if let size { items.append(("size", String(size))) }
        return items
    }

    func offerQuery(_ items: [(String, String)]) throws -> Result<(OfferQuery, GeoPoint?), OfferQuery.Unreadable> {
        let gazetteer = try app.platform.reference.gazetteer
        switch OfferQuery.read(items, rome: app.jobsReference.rome, knownCommune: { gazetteer.commune($0) != nil }) {
        case .failure(let unreadable): return .failure(unreadable)
        case .success(let query):
            let centre = query.near.flatMap { gazetteer.commune($0)?.centre }
            if query.near != nil, centre == nil { return .failure(.init(problems: ["Cette commune n’a pas de coordonnées : cherchez autour d’une commune voisine."])) }
            return .success((query, centre))
        }
    }

    /// The contract's bounds on repeated parameters, which the generated decoder does not hold.
    static let repeatedLimits = "contract se répète 8 fois au plus ; employer_kind, 10."

    package func listOffers(_ input: Operations.ListOffers.Input) async throws -> Operations.ListOffers.Output {
        let query = input.query
        guard (query.contract?.count ?? 0) <= 8, (query.employerKind?.count ?? 0) <= 10 else {
            return .badRequest(.init(body: .json(Self.error(Self.repeatedLimits))))
        }
        let items = Self.offerItems(near: query.near, radius: query.radiusKm, rome: query.rome, q: query.q, contracts: query.contract?.map(\.rawValue),
                                    kinds: query.employerKind?.map(\.rawValue), page: query.page, size: query.size)
        switch try offerQuery(items) {
        case .failure(let unreadable):
            return .badRequest(.init(body: .json(Self.error(unreadable.problems.joined(separator: " ")))))
        case .success(let (offerQuery, centre)):
            let found = try await OfferStore.search(offerQuery, centre: centre, on: app.db)
            let gazetteer = try app.platform.reference.gazetteer
            return .ok(.init(body: .json(.init(
                items: try found.offers.map { try Self.offerSummary($0.offer, distance: $0.distanceKm, gazetteer: gazetteer, rome: app.jobsReference.rome) },
                total: found.total, page: offerQuery.page, size: offerQuery.size, pages: (found.total + offerQuery.size - 1) / offerQuery.size))))
        }
    }

    package func getOffer(_ input: Operations.GetOffer.Input) async throws -> Operations.GetOffer.Output {
        guard let id = UUID(uuidString: input.path.id) else { return .badRequest(.init(body: .json(Self.error("id : un identifiant (UUID) est attendu.")))) }
        guard let offer = try await OfferStore.offer(id, on: app.db), offer.state != .draft, offer.publishedAt != nil else {
            return .notFound(.init(body: .json(Self.error("Aucune offre publiée ne porte cet identifiant."))))
        }
        let gazetteer = try app.platform.reference.gazetteer
        let summary = try Self.offerSummary(offer, distance: nil, gazetteer: gazetteer, rome: app.jobsReference.rome)
        guard let state = Components.Schemas.Offer.Value2Payload.StatePayload(rawValue: offer.state.rawValue) else {
            return .notFound(.init(body: .json(Self.error("Aucune offre publiée ne porte cet identifiant."))))
        }
        return .ok(.init(body: .json(.init(value1: summary, value2: .init(
            description: offer.description, openings: offer.openings, skills: offer.skills, openToDisabledWorkers: offer.openToDisabledWorkers,
            openToInsertionLeavers: offer.openToInsertionLeavers, state: state, url: app.platform.config.publicURL + Links.offer(offer.id))))))
    }

    package func offersFeed(_ input: Operations.OffersFeed.Input) async throws -> Operations.OffersFeed.Output {
        let query = input.query
        guard (query.contract?.count ?? 0) <= 8, (query.employerKind?.count ?? 0) <= 10 else { return .badRequest(.init(body: .json(Self.error(Self.repeatedLimits)))) }
        let items = Self.offerItems(near: query.near, radius: query.radiusKm, rome: query.rome, q: query.q, contracts: query.contract?.map(\.rawValue),
                                    kinds: query.employerKind?.map(\.rawValue), page: nil, size: nil)
        switch try offerQuery(items) {
        case .failure(let unreadable):
            return .badRequest(.init(body: .json(Self.error(unreadable.problems.joined(separator: " ")))))
        case .success(let (read, centre)):
            var offerQuery = read
            offerQuery.size = 50
            let found = try await OfferStore.search(offerQuery, centre: centre, on: app.db)
            let base = app.platform.config.publicURL
            let suffix = offerQuery.items.isEmpty ? "" : "?" + QueryItems.encode(offerQuery.items)
            let gazetteer = try app.platform.reference.gazetteer
            let feed = AtomFeed(
                id: base + "/api/v1/offers.atom" + suffix, title: "Passerelle — offres d’emploi" + (suffix.isEmpty ? "" : " (recherche enregistrée)"),
                selfLink: base + "/api/v1/offers.atom" + suffix, pageLink: base + JobsPaths.offers.link() + suffix,
                entries: found.offers.map { hit in
                    let commune = gazetteer.commune(hit.offer.communeCode).map { $0.name.name } ?? hit.offer.communeCode
                    return AtomFeed.Entry(
                        id: base + Links.offer(hit.offer.id), title: "\(hit.offer.title) — \(hit.offer.employer.name) (\(commune))",
                        link: base + Links.offer(hit.offer.id), updated: max(hit.offer.publishedAt ?? hit.offer.updatedAt, hit.offer.updatedAt), author: hit.offer.employer.name,
                        summary: "\(hit.offer.contract.label), \(OfferPages.hours(hit.offer.weeklyHours)) par semaine, dès le \(DateText.frenchDay(iso: hit.offer.startsOn)). "
                            + "Candidatures jusqu’au \(DateText.frenchDay(iso: hit.offer.closesOn)).")
                },
                emptyUpdated: Date(timeIntervalSince1970: 1_790_000_000))
            return .ok(.init(body: .applicationAtomXml(HTTPBody(feed.xml))))
        }
    }

    package func checkImmersion(_ input: Operations.CheckImmersion.Input) async throws -> Operations.CheckImmersion.Output {
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON.")))) }
        guard let bounds = app.jobsReference.immersion else { return .serviceUnavailable(.init(body: .json(Self.error("Les règles des immersions ne sont pas chargées.")))) }
        // What the contract bounds is refused as a bad request; what the law bounds is a problem of the answer.
        guard CivilDay(body.start) != nil, CivilDay(body.end) != nil else {
            return .badRequest(.init(body: .json(Self.error("start et end : attendu des jours AAAA-MM-JJ."))))
        }
        guard body.weeklyHours.isFinite, body.weeklyHours > 0, body.weeklyHours <= 168 else {
            return .badRequest(.init(body: .json(Self.error("weekly_hours : un nombre d’heures de plus de 0 à 168."))))
        }
        guard (0...3_660).contains(body.previousDays ?? 0), (0...10).contains(body.renewal ?? 0) else {
            return .badRequest(.init(body: .json(Self.error("previous_days va de 0 à 3 660 ; renewal, de 0 à 10."))))
        }
        let terms = ImmersionTerms(start: body.start, end: body.end, weeklyHours: body.weeklyHours, previousDays: body.previousDays ?? 0, renewal: body.renewal ?? 0)
        let problems = ImmersionCheck.problems(terms, bounds: bounds)
        return .ok(.init(body: .json(.init(valid: problems.isEmpty, problems: problems))))
    }

    static func offerSummary(_ offer: OfferRecord, distance: Double?, gazetteer: Gazetteer, rome: Rome) throws -> Components.Schemas.OfferSummary {
        guard let contract = Components.Schemas.OfferSummary.ContractPayload(rawValue: offer.contract.rawValue) else {
            throw UnreadableStoredValue(table: "job_offers", column: "contract", id: offer.id.uuidString.lowercased())
        }
        return .init(
            id: offer.id.uuidString.lowercased(), title: offer.title,
            rome: .init(code: offer.romeCode, label: rome.job(offer.romeCode)?.label ?? offer.romeCode, titleCode: offer.romeTitle,
                        title: rome.title(offer.romeTitle)?.label ?? offer.title),
            employer: .init(id: offer.employer.organisation.uuidString.lowercased(), name: offer.employer.name, kind: offer.employer.kind,
                            structureId: offer.employer.structure?.uuidString.lowercased()),
            commune: .init(code: offer.communeCode, name: gazetteer.commune(offer.communeCode)?.name.name ?? offer.communeCode),
            latitude: offer.place?.latitude, longitude: offer.place?.longitude, distanceKm: distance, contract: contract,
            weeklyHours: offer.weeklyHours, startsOn: offer.startsOn, closesOn: offer.closesOn)
    }
}
