import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// The employer's side of the offers: write one (a draft, or published at once once the
/// organisation is verified), change it, move it along its states, and list its own. Whether the
/// user may write for the employer is asked of the policy (`OfferEmployers`) before the form is read.
package struct OfferFormPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.newOffer, use: newForm)
        routes.post(JobsPaths.newOffer, use: create)
        routes.get(JobsPaths.editOffer, use: editForm)
        routes.post(JobsPaths.editOffer, use: update)
        routes.post(JobsPaths.offerState, use: changeState)
        routes.get(JobsPaths.mine, use: mine)
    }

    /// The labels of the core's fields and the form's names, in the form's order.
    static let fields: [(label: String, name: String)] = [
        ("Employeur", "employer"), (OfferDraft.Field.title, "title"), (OfferDraft.Field.romeTitle, "rome_q"), (OfferDraft.Field.description, "description"),
        (OfferDraft.Field.commune, "commune_q"), (OfferDraft.Field.contract, "contract"), (OfferDraft.Field.hours, "weekly_hours"),
        (OfferDraft.Field.start, "starts_on"), (OfferDraft.Field.closes, "closes_on"), (OfferDraft.Field.openings, "openings"), (OfferDraft.Field.skills, "skills"),
    ]

    package struct FormContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var action: String
        package var csrf: String
        package var employers: [ChoiceOption]
        package var values: [String: String]
        package var romeChoices: [ChoiceOption]
        package var contracts: [ChoiceOption]
        package var openToDisabledWorkers: Bool
        package var openToInsertionLeavers: Bool
        package var mayPublish: Bool
        package var waiting: String?
        package var cancel: String
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
    }

    // MARK: Reading the form

    /// The ROME title the form names: the one picked among the suggestions, else a code or a label
    /// typed exactly; otherwise the titles that start with the words typed, to pick from.
    static func romeChoice(_ form: SubmittedForm, rome: Rome) -> (code: String, candidates: [Rome.Title]) {
        if let picked = Int(form["rome_title"]), rome.title(picked) != nil { return (String(picked), []) }
        let typed = form["rome_q"].trimmingCharacters(in: .whitespaces)
        if let code = Int(typed), rome.title(code) != nil { return (typed, []) }
        let candidates = rome.search(typed, limit: 30)
        if let exact = candidates.first(where: { SearchText.fold($0.label) == SearchText.fold(typed) }) { return (String(exact.code), []) }
        return ("", candidates)
    }

    static func draft(_ form: SubmittedForm, romeCode: String, gazetteer: Gazetteer) -> OfferDraft {
        var draft = OfferDraft()
        draft.title = String(form["title"].prefix(400))
        draft.romeTitle = romeCode
        draft.description = String(form["description"].prefix(6_000))
        draft.communeCode = CommuneInput.code(typed: form["commune_q"], picked: form["commune"], gazetteer: gazetteer)
        draft.contract = form["contract"]
        draft.weeklyHours = form["weekly_hours"]
        draft.startsOn = form["starts_on"]
        draft.closesOn = form["closes_on"]
        draft.openings = form["openings"]
        draft.skills = Array(form.lines("skills").prefix(OfferDraft.maximumSkills + 1))
        draft.openToDisabledWorkers = form["open_to_disabled_workers"] == "oui"
        draft.openToInsertionLeavers = form["open_to_insertion_leavers"] == "oui"
        return draft
    }

    /// The form as sent, to show again; a ROME title picked is shown by its full label, so that it
    /// is found again at the next sending.
    static func values(_ form: SubmittedForm, picked: String, rome: Rome) -> [String: String] {
        var values = Dictionary(["title", "rome_q", "description", "commune_q", "commune", "contract", "weekly_hours", "starts_on", "closes_on", "openings", "skills", "employer"]
            .map { ($0, String(form[$0].prefix(6_000))) }, uniquingKeysWith: { first, _ in first })
        if let title = Int(picked).flatMap(rome.title) { values["rome_q"] = title.label }
        return values
    }

    static func values(of offer: OfferRecord, rome: Rome, gazetteer: Gazetteer) -> [String: String] {
        ["title": offer.title, "rome_q": rome.title(offer.romeTitle)?.label ?? String(offer.romeTitle), "description": offer.description,
         "commune_q": gazetteer.commune(offer.communeCode)?.name.name ?? offer.communeCode, "commune": offer.communeCode, "contract": offer.contract.rawValue,
         "weekly_hours": OfferPages.hours(offer.weeklyHours).replacingOccurrences(of: " h", with: ""), "starts_on": offer.startsOn, "closes_on": offer.closesOn,
         "openings": String(offer.openings), "skills": offer.skills.joined(separator: "\n"), "employer": offer.employer.organisation.uuidString.lowercased()]
    }

    // MARK: Rendering

    func render(_ request: Request, offer: OfferRecord?, employers: [OfferEmployer], values: [String: String], romeChoices: [Rome.Title] = [],
                disabled: Bool = false, leavers: Bool = false, errors: FormErrors = FormErrors(), status: HTTPStatus = .ok) async throws -> Response {
        let actor = try await request.actor()
        let chosen = values["employer"].flatMap(UUID.init(uuidString:)) ?? offer?.employer.organisation ?? employers.first?.organisation
        let mayPublish = chosen.map { VerificationPolicy.mayPublish(for: $0, actor: actor) } ?? false
        let heading = offer.map { "Modifier « \($0.title) »" } ?? "Publier une offre d’emploi"
        let response = try await request.view.render("jobs/form", FormContext(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreur — ") + heading + " — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: "Mes offres", href: JobsPaths.mine.link()),
                                         .init(label: offer == nil ? "Nouvelle offre" : "Modifier")], request: request),
            heading: heading, action: offer.map { JobsPaths.editOffer.link($0.id) } ?? JobsPaths.newOffer.link(), csrf: CSRF.token(for: request),
            employers: offer == nil && employers.count > 1
                ? employers.map { ChoiceOption(value: $0.organisation.uuidString.lowercased(), label: "\($0.name) (\($0.kindLabel))", checked: $0.organisation == chosen) } : [],
            values: values, romeChoices: romeChoices.map { ChoiceOption(value: String($0.code), label: "\($0.label) (\($0.job))") },
            contracts: OfferContract.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: values["contract"] == $0.rawValue) },
            openToDisabledWorkers: disabled, openToInsertionLeavers: leavers, mayPublish: mayPublish && offer == nil,
            waiting: mayPublish ? nil : chosen.flatMap { id in employers.first { $0.organisation == id } }.map { VerificationPolicy.waitingMessage(for: $0.name) },
            cancel: offer.map { Links.offer($0.id) } ?? JobsPaths.mine.link(), errors: errors.errors, errorList: errors.errorList))
        let encoded = try await response.encodeResponse(for: request)
        encoded.status = status
        return encoded
    }

    // MARK: Routes

    @Sendable
    func newForm(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let employers = try await OfferEmployers.employers(of: try await request.actor(), user: user.id, on: request.db)
        guard !employers.isEmpty else {
            throw Abort(.forbidden, reason: "Les offres sont publiées par l’équipe d’une structure inclusive ou d’une entreprise : rejoignez la vôtre depuis « Mon espace ».")
        }
        let nextMonth = DateText.parisDay(Date().addingTimeInterval(30 * 86_400))
        return try await render(request, offer: nil, employers: employers,
                                values: ["openings": "1", "weekly_hours": "35", "starts_on": nextMonth, "closes_on": nextMonth, "employer": employers[0].organisation.uuidString.lowercased()])
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let actor = try await request.actor()
        let employers = try await OfferEmployers.employers(of: actor, user: user.id, on: request.db)
        guard !employers.isEmpty else { throw Abort(.forbidden, reason: "Les offres sont publiées par l’équipe d’une structure inclusive ou d’une entreprise.") }
        let form = SubmittedForm(request)
        let employer = employers.count == 1 ? employers[0] : employers.first { $0.organisation.uuidString.lowercased() == form["employer"] }
        let publish = form["action"] == "publier"
        let reference = try request.platform.reference
        let rome = request.application.jobsReference.rome
        let choice = Self.romeChoice(form, rome: rome)
        let draft = Self.draft(form, romeCode: choice.code, gazetteer: reference.gazetteer)
        var problems: [FieldProblem] = employer == nil ? [.init(field: "Employeur", message: "Choisissez au nom de qui vous publiez l’offre.")] : []
        let today = DateText.parisDay(Date())
        let checked = draft.validate(rome: rome, knownCommune: { reference.gazetteer.commune($0) != nil }, structureKind: employer.flatMap { StructureKind(rawValue: $0.kind) }, today: today)
        if case .failure(let more) = checked { problems += more.list }
        if publish, let employer, !VerificationPolicy.mayPublish(for: employer.organisation, actor: actor) {
            problems.append(.init(field: "Employeur", message: VerificationPolicy.waitingMessage(for: employer.name)))
        }
        guard problems.isEmpty, case .success(let offer) = checked, let employer else {
            return try await render(request, offer: nil, employers: employers, values: Self.values(form, picked: choice.code, rome: rome), romeChoices: choice.candidates,
                                    disabled: draft.openToDisabledWorkers, leavers: draft.openToInsertionLeavers,
                                    errors: FormErrors(FieldProblems(problems), fields: Self.fields, fallback: "title"), status: .unprocessableEntity)
        }
        let commune = reference.gazetteer.commune(offer.communeCode)
        let id = try await request.db.retryingTransaction { database in
            let id = try await OfferStore.create(offer, employer: employer, state: publish ? .published : .draft, place: commune?.centre,
                                                 departement: commune?.departementCode ?? "", rome: rome, by: user.email, on: database)
            try await Audit.record(.offerCreated, actorID: user.id, actor: user.email, object: "offre:\(id.uuidString.lowercased())",
                                   detail: "\(offer.title) — \(employer.name)" + (publish ? " (publiée)" : " (brouillon)"), address: request.clientAddress, on: database)
            return id
        }
        return request.redirect(to: JobsPaths.offer.link(id, query: [("fait", publish ? "publiee" : "brouillon")]))
    }

    /// The offer of the URL, if the actor writes for its employer; otherwise the same 404 as an
    /// offer that does not exist, for a draft, and a 403 for a published one.
    func managed(_ request: Request) async throws -> OfferRecord {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let offer = try await OfferStore.offer(id, on: request.db) else {
            throw Abort(.notFound, reason: "Cette offre n’existe pas.")
        }
        guard OfferEmployers.manages(offer.employer.organisation, actor: try await request.actor()) else {
            throw offer.state == .draft ? Abort(.notFound, reason: "Cette offre n’existe pas.")
                : Abort(.forbidden, reason: "Seule l’équipe de « \(offer.employer.name) » modifie cette offre.")
        }
        return offer
    }

    @Sendable
    func editForm(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirectToSignIn() }
        let offer = try await managed(request)
        guard [.draft, .published].contains(offer.state) else {
            throw Abort(.conflict, reason: "Une offre « \(offer.state.label.lowercased()) » ne se modifie plus : rouvrez-la d’abord.")
        }
        let gazetteer = try request.platform.reference.gazetteer
        return try await render(request, offer: offer, employers: [offer.employer],
                                values: Self.values(of: offer, rome: request.application.jobsReference.rome, gazetteer: gazetteer),
                                disabled: offer.openToDisabledWorkers, leavers: offer.openToInsertionLeavers)
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let current = try await managed(request)
        guard [.draft, .published].contains(current.state) else {
            throw Abort(.conflict, reason: "Une offre « \(current.state.label.lowercased()) » ne se modifie plus : rouvrez-la d’abord.")
        }
        let form = SubmittedForm(request)
        let reference = try request.platform.reference
        let rome = request.application.jobsReference.rome
        let choice = Self.romeChoice(form, rome: rome)
        let draft = Self.draft(form, romeCode: choice.code, gazetteer: reference.gazetteer)
        switch draft.validate(rome: rome, knownCommune: { reference.gazetteer.commune($0) != nil }, structureKind: StructureKind(rawValue: current.employer.kind),
                              today: DateText.parisDay(Date())) {
        case .failure(let problems):
            return try await render(request, offer: current, employers: [current.employer], values: Self.values(form, picked: choice.code, rome: rome),
                                    romeChoices: choice.candidates,
                                    disabled: draft.openToDisabledWorkers, leavers: draft.openToInsertionLeavers,
                                    errors: FormErrors(problems, fields: Self.fields, fallback: "title"), status: .unprocessableEntity)
        case .success(let offer):
            let commune = reference.gazetteer.commune(offer.communeCode)
            try await request.db.retryingTransaction { database in
                try await OfferStore.update(current.id, to: offer, employer: current.employer, place: commune?.centre, departement: commune?.departementCode ?? "",
                                            rome: rome, on: database)
                try await Audit.record(.offerEdited, actorID: user.id, actor: user.email, object: "offre:\(current.id.uuidString.lowercased())",
                                       detail: offer.title, address: request.clientAddress, on: database)
            }
            return request.redirect(to: JobsPaths.offer.link(current.id, query: [("fait", "modifiee")]))
        }
    }

    static func changeToken(_ change: OfferLifecycle.Change) -> String {
        switch change {
        case .publish: "publier"
        case .fill: "pourvoir"
        case .close, .expire: "fermer"
        case .reopen: "rouvrir"
        }
    }

    static func doneMessage(_ request: Request) -> String? {
        switch request.query[String.self, at: "fait"] {
        case "brouillon": "Offre enregistrée en brouillon : publiez-la quand elle est prête, elle paraîtra dans la recherche."
        case "publiee": "Offre publiée : elle paraît dans la recherche et dans les flux qui la suivent jusqu’à sa clôture."
        case "modifiee": "Modifications enregistrées."
        case "pourvoir": "Offre marquée pourvue : elle ne paraît plus dans la recherche."
        case "fermer": "Offre fermée : elle ne paraît plus dans la recherche."
        case "rouvrir", "publier": "Offre publiée : elle paraît de nouveau dans la recherche."
        default: nil
        }
    }

    @Sendable
    func changeState(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let offer = try await managed(request)
        let token = SubmittedForm(request)["change"]
        guard let change = [OfferLifecycle.Change.publish, .fill, .close, .reopen].first(where: { Self.changeToken($0) == token }) else {
            throw Abort(.badRequest, reason: "Action inconnue.")
        }
        if change == .publish || change == .reopen, !VerificationPolicy.mayPublish(for: offer.employer.organisation, actor: try await request.actor()) {
            throw Abort(.forbidden, reason: VerificationPolicy.waitingMessage(for: offer.employer.name))
        }
        switch OfferLifecycle.apply(change, to: offer.state, closesOn: offer.closesOn, today: DateText.parisDay(Date())) {
        case .failure(let refusal):
            throw Abort(.conflict, reason: refusal.message)
        case .success(let next):
            let moved = try await request.db.retryingTransaction { database in
                guard try await OfferStore.move(offer.id, from: offer.state, to: next, on: database) else { return false }
                try await Audit.record(.offerState, actorID: user.id, actor: user.email, object: "offre:\(offer.id.uuidString.lowercased())",
                                       detail: "\(offer.title) : \(offer.state.label) → \(next.label)", address: request.clientAddress, on: database)
                return true
            }
            guard moved else { throw Abort(.conflict, reason: "L’offre vient de changer d’état : rechargez la page.") }
            return request.redirect(to: JobsPaths.offer.link(offer.id, query: [("fait", token)]))
        }
    }

    package struct MineContext: Encodable {
        package struct Line: Encodable {
            package var title: String
            package var href: String
            package var employer: String
            package var state: String
            package var closes: String
            package var editHref: String?
        }

        package var layout: Layout
        package var lines: [Line]
        package var newOfferHref: String
        package var applicationsHref: String
        package var requestsHref: String
        /// A company's own page, to write or read.
        package var companyHref: String?
    }

    @Sendable
    func mine(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirectToSignIn() }
        let actor = try await request.actor()
        let organisations = OfferEmployers.of(actor)
        guard !organisations.isEmpty else {
            throw Abort(.forbidden, reason: "Les offres sont publiées par l’équipe d’une structure inclusive ou d’une entreprise : rejoignez la vôtre depuis « Mon espace ».")
        }
        let offers = try await OfferStore.offers(of: organisations, on: request.db)
        return try await request.view.render("jobs/mine", MineContext(
            layout: Layout(title: "Mes offres d’emploi — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: "Mes offres")], request: request),
            lines: offers.map { offer in
                MineContext.Line(title: offer.title, href: Links.offer(offer.id), employer: offer.employer.name, state: offer.state.label,
                                 closes: DateText.frenchDay(iso: offer.closesOn),
                                 editHref: [.draft, .published].contains(offer.state) ? JobsPaths.editOffer.link(offer.id) : nil)
            },
            newOfferHref: JobsPaths.newOffer.link(), applicationsHref: JobsPaths.applications.link(query: [("vue", "recues")]),
            requestsHref: JobsPaths.contactRequests.link(), companyHref: CompanyPolicy.companies(actor).first.map { JobsPaths.company.link($0) }
        )).encodeResponse(for: request)
    }
}
