import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import Vapor

/// The companies that open their doors: a public list of those that chose a public page, filtered
/// by bridge, département and words; each company's page with its bridges and published offers;
/// and the form where the company's team writes it. A page not public is read by its team only
/// (404 for anyone else).
package struct CompanyPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.companies, use: list)
        routes.get(JobsPaths.companiesCSV, use: export)
        routes.get(JobsPaths.company, use: page)
        routes.get(JobsPaths.editCompany, use: editForm)
        routes.post(JobsPaths.editCompany, use: save)
    }

    /// The company a link names (`?entreprise=`), when anyone may read its page: forms prefill
    /// their host or prospect from it.
    package static func publicCompany(_ raw: String?, on database: any Database) async throws -> CompanyRecord? {
        guard let id = raw.flatMap(UUID.init(uuidString:)), let company = try await CompanyStore.company(id, on: database), company.isPublic else { return nil }
        return company
    }

    // MARK: The list

    package struct Reading {
        var query = CompanyQuery()
        var typed = ""
    }

    static func read(_ request: Request) -> Reading {
        var reading = Reading()
        reading.typed = String(((try? request.query.get(String.self, at: "q")) ?? "").prefix(200))
        reading.query.words = Array(SearchText.words(reading.typed).prefix(5))
        reading.query.bridges = ((try? request.query.get([String].self, at: "passerelle")) ?? []).prefix(10).compactMap(CompanyBridge.init(rawValue:))
        let departement = (try? request.query.get(String.self, at: "departement")) ?? ""
        reading.query.departement = departement.isEmpty ? nil : String(departement.prefix(3))
        reading.query.page = min(max((try? request.query.get(Int.self, at: "page")) ?? 1, 1), 10_000)
        return reading
    }

    package struct Item: Encodable {
        var name: String
        var href: String
        var place: String
        var activity: String?
        var size: String
        var bridges: [String]
    }

    package struct ListContext: Encodable {
        var layout: Layout
        var words: String
        var bridges: [ChoiceOption]
        var departements: [ChoiceOption]
        var summary: String
        var items: [Item]
        var pagination: Pagination
        var csvHref: String
        var ownHref: String?
    }

    static func item(_ company: CompanyRecord, request: Request) throws -> Item {
        let gazetteer = try request.platform.reference.gazetteer
        let naf = request.application.jobsReference.naf
        let commune = company.communeCode.flatMap(gazetteer.commune)
        return Item(name: company.name, href: JobsPaths.company.link(company.id),
                    place: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? "Commune non renseignée",
                    activity: company.page?.naf.flatMap { code in naf.label(code).map { "\($0) (\(code))" } },
                    size: company.page?.size.label ?? "Effectif non renseigné", bridges: company.page?.bridges.map(\.label) ?? [])
    }

    @Sendable
    func list(request: Request) async throws -> View {
        let reading = Self.read(request)
        let found = try await CompanyStore.search(reading.query, on: request.db)
        let gazetteer = try request.platform.reference.gazetteer
        var items: [(String, String)] = reading.typed.isEmpty ? [] : [("q", reading.typed)]
        items += reading.query.bridges.map { ("passerelle", $0.rawValue) }
        if let departement = reading.query.departement { items.append(("departement", departement)) }
        let actor = try await request.actor()
        let own = CompanyPolicy.companies(actor).first
        return try await request.view.render("jobs/companies", ListContext(
            layout: Layout(title: "Entreprises qui ouvrent leurs portes — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: "Entreprises")], request: request),
            words: reading.typed,
            bridges: CompanyBridge.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: reading.query.bridges.contains($0)) },
            departements: gazetteer.departements.map { ChoiceOption(value: $0.code, label: "\($0.code) — \($0.name.name)", checked: $0.code == reading.query.departement) },
            summary: French.count(found.total, "entreprise", "entreprises"),
            items: try found.companies.map { try Self.item($0, request: request) },
            pagination: Pagination(page: reading.query.page, total: found.total, size: reading.query.size, path: JobsPaths.companies.link(), query: items),
            csvHref: JobsPaths.companiesCSV.link(query: items), ownHref: own.map { JobsPaths.company.link($0) }))
    }

    /// Every company found (up to 5,000), one per line.
    @Sendable
    func export(request: Request) async throws -> Response {
        var reading = Self.read(request)
        reading.query.page = 1
        reading.query.size = 5_000
        let found = try await CompanyStore.search(reading.query, on: request.db)
        let gazetteer = try request.platform.reference.gazetteer
        let naf = request.application.jobsReference.naf
        let rome = request.application.jobsReference.rome
        var writer = CSV.Writer()
        writer.append(["Entreprise", "SIRET", "Commune", "Code INSEE", "Code NAF", "Activité", "Effectif", "Passerelles", "Métiers ouverts aux immersions", "Labels",
                       "Site web", "Page"])
        let base = request.platform.config.publicURL
        for company in found.companies {
            let page = company.page
            writer.append([company.name, company.siret ?? "", company.communeCode.flatMap(gazetteer.commune)?.name.name ?? "", company.communeCode ?? "",
                           page?.naf ?? "", page?.naf.flatMap(naf.label) ?? "", page?.size.label ?? "", page?.bridges.map(\.label).joined(separator: " ; ") ?? "",
                           page?.immersionTitles.compactMap { rome.title($0)?.label }.joined(separator: " ; ") ?? "", page?.labels.joined(separator: " ; ") ?? "",
                           page?.website ?? "", base + JobsPaths.company.link(company.id)])
        }
        return try await AuditedExport.csv(writer.text, name: "entreprises", rows: found.companies.count, request: request)
    }

    // MARK: A company's page

    package struct Fact: Encodable {
        var term: String
        var value: String
    }

    package struct Bridge: Encodable {
        var label: String
        var detail: String
    }

    package struct OfferLine: Encodable {
        var title: String
        var href: String
        var contract: String
        var place: String
    }

    package struct PageContext: Encodable {
        var layout: Layout
        var name: String
        var place: String
        var isPublic: Bool
        /// Made public by its team, waiting for the organisation's verification.
        var awaitsVerification: Bool
        var written: Bool
        var facts: [Fact]
        var bridges: [Bridge]
        var immersionJobs: [String]
        var presentation: String?
        var commitments: String?
        var labels: [String]
        var website: String?
        var offers: [OfferLine]
        var editHref: String?
        var immersionHref: String?
        var prospectHref: String?
        var done: String?
    }

    private func company(_ request: Request) async throws -> (CompanyRecord, Policy.Actor) {
        let actor = try await request.actor()
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let company = try await CompanyStore.company(id, on: request.db),
              CompanyPolicy.mayRead(company.id, isPublic: company.page?.isPublic == true, verified: company.verified, actor: actor) else {
            throw Abort(.notFound, reason: "Aucune page d’entreprise publique ne porte cette adresse.")
        }
        return (company, actor)
    }

    @Sendable
    func page(request: Request) async throws -> View {
        let (company, actor) = try await company(request)
        let gazetteer = try request.platform.reference.gazetteer
        let reference = request.application.jobsReference
        let commune = company.communeCode.flatMap(gazetteer.commune)
        let page = company.page
        var facts = [Fact(term: "SIRET", value: company.siret ?? "non renseigné")]
        facts.append(Fact(term: "Activité principale", value: page?.naf.flatMap { code in reference.naf.label(code).map { "\($0) (NAF \(code))" } } ?? "non renseignée"))
        facts.append(Fact(term: "Effectif", value: page?.size.label ?? "non renseigné"))
        facts.append(Fact(term: "Commune", value: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? "non renseignée"))
        let offers = try await OfferStore.offers(of: [company.id], on: request.db).filter { $0.state == .published }.prefix(50).map { offer in
            OfferLine(title: offer.title, href: Links.offer(offer.id), contract: offer.contract.label,
                      place: gazetteer.commune(offer.communeCode).map { $0.name.name } ?? offer.communeCode)
        }
        let prescribes = !ImmersionPolicy.prescribers(actor).isEmpty
        let hostsImmersions = page?.bridges.contains(.immersionHost) == true
        let done: String? = (try? request.query.get(String.self, at: "fait")) == "enregistree" ? "Page enregistrée." : nil
        return try await request.view.render("jobs/company", PageContext(
            layout: Layout(title: company.name + " — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Entreprises", href: JobsPaths.companies.link()), .init(label: company.name)], request: request),
            name: company.name, place: commune.map { $0.name.name } ?? "Commune non renseignée", isPublic: company.isPublic,
            awaitsVerification: page?.isPublic == true && !company.verified, written: page != nil, facts: facts,
            bridges: page?.bridges.map { Bridge(label: $0.label, detail: $0.detail) } ?? [],
            immersionJobs: page?.immersionTitles.compactMap { reference.rome.title($0)?.label } ?? [],
            presentation: page?.presentation, commitments: page?.commitments, labels: page?.labels ?? [], website: page?.website, offers: Array(offers),
            editHref: CompanyPolicy.mayEdit(company.id, actor: actor) ? JobsPaths.editCompany.link(company.id) : nil,
            immersionHref: prescribes && hostsImmersions && company.isPublic ? JobsPaths.newImmersion.link(query: [("entreprise", company.id.uuidString.lowercased())]) : nil,
            prospectHref: !ProspectPages.teams(actor).isEmpty && company.isPublic
                ? JobsPaths.newProspect.link(query: [("entreprise", company.id.uuidString.lowercased())]) : nil,
            done: done))
    }

    // MARK: The company's form

    package struct FormContext: Encodable {
        var layout: Layout
        var name: String
        var action: String
        var csrf: String
        var values: [String: String]
        var sizes: [ChoiceOption]
        var bridges: [ChoiceOption]
        var isPublic: Bool
        var verified: Bool
        var cancel: String
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
    }

    static let fields: [(label: String, name: String)] = [
        (CompanyProfileDraft.Field.naf, "naf"), (CompanyProfileDraft.Field.size, "size"), (CompanyProfileDraft.Field.bridges, "bridges"),
        (CompanyProfileDraft.Field.immersionJobs, "immersion_jobs"), (CompanyProfileDraft.Field.presentation, "presentation"),
        (CompanyProfileDraft.Field.commitments, "commitments"), (CompanyProfileDraft.Field.labels, "labels"), (CompanyProfileDraft.Field.website, "website"),
    ]

    private func editable(_ request: Request) async throws -> CompanyRecord? {
        guard request.signedInUser != nil else { return nil }
        let actor = try await request.actor()
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), CompanyPolicy.mayEdit(id, actor: actor),
              let company = try await CompanyStore.company(id, on: request.db) else {
            throw Abort(.notFound, reason: "Seule l’équipe de l’entreprise écrit sa page.")
        }
        return company
    }

    func render(_ request: Request, company: CompanyRecord, values: [String: String], bridges: Set<String>, isPublic: Bool, errors: FormErrors = FormErrors(),
                status: HTTPStatus = .ok) async throws -> Response {
        let response = try await request.view.render("jobs/company-form", FormContext(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreur — ") + "Présenter " + company.name + " — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: company.name, href: JobsPaths.company.link(company.id)), .init(label: "Présenter l’entreprise")], request: request),
            name: company.name, action: JobsPaths.editCompany.link(company.id), csrf: CSRF.token(for: request), values: values,
            sizes: CompanySize.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: values["size"] == $0.rawValue) },
            bridges: CompanyBridge.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: bridges.contains($0.rawValue), hint: $0.detail) },
            isPublic: isPublic, verified: company.verified, cancel: JobsPaths.company.link(company.id), errors: errors.errors, errorList: errors.errorList))
        let encoded = try await response.encodeResponse(for: request)
        encoded.status = status
        return encoded
    }

    @Sendable
    func editForm(request: Request) async throws -> Response {
        guard let company = try await editable(request) else { return request.redirectToSignIn() }
        let rome = request.application.jobsReference.rome
        let page = company.page
        let values = ["naf": page?.naf ?? "", "size": page?.size.rawValue ?? "",
                      "immersion_jobs": page?.immersionTitles.compactMap { rome.title($0)?.label }.joined(separator: "\n") ?? "",
                      "presentation": page?.presentation ?? "", "commitments": page?.commitments ?? "", "labels": page?.labels.joined(separator: "\n") ?? "",
                      "website": page?.website ?? ""]
        return try await render(request, company: company, values: values, bridges: Set(page?.bridges.map(\.rawValue) ?? []), isPublic: page?.isPublic ?? false)
    }

    @Sendable
    func save(request: Request) async throws -> Response {
        guard let company = try await editable(request), let user = request.signedInUser else { return request.redirectToSignIn() }
        let form = SubmittedForm(request)
        let reference = request.application.jobsReference
        let values = Dictionary(["naf", "size", "immersion_jobs", "presentation", "commitments", "labels", "website"].map { ($0, String(form[$0].prefix(4_100))) },
                                uniquingKeysWith: { first, _ in first })
        var draft = CompanyProfileDraft()
        draft.naf = values["naf"] ?? ""
        draft.size = values["size"] ?? ""
        draft.bridges = Array(form.all("bridges").prefix(10))
        draft.immersionJobs = Array(form.lines("immersion_jobs").prefix(CompanyProfileDraft.maximumImmersionJobs + 1))
        draft.presentation = values["presentation"] ?? ""
        draft.commitments = values["commitments"] ?? ""
        draft.labels = Array(form.lines("labels").prefix(CompanyProfileDraft.maximumLabels + 1))
        draft.website = values["website"] ?? ""
        draft.isPublic = form["public"] == "oui"
        let checked = draft.check(naf: reference.naf, resolveTitle: { line in Self.title(line, rome: reference.rome) },
                                  suggest: { line in reference.rome.search(line, limit: 3).map(\.label) })
        switch checked {
        case .failure(let problems):
            return try await render(request, company: company, values: values, bridges: Set(draft.bridges), isPublic: draft.isPublic,
                                    errors: FormErrors(problems, fields: Self.fields, fallback: "size"), status: .unprocessableEntity)
        case .success(let page):
            let gazetteer = try request.platform.reference.gazetteer
            let departement = company.communeCode.flatMap(gazetteer.commune)?.departementCode
            let address = request.clientAddress
            try await request.db.retryingTransaction { database in
                try await CompanyStore.save(page, company: company, departement: departement, nafLabel: page.naf.flatMap(reference.naf.label), by: user.email,
                                            on: database)
                try await Audit.record(.companyPageSaved, actorID: user.id, actor: user.email, object: "entreprise:\(company.id.uuidString.lowercased())",
                                       detail: page.isPublic ? "publique" : "non publique", address: address, on: database)
            }
            return request.redirect(to: JobsPaths.company.link(company.id, query: [("fait", "enregistree")]))
        }
    }

    /// A ROME title's code from a line: its code, or its label (accents and case aside).
    static func title(_ line: String, rome: Rome) -> Int? {
        if let code = Int(line), rome.title(code) != nil { return code }
        return rome.search(line, limit: 30).first { SearchText.fold($0.label) == SearchText.fold(line) }?.code
    }
}
