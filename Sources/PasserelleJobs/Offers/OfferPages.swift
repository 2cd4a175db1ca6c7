import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// The public side of the offers: the search around a commune, its CSV, and each offer's page.
/// The page, the CSV, the feed and the API read the same query and run the same search.
package struct OfferPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.offers, use: search)
        routes.get(JobsPaths.offersCSV, use: export)
        routes.get(JobsPaths.offer, use: page)
    }

    package struct Check: Encodable {
        package var value: String
        package var label: String
        package var checked: Bool
    }

    package struct Result: Encodable {
        package var title: String
        package var href: String
        package var employer: String
        package var employerKind: String
        package var contract: String
        package var place: String
        package var distance: String?
        package var hours: String
        package var starts: String
        package var job: String
    }

    package struct SearchContext: Encodable {
        package var layout: Layout
        package var communeText: String
        package var communeCode: String
        package var words: String
        package var radii: [ChoiceOption]
        package var contracts: [Check]
        package var employerKinds: [Check]
        package var romeFilter: String?
        package var romeCode: String?
        package var problems: [String]
        package var summary: String
        package var results: [Result]
        package var pagination: Pagination
        package var csvHref: String
        package var feedHref: String
        package var mayPost: Bool
        package var newOfferHref: String
        package var mineHref: String
        /// For the teams that receive or send applications.
        package var applicationsHref: String?
        /// For the accompanying teams, which write immersion agreements.
        package var immersionsHref: String?
        /// For the structures, which keep the people's skills profiles and prospect companies.
        package var profilesHref: String?
        package var prospectsHref: String?
        /// For the territory's stewards and the platform team.
        package var steeringHref: String?
    }

    /// The page's parameters with the commune typed resolved to its code, then read by the core.
    package struct Reading {
        package var query: OfferQuery
        package var centre: GeoPoint?
        package var commune: Commune?
        package var typed: String
        package var problems: [String]
    }

    package static func read(_ request: Request, gazetteer: Gazetteer, rome: Rome) -> Reading {
        var items = QueryItems.parse(request.url.query).filter { !$0.1.trimmingCharacters(in: .whitespaces).isEmpty }
        let typed = items.first { $0.0 == "commune_q" }?.1 ?? ""
        let picked = items.first { $0.0 == "commune" || $0.0 == "near" }?.1 ?? ""
        items.removeAll { ["commune_q", "commune", "near"].contains($0.0) }
        var problems: [String] = []
        if !typed.isEmpty || !picked.isEmpty {
            let code = typed.isEmpty ? picked : CommuneInput.code(typed: typed, picked: picked, gazetteer: gazetteer)
            if gazetteer.commune(code) != nil { items.append(("near", code)) } else { problems.append("Commune inconnue « \(typed.isEmpty ? picked : typed) » : choisissez-la dans la liste.") }
        }
        var query = OfferQuery()
        switch OfferQuery.read(items, rome: rome, knownCommune: { gazetteer.commune($0) != nil }) {
        case .success(let read): query = read
        case .failure(let unreadable): problems += unreadable.problems
        }
        let commune = query.near.flatMap(gazetteer.commune)
        if commune != nil, commune?.centre == nil { problems.append("Cette commune n’a pas de coordonnées : cherchez autour d’une commune voisine.") }
        return Reading(query: query, centre: commune?.centre, commune: commune, typed: typed, problems: problems)
    }

    static func hours(_ value: Double) -> String {
        (value.rounded() == value ? "\(Int(value))" : String(value).replacingOccurrences(of: ".", with: ",")) + " h"
    }

    static func result(_ found: OfferStore.Found, gazetteer: Gazetteer, rome: Rome) -> Result {
        let offer = found.offer
        let commune = gazetteer.commune(offer.communeCode)
        return Result(
            title: offer.title, href: Links.offer(offer.id), employer: offer.employer.name, employerKind: offer.employer.kindLabel, contract: offer.contract.label,
            place: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? offer.communeCode,
            distance: found.distanceKm.map { $0 < 1 ? "sur place" : "à \(French.number(Int($0.rounded()))) km" },
            hours: hours(offer.weeklyHours) + " par semaine", starts: DateText.frenchDay(iso: offer.startsOn),
            job: rome.job(offer.romeCode).map { "\($0.label) (\($0.code))" } ?? offer.romeCode)
    }

    @Sendable
    package func search(request: Request) async throws -> View {
        let gazetteer = try request.platform.reference.gazetteer
        let rome = request.application.jobsReference.rome
        let reading = Self.read(request, gazetteer: gazetteer, rome: rome)
        let query = reading.query
        var found: (offers: [OfferStore.Found], total: Int) = ([], 0)
        if reading.problems.isEmpty { found = try await OfferStore.search(query, centre: reading.centre, on: request.db) }
        let linkItems = query.items.filter { $0.0 != "near" } + (reading.commune.map { [("commune_q", $0.name.name), ("commune", $0.code)] } ?? [])
        let radius = Int(query.radiusKm.rounded())
        let romeLabel: String? = switch query.rome {
        case .job(let code): rome.job(code).map { "\($0.label) (\($0.code))" }
        case .title(let code): rome.title(code).map(\.label)
        case nil: nil
        }
        let romeValue: String? = switch query.rome {
        case .job(let code): code
        case .title(let code): String(code)
        case nil: nil
        }
        var summary = French.count(found.total, "offre", "offres")
        if let commune = reading.commune { summary += " à \(radius) km ou moins " + commune.name.withDe }
        let actor = try await request.actor()
        return try await request.view.render("jobs/search", SearchContext(
            layout: Layout(title: "Offres d’emploi\(reading.commune.map { " autour \($0.name.withDe)" } ?? "") — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi")], request: request),
            communeText: reading.commune?.name.name ?? reading.typed, communeCode: reading.commune?.code ?? "",
            words: query.words.joined(separator: " "),
            // A radius from a link that the list lacks is offered too, so that the next search keeps it.
            radii: Set([5, 10, 20, 30, 50, 100, radius]).sorted().map { ChoiceOption(value: String($0), label: "\($0) km", checked: $0 == radius) },
            contracts: OfferContract.allCases.map { Check(value: $0.rawValue, label: $0.label, checked: query.contracts.contains($0)) },
            employerKinds: ([OfferQuery.companyKind] + StructureKind.allCases.map(\.rawValue)).map { kind in
                Check(value: kind, label: StructureKind(rawValue: kind).map { "\($0.acronym) — \($0.label)" } ?? "Entreprise", checked: query.employerKinds.contains(kind))
            },
            romeFilter: romeLabel, romeCode: romeValue, problems: reading.problems, summary: summary,
            results: found.offers.map { Self.result($0, gazetteer: gazetteer, rome: rome) },
            pagination: Pagination(page: query.page, total: found.total, size: query.size, path: JobsPaths.offers.link(), query: linkItems),
            csvHref: JobsPaths.offersCSV.link(query: linkItems), feedHref: "/api/v1/offers.atom" + (query.items.isEmpty ? "" : "?" + QueryItems.encode(query.items)),
            mayPost: !OfferEmployers.of(actor).isEmpty || !actor.isSignedIn, newOfferHref: JobsPaths.newOffer.link(), mineHref: JobsPaths.mine.link(),
            applicationsHref: OfferEmployers.of(actor).isEmpty && ApplicationPolicy.applicants(actor).isEmpty ? nil : JobsPaths.applications.link(),
            immersionsHref: ImmersionPolicy.prescribers(actor).isEmpty ? nil : JobsPaths.immersions.link(),
            profilesHref: Policy.accompaniedStructures(of: actor).isEmpty ? nil : JobsPaths.profiles.link(),
            prospectsHref: ProspectPages.teams(actor).isEmpty ? nil : JobsPaths.prospects.link(),
            steeringHref: actor.isPlatformTeam || actor.isSteward ? JobsPaths.steering.link() : nil
        ))
    }

    /// Every offer found (up to 5,000), one per line.
    @Sendable
    package func export(request: Request) async throws -> Response {
        let gazetteer = try request.platform.reference.gazetteer
        let rome = request.application.jobsReference.rome
        let reading = Self.read(request, gazetteer: gazetteer, rome: rome)
        guard reading.problems.isEmpty else { throw Abort(.badRequest, reason: reading.problems.joined(separator: " ")) }
        var query = reading.query
        query.page = 1
        query.size = 5_000
        let found = try await OfferStore.search(query, centre: reading.centre, on: request.db)
        var writer = CSV.Writer()
        writer.append(["Intitulé", "Métier (ROME)", "Code ROME", "Employeur", "Type d’employeur", "Contrat", "Heures par semaine", "Début", "Clôture", "Postes",
                       "Commune", "Code INSEE", "Distance (km)", "Compétences", "Ouverte aux travailleurs handicapés", "Ouverte aux sortants de l’insertion", "Page"])
        let base = request.platform.config.publicURL
        for hit in found.offers {
            let offer = hit.offer
            writer.append([offer.title, rome.title(offer.romeTitle)?.label ?? "", offer.romeCode, offer.employer.name, offer.employer.kindLabel, offer.contract.label,
                           Self.hours(offer.weeklyHours).replacingOccurrences(of: " h", with: ""), offer.startsOn, offer.closesOn, String(offer.openings),
                           gazetteer.commune(offer.communeCode)?.name.name ?? "", offer.communeCode, hit.distanceKm.map { String(Int($0.rounded())) } ?? "",
                           offer.skills.joined(separator: ", "), offer.openToDisabledWorkers ? "oui" : "non", offer.openToInsertionLeavers ? "oui" : "non",
                           base + Links.offer(offer.id)])
        }
        return try await AuditedExport.csv(writer.text, name: "offres", rows: found.offers.count, request: request)
    }

    package struct PageContext: Encodable {
        package var layout: Layout
        package var title: String
        package var state: String
        package var isOpen: Bool
        package var employer: String
        package var employerKind: String
        package var employerHref: String?
        package var job: String
        package var romeTitle: String?
        package var contract: String
        package var insertionPost: Bool
        package var place: String
        package var hours: String
        package var starts: String
        package var closes: String
        package var openings: String
        package var description: String
        package var skills: [String]
        package var openToDisabledWorkers: Bool
        package var openToInsertionLeavers: Bool
        package var manage: Manage?
        /// « Proposer une candidature »: for the teams that apply, or to sign in, while the offer is open.
        package var applyHref: String?
        package var applyLabel: String?
        package var searchHref: String
        package var similarHref: String

        package struct Manage: Encodable {
            /// Only while it may still change: a draft or a published offer.
            package var editHref: String?
            package var stateAction: String
            package var actions: [ChoiceOption]
            package var csrf: String
            package var done: String?
            package var waiting: String?
            package var applications: String
            package var applicationsHref: String
            /// Only for a published offer: profiles are matched with it alone.
            package var profilesHref: String?
        }
    }

    /// « 3 candidatures : 1 nouvelle, 2 à l’étude »
    static func applicationsLine(_ counts: [JobApplicationState: Int]) -> String {
        let total = counts.values.reduce(0, +)
        guard total > 0 else { return "Aucune candidature pour l’instant." }
        let parts = JobApplicationState.allCases.compactMap { state in counts[state].map { "\(state.label.lowercased()) : \($0)" } }
        return French.count(total, "candidature", "candidatures") + " : " + parts.joined(separator: ", ") + "."
    }

    /// The employer's page: a structure's in the directory, a company's when public.
    func employerHref(_ employer: OfferEmployer, on database: any Database) async throws -> String? {
        if let structure = employer.structure { return Links.structure(structure) }
        return try await CompanyStore.company(employer.organisation, on: database)?.isPublic == true ? JobsPaths.company.link(employer.organisation) : nil
    }

    @Sendable
    package func page(request: Request) async throws -> View {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let offer = try await OfferStore.offer(id, on: request.db) else {
            throw Abort(.notFound, reason: "Cette offre n’existe pas.")
        }
        let actor = try await request.actor()
        let manages = OfferEmployers.manages(offer.employer.organisation, actor: actor)
        // A draft, or an offer never published, is its employer's only: to anyone else it does not exist.
        guard (offer.state != .draft && offer.publishedAt != nil) || manages else { throw Abort(.notFound, reason: "Cette offre n’existe pas.") }
        let gazetteer = try request.platform.reference.gazetteer
        let rome = request.application.jobsReference.rome
        let commune = gazetteer.commune(offer.communeCode)
        var manage: PageContext.Manage?
        if manages {
            let changes: [(OfferLifecycle.Change, String)] = [(.publish, "Publier"), (.fill, "Marquer pourvue"), (.close, "Fermer"), (.reopen, "Rouvrir")]
            let today = DateText.parisDay(Date())
            let mayPublish = VerificationPolicy.mayPublish(for: offer.employer.organisation, actor: actor)
            manage = .init(
                editHref: [.draft, .published].contains(offer.state) ? JobsPaths.editOffer.link(offer.id) : nil, stateAction: JobsPaths.offerState.link(offer.id),
                actions: changes.compactMap { change, label in
                    guard case .success = OfferLifecycle.apply(change, to: offer.state, closesOn: offer.closesOn, today: today) else { return nil }
                    if (change == .publish || change == .reopen), !mayPublish { return nil }
                    return ChoiceOption(value: OfferFormPages.changeToken(change), label: label)
                },
                csrf: CSRF.token(for: request), done: OfferFormPages.doneMessage(request),
                waiting: mayPublish ? nil : VerificationPolicy.waitingMessage(for: offer.employer.name),
                applications: Self.applicationsLine(try await ApplicationStore.counts(ofOffer: offer.id, on: request.db)),
                applicationsHref: JobsPaths.applications.link(query: [("vue", "recues")]), profilesHref: offer.state == .published ? JobsPaths.offerProfiles.link(offer.id) : nil)
        }
        var apply: (href: String, label: String)?
        if ApplicationDraft.offerOpen(state: offer.state, closesOn: offer.closesOn, today: DateText.parisDay(Date())) {
            if !actor.isSignedIn {
                apply = (Links.login(next: JobsPaths.apply.link(offer.id)), "Se connecter pour proposer une candidature")
            } else if !ApplicationPolicy.applicants(actor).isEmpty {
                apply = (JobsPaths.apply.link(offer.id), "Proposer une candidature")
            }
        }
        let similar: [(String, String)] = [("rome", offer.romeCode), ("commune", offer.communeCode)]
        return try await request.view.render("jobs/offer", PageContext(
            layout: Layout(title: "\(offer.title) — \(offer.employer.name) — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: offer.title)], request: request),
            title: offer.title, state: offer.state.label, isOpen: offer.state == .published, employer: offer.employer.name, employerKind: offer.employer.kindLabel,
            employerHref: try await employerHref(offer.employer, on: request.db), job: rome.job(offer.romeCode).map { "\($0.label) (\($0.code))" } ?? offer.romeCode,
            // The title is said when it says more than the job's own label.
            romeTitle: rome.title(offer.romeTitle).map(\.label).flatMap { $0 == rome.job(offer.romeCode)?.label ? nil : $0 },
            contract: offer.contract.label, insertionPost: offer.contract.isInsertionPost,
            place: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? offer.communeCode, hours: Self.hours(offer.weeklyHours) + " par semaine",
            starts: DateText.frenchDay(iso: offer.startsOn), closes: DateText.frenchDay(iso: offer.closesOn), openings: French.count(offer.openings, "poste"),
            description: offer.description, skills: offer.skills, openToDisabledWorkers: offer.openToDisabledWorkers, openToInsertionLeavers: offer.openToInsertionLeavers,
            manage: manage, applyHref: apply?.href, applyLabel: apply?.label, searchHref: JobsPaths.offers.link(), similarHref: JobsPaths.offers.link(query: similar)
        ))
    }
}
