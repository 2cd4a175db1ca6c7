import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleJourneys
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// Immersion agreements as the accompanying team writes and follows them: the list, the form
/// (new and changed), one agreement with what its state allows, the assessment and the printable
/// agreement. Only the team that wrote an agreement sees it; each reading is audited.
package struct ImmersionPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.immersions, use: list)
        routes.get(JobsPaths.newImmersion, use: newForm)
        routes.post(JobsPaths.newImmersion, use: create)
        routes.get(JobsPaths.immersion, use: detail)
        routes.get(JobsPaths.editImmersion, use: editForm)
        routes.post(JobsPaths.editImmersion, use: update)
        routes.post(JobsPaths.immersionState, use: changeState)
        routes.get(JobsPaths.assessImmersion, use: assessForm)
        routes.post(JobsPaths.assessImmersion, use: assess)
        routes.get(JobsPaths.printImmersion, use: printable)
    }

    static let fields: [(label: String, name: String)] = [
        ("Équipe", "organisation"), (ImmersionDraft.Field.firstName, "first_name"), (ImmersionDraft.Field.lastName, "last_name"),
        (ImmersionDraft.Field.beneficiaryEmail, "beneficiary_email"), (ImmersionDraft.Field.hostName, "host_name"), (ImmersionDraft.Field.hostSiret, "host_siret"),
        (ImmersionDraft.Field.hostContact, "host_contact"), (ImmersionDraft.Field.hostEmail, "host_email"), (ImmersionDraft.Field.tutorName, "tutor_name"),
        (ImmersionDraft.Field.romeTitle, "rome_q"), (ImmersionDraft.Field.objective, "objective"), (ImmersionDraft.Field.commune, "commune_q"),
        (ImmersionDraft.Field.terms, "starts_on"), (ImmersionDraft.Field.schedule, "schedule"),
    ]
    static let names = ["organisation", "person", "first_name", "last_name", "beneficiary_email", "host_name", "host_siret", "host_contact", "host_email",
                        "tutor_name", "tutor_role", "rome_q", "objective", "commune_q", "commune", "starts_on", "ends_on", "weekly_hours", "daily_hours", "schedule",
                        "previous_days"]

    // MARK: The form

    package struct FormContext: Encodable {
        var layout: Layout
        var heading: String
        var action: String
        var csrf: String
        var organisations: [ChoiceOption]
        var people: [ChoiceOption]
        var values: [String: String]
        var renewal: Bool
        var romeChoices: [ChoiceOption]
        var objectives: [ChoiceOption]
        var bounds: [String]
        var voids: Bool
        var cancel: String
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
    }

    private func bounds(_ request: Request) throws -> ImmersionBounds {
        guard let bounds = request.application.jobsReference.immersion else { throw Abort(.serviceUnavailable, reason: "Les règles des immersions ne sont pas chargées.") }
        return bounds
    }

    /// The teams `actor` writes agreements for; a forbidden page for anyone else.
    private func teams(_ request: Request) async throws -> (Policy.Actor, [UUID])? {
        guard request.signedInUser != nil else { return nil }
        let actor = try await request.actor()
        let teams = ImmersionPolicy.prescribers(actor)
        guard !teams.isEmpty else {
            throw Abort(.forbidden, reason: "Les conventions d’immersion sont écrites par l’équipe vérifiée d’une structure d’accompagnement ou d’un prescripteur.")
        }
        return (actor, teams)
    }

    func render(_ request: Request, agreement: ImmersionRecord?, actor: Policy.Actor, teams: [UUID], values: [String: String], renewal: Bool,
                romeChoices: [Rome.Title] = [], errors: FormErrors = FormErrors(), status: HTTPStatus = .ok) async throws -> Response {
        let bounds = try bounds(request)
        let names = try await OrganisationQueries.names(of: teams, on: request.db)
        var people: [ChoiceOption] = []
        if agreement == nil {
            for structure in Policy.accompaniedStructures(of: actor) {
                for person in try await PeopleStore.list(.init(structure: structure), offset: 0, limit: 500, on: request.db).people {
                    people.append(ChoiceOption(value: person.id.uuidString.lowercased(), label: person.fullName, checked: values["person"] == person.id.uuidString.lowercased()))
                }
            }
        }
        let heading = agreement == nil ? "Écrire une convention d’immersion" : "Modifier la convention d’immersion"
        let response = try await request.view.render("jobs/immersion-form", FormContext(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreur — ") + heading + " — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Immersions", href: JobsPaths.immersions.link()), .init(label: agreement == nil ? "Nouvelle convention" : "Modifier")],
                           request: request),
            heading: heading, action: agreement.map { JobsPaths.editImmersion.link($0.id) } ?? JobsPaths.newImmersion.link(), csrf: CSRF.token(for: request),
            organisations: agreement == nil && teams.count > 1
                ? teams.map { ChoiceOption(value: $0.uuidString.lowercased(), label: names[$0] ?? "Votre équipe", checked: values["organisation"] == $0.uuidString.lowercased()) } : [],
            people: people, values: values, renewal: renewal, romeChoices: romeChoices.map { ChoiceOption(value: String($0.code), label: "\($0.label) (\($0.job))") },
            objectives: bounds.objectives.map { ChoiceOption(value: $0.code, label: $0.label, checked: values["objective"] == $0.code) },
            bounds: [bounds.maxMonthsArticle, bounds.renewalsArticle, bounds.twelveMonthsArticle, bounds.weeklyHoursArticle, bounds.dailyHoursArticle],
            voids: agreement.map { [.toSign, .signed].contains($0.state) } ?? false,
            cancel: agreement.map { JobsPaths.immersion.link($0.id) } ?? JobsPaths.immersions.link(), errors: errors.errors, errorList: errors.errorList))
        let encoded = try await response.encodeResponse(for: request)
        encoded.status = status
        return encoded
    }

    static func values(of agreement: ImmersionRecord, rome: Rome, gazetteer: Gazetteer) -> [String: String] {
        ["first_name": agreement.firstName, "last_name": agreement.lastName, "beneficiary_email": agreement.beneficiaryEmail, "host_name": agreement.hostName,
         "host_siret": agreement.hostSiret ?? "", "host_contact": agreement.hostContact, "host_email": agreement.hostEmail, "tutor_name": agreement.tutorName,
         "tutor_role": agreement.tutorRole ?? "", "rome_q": rome.title(agreement.romeTitle)?.label ?? "", "objective": agreement.objective,
         "commune_q": gazetteer.commune(agreement.communeCode)?.name.name ?? agreement.communeCode, "commune": agreement.communeCode,
         "starts_on": agreement.startsOn, "ends_on": agreement.endsOn, "weekly_hours": OfferPages.hours(agreement.weeklyHours).replacingOccurrences(of: " h", with: ""),
         "daily_hours": agreement.dailyHours.map { OfferPages.hours($0).replacingOccurrences(of: " h", with: "") } ?? "", "schedule": agreement.schedule,
         "previous_days": String(agreement.previousDays)]
    }

    /// The form read: the draft for the core, the values to show again, the ROME titles to pick from.
    func read(_ form: SubmittedForm, request: Request) throws -> (ImmersionDraft, [String: String], [Rome.Title]) {
        let rome = request.application.jobsReference.rome
        let gazetteer = try request.platform.reference.gazetteer
        let (romeCode, candidates) = OfferFormPages.romeChoice(form, rome: rome)
        var values = Dictionary(Self.names.map { ($0, String(form[$0].prefix(600))) }, uniquingKeysWith: { first, _ in first })
        if let title = Int(romeCode).flatMap(rome.title) { values["rome_q"] = title.label }
        var draft = ImmersionDraft()
        draft.firstName = values["first_name"] ?? ""
        draft.lastName = values["last_name"] ?? ""
        draft.beneficiaryEmail = values["beneficiary_email"] ?? ""
        draft.hostName = values["host_name"] ?? ""
        draft.hostSiret = values["host_siret"] ?? ""
        draft.hostContact = values["host_contact"] ?? ""
        draft.hostEmail = values["host_email"] ?? ""
        draft.tutorName = values["tutor_name"] ?? ""
        draft.tutorRole = values["tutor_role"] ?? ""
        draft.romeTitle = romeCode
        draft.objective = values["objective"] ?? ""
        draft.communeCode = CommuneInput.code(typed: values["commune_q"] ?? "", picked: values["commune"] ?? "", gazetteer: gazetteer)
        draft.startsOn = values["starts_on"] ?? ""
        draft.endsOn = values["ends_on"] ?? ""
        draft.weeklyHours = values["weekly_hours"] ?? ""
        draft.dailyHours = values["daily_hours"] ?? ""
        draft.schedule = values["schedule"] ?? ""
        draft.previousDays = values["previous_days"] ?? ""
        draft.renewal = form["renewal"] == "oui"
        return (draft, values, candidates)
    }

    @Sendable
    func newForm(request: Request) async throws -> Response {
        guard let (actor, teams) = try await teams(request) else { return request.redirectToSignIn() }
        let start = DateText.parisDay(Date().addingTimeInterval(14 * 86_400))
        var values = ["starts_on": start, "weekly_hours": "35", "daily_hours": "7", "previous_days": "0"]
        // From a company's page: the host is that company, when its page is public.
        if let host = try await CompanyPages.publicCompany(request.query[String.self, at: "entreprise"], on: request.db) {
            (values["host_name"], values["host_siret"]) = (host.name, host.siret ?? "")
            if let code = host.communeCode, let commune = try request.platform.reference.gazetteer.commune(code) {
                (values["commune_q"], values["commune"]) = (commune.name.name, code)
            }
        }
        return try await render(request, agreement: nil, actor: actor, teams: teams, values: values, renewal: false)
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        guard let (actor, teams) = try await teams(request), let user = request.signedInUser else { return request.redirectToSignIn() }
        let form = SubmittedForm(request)
        var (draft, values, candidates) = try read(form, request: request)
        var team = teams.count == 1 ? teams[0] : teams.first { $0.uuidString.lowercased() == form["organisation"] }
        var person: UUID?
        if !form["person"].isEmpty {
            let reader = PeopleAccess.Reader(user: user, actor: actor, channel: "page", address: request.clientAddress)
            let followed = try await PeopleAccess.person(UUID(uuidString: form["person"]), for: reader, logRead: true, on: request.db)
            person = followed.id
            (draft.firstName, draft.lastName) = (followed.firstName, followed.lastName)
            if draft.beneficiaryEmail.isEmpty { draft.beneficiaryEmail = followed.email ?? "" }
            (values["first_name"], values["last_name"], values["beneficiary_email"]) = (draft.firstName, draft.lastName, draft.beneficiaryEmail)
            team = actor.memberships.first { $0.structure == followed.structureID && $0.organisation.map(teams.contains) == true }?.organisation
        }
        var errors = FormErrors()
        if team == nil {
            errors.errors["organisation"] = "Choisissez l’équipe qui écrit la convention."
            errors.errorList = [.init(href: "#organisation", message: errors.errors["organisation"]!)]
        }
        let gazetteer = try request.platform.reference.gazetteer
        switch draft.validate(rome: request.application.jobsReference.rome, bounds: try bounds(request), knownCommune: { gazetteer.commune($0) != nil }) {
        case .failure(let problems):
            let found = FormErrors(problems, fields: Self.fields, fallback: "starts_on")
            errors.errors.merge(found.errors) { first, _ in first }
            errors.errorList += found.errorList
        case .success(let checked) where errors.errorList.isEmpty:
            let (address, prescriber, followed) = (request.clientAddress, team!, person)
            let id = try await request.db.retryingTransaction { database in
                let id = try await ImmersionStore.create(checked, prescriber: prescriber, person: followed, by: user.email, on: database)
                try await Audit.record(.immersionCreated, actorID: user.id, actor: user.email, object: "immersion:\(id.uuidString.lowercased())", address: address, on: database)
                return id
            }
            return request.redirect(to: JobsPaths.immersion.link(id, query: [("fait", "ecrite")]))
        case .success: break
        }
        return try await render(request, agreement: nil, actor: actor, teams: teams, values: values, renewal: draft.renewal, romeChoices: candidates,
                                errors: errors, status: .unprocessableEntity)
    }

    @Sendable
    func editForm(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let actor = try await request.actor()
        let agreement = try await ImmersionFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: actor, channel: "page",
                                                      address: request.clientAddress, on: request.db)
        guard case .success = ImmersionLifecycle.apply(.edit, to: agreement.lifecycle, today: DateText.parisDay(Date())) else {
            throw Abort(.conflict, reason: "La convention est « \(agreement.state.label.lowercased()) » : elle ne se modifie plus.")
        }
        return try await render(request, agreement: agreement, actor: actor, teams: [agreement.prescriberOrganisationID],
                                values: Self.values(of: agreement, rome: request.application.jobsReference.rome, gazetteer: try request.platform.reference.gazetteer),
                                renewal: agreement.renewal > 0)
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let actor = try await request.actor()
        let agreement = try await ImmersionFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: actor, channel: "page",
                                                      address: request.clientAddress, on: request.db)
        guard case .success(let next) = ImmersionLifecycle.apply(.edit, to: agreement.lifecycle, today: DateText.parisDay(Date())) else {
            throw Abort(.conflict, reason: "La convention est « \(agreement.state.label.lowercased()) » : elle ne se modifie plus.")
        }
        let (draft, values, candidates) = try read(SubmittedForm(request), request: request)
        let gazetteer = try request.platform.reference.gazetteer
        switch draft.validate(rome: request.application.jobsReference.rome, bounds: try bounds(request), knownCommune: { gazetteer.commune($0) != nil }) {
        case .failure(let problems):
            return try await render(request, agreement: agreement, actor: actor, teams: [agreement.prescriberOrganisationID], values: values, renewal: draft.renewal,
                                    romeChoices: candidates, errors: FormErrors(problems, fields: Self.fields, fallback: "starts_on"), status: .unprocessableEntity)
        case .success(let checked):
            let address = request.clientAddress, publicURL = request.application.platform.config.publicURL
            let prescriber = try await OrganisationQueries.name(of: agreement.prescriberOrganisationID, on: request.db) ?? "La structure d’accompagnement"
            let changed = try await request.db.retryingTransaction { database -> Bool in
                guard try await ImmersionStore.update(agreement.id, to: checked, state: next.state, from: agreement.version, was: agreement.state,
                                                            on: database) else { return false }
                try await Audit.record(.immersionEdited, actorID: user.id, actor: user.email, object: "immersion:\(agreement.id.uuidString.lowercased())",
                                       detail: agreement.state == .draft ? "" : "signatures à recueillir à nouveau", address: address, on: database)
                // Sent already: each party receives the link of the new version, the old ones sign no more.
                if next.state == .toSign, let fresh = try await ImmersionStore.agreement(agreement.id, on: database) {
                    for mail in try await ImmersionFlows.signatureMails(fresh, prescriber: prescriber, publicURL: publicURL, on: database) {
                        try await Outbox.enqueue(mail, on: database)
                    }
                }
                return true
            }
            guard changed else { throw Abort(.conflict, reason: "La convention vient de changer : rechargez-la avant de la modifier.") }
            return request.redirect(to: JobsPaths.immersion.link(agreement.id, query: [("fait", "modifiee")]))
        }
    }

    // MARK: Lists and one agreement

    package struct Line: Encodable {
        var href: String
        var person: String
        var host: String
        var dates: String
        var state: String
    }

    package struct ListContext: Encodable {
        var layout: Layout
        var newHref: String
        var states: [ChoiceOption]
        var summary: String
        var lines: [Line]
        var pagination: Pagination
    }

    @Sendable
    func list(request: Request) async throws -> Response {
        guard let (_, teams) = try await teams(request) else { return request.redirectToSignIn() }
        let state = ((try? request.query.get(String.self, at: "etat")) ?? "").flatMap { ImmersionState(rawValue: $0) }
        let page = max(1, min((try? request.query.get(Int.self, at: "page")) ?? 1, 10_000)), size = 25
        let found = try await ImmersionStore.list(of: teams, state: state, offset: (page - 1) * size, limit: size, on: request.db)
        return try await request.view.render("jobs/immersions", ListContext(
            layout: Layout(title: "Immersions — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: "Immersions")], request: request),
            newHref: JobsPaths.newImmersion.link(),
            states: [ChoiceOption(value: "", label: "Tous les états", checked: state == nil)]
                + ImmersionState.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: $0 == state) },
            summary: French.count(found.total, "convention", "conventions") + (state.map { " « \($0.label.lowercased()) »" } ?? ""),
            lines: found.items.map { Line(href: JobsPaths.immersion.link($0.id), person: $0.fullName, host: $0.hostName,
                                          dates: "du \(DateText.frenchDay(iso: $0.startsOn)) au \(DateText.frenchDay(iso: $0.endsOn))", state: $0.state.label) },
            pagination: Pagination(page: page, pages: (found.total + size - 1) / size) { number in
                JobsPaths.immersions.link(query: (state.map { [("etat", $0.rawValue)] } ?? []) + (number > 1 ? [("page", String(number))] : []))
            })).encodeResponse(for: request)
    }

    package struct Fact: Encodable {
        var label: String
        var value: String
    }

    /// The agreement's terms as the parties read and sign them, and as it prints.
    package struct Terms: Encodable {
        var parties: [Fact]
        var immersion: [Fact]
        var signatures: [Fact]
        var articles: [String]
    }

    static func terms(_ agreement: ImmersionRecord, prescriber: String, request: Request) throws -> Terms {
        let rome = request.application.jobsReference.rome
        let gazetteer = try request.platform.reference.gazetteer
        let bounds = request.application.jobsReference.immersion
        var parties = [Fact(label: "La personne", value: "\(agreement.fullName) — \(agreement.beneficiaryEmail)"),
                       Fact(label: "L’entreprise d’accueil", value: agreement.hostName + (agreement.hostSiret.map { " (SIRET \($0))" } ?? "")),
                       Fact(label: "Signataire pour l’entreprise", value: "\(agreement.hostContact) — \(agreement.hostEmail)"),
                       Fact(label: "Tuteur ou tutrice", value: agreement.tutorName + (agreement.tutorRole.map { ", \($0)" } ?? "")),
                       Fact(label: "Structure d’accompagnement (prescripteur)", value: prescriber)]
        if agreement.renewal > 0 { parties.append(Fact(label: "Renouvellement", value: "Cette convention renouvelle une immersion précédente.")) }
        let immersion = [
            Fact(label: "Métier découvert", value: rome.title(agreement.romeTitle).map { "\($0.label) (\($0.job))" } ?? agreement.romeCode),
            Fact(label: "Objectif", value: bounds?.objective(agreement.objective).map { "\($0.label) — \($0.article)" } ?? agreement.objective),
            Fact(label: "Lieu", value: gazetteer.commune(agreement.communeCode).map { "\($0.name.name) (\($0.departementCode))" } ?? agreement.communeCode),
            Fact(label: "Dates", value: "du \(DateText.frenchDay(iso: agreement.startsOn)) au \(DateText.frenchDay(iso: agreement.endsOn)) inclus"),
            Fact(label: "Durée", value: OfferPages.hours(agreement.weeklyHours) + " par semaine" + (agreement.dailyHours.map { ", " + OfferPages.hours($0) + " par jour au plus" } ?? "")),
            Fact(label: "Horaires", value: agreement.schedule),
            Fact(label: "Jours déjà faits chez cet accueil sur douze mois", value: String(agreement.previousDays)),
        ]
        let signatures = ImmersionParty.allCases.map { party -> Fact in
            let by = party == .prescriber ? agreement.prescriberSignedBy.map { " par \($0)" } ?? "" : ""
            return Fact(label: "Signature " + French.de(party.label), value: agreement.signedAt(party).map { "signée le \(DateText.frenchDateTime($0))" + by } ?? "à signer")
        } + (agreement.validatedAt.map { [Fact(label: "Validation", value: "le \(DateText.frenchDateTime($0))")] } ?? [])
        let articles = bounds.map { [$0.maxMonthsArticle, $0.renewalsArticle, $0.twelveMonthsArticle, $0.weeklyHoursArticle, $0.dailyHoursArticle] } ?? []
        return Terms(parties: parties, immersion: immersion, signatures: signatures, articles: articles)
    }

    package struct DetailContext: Encodable {
        var layout: Layout
        var heading: String
        var state: String
        var terms: Terms
        var csrf: String
        var stateAction: String
        /// The version the team signs: a change of the terms in between voids its click.
        var version: Int
        var actions: [ChoiceOption]
        var mayClose: Bool
        var editHref: String?
        var assessHref: String?
        var printHref: String
        var assessment: [Fact]
        var closingReason: String?
        var done: String?
        var problem: String?
    }

    static func doneMessage(_ code: String) -> String? {
        switch code {
        case "ecrite": "Convention écrite, en brouillon. Relisez-la, puis envoyez-la pour signature : la personne et l’entreprise reçoivent chacune leur lien."
        case "modifiee": "Convention modifiée. Si elle était envoyée, chaque partie a reçu un nouveau lien : les signatures sont à recueillir à nouveau."
        case "etat": "C’est enregistré."
        case "bilan": "Bilan enregistré ; il figure au parcours de la personne quand votre structure la suit."
        default: nil
        }
    }

    func detailContext(_ agreement: ImmersionRecord, request: Request, done: String?, problem: String?) async throws -> DetailContext {
        let prescriber = try await OrganisationQueries.name(of: agreement.prescriberOrganisationID, on: request.db) ?? "—"
        let today = DateText.parisDay(Date())
        let changes: [(ImmersionLifecycle.Change, String, String)] = [(.send, "envoyer", "Envoyer pour signature"), (.sign(.prescriber), "signer", "Signer pour la structure"),
                                                                      (.validate, "valider", "Valider la convention")]
        var assessment: [Fact] = []
        if let attendance = agreement.attendance.flatMap(ImmersionAssessment.Attendance.init(rawValue:)) {
            assessment = [Fact(label: "Présence", value: attendance.label),
                          Fact(label: "Compétences observées", value: BarList.split(agreement.skillsObserved ?? "").isEmpty ? "—"
                                : BarList.split(agreement.skillsObserved ?? "").joined(separator: ", ")),
                          Fact(label: "À l’issue", value: agreement.endedInHiring == true ? "Embauche (\(agreement.hiringContract ?? "contrat"))" : "Pas d’embauche")]
            if let comment = agreement.assessmentComment, !comment.isEmpty { assessment.append(Fact(label: "Commentaire", value: comment)) }
        }
        return DetailContext(
            layout: Layout(title: "Immersion de \(agreement.fullName) chez \(agreement.hostName) — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Immersions", href: JobsPaths.immersions.link()), .init(label: agreement.fullName)], request: request),
            heading: "Immersion de \(agreement.fullName) chez \(agreement.hostName)", state: agreement.state.label,
            terms: try Self.terms(agreement, prescriber: prescriber, request: request), csrf: CSRF.token(for: request),
            stateAction: JobsPaths.immersionState.link(agreement.id), version: agreement.version,
            actions: changes.compactMap { change, value, label in
                guard case .success = ImmersionLifecycle.apply(change, to: agreement.lifecycle, today: today) else { return nil }
                return ChoiceOption(value: value, label: label)
            },
            mayClose: !agreement.state.isClosed,
            editHref: { if case .success = ImmersionLifecycle.apply(.edit, to: agreement.lifecycle, today: today) { return JobsPaths.editImmersion.link(agreement.id) }; return nil }(),
            assessHref: agreement.state == .validated ? JobsPaths.assessImmersion.link(agreement.id) : nil, printHref: JobsPaths.printImmersion.link(agreement.id),
            assessment: assessment, closingReason: agreement.closingReason, done: done, problem: problem)
    }

    @Sendable
    func detail(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let agreement = try await ImmersionFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: try await request.actor(),
                                                      channel: "page", address: request.clientAddress, on: request.db)
        let done = ((try? request.query.get(String.self, at: "fait")) ?? "").flatMap(Self.doneMessage)
        return try await request.view.render("jobs/immersion", try await detailContext(agreement, request: request, done: done, problem: nil)).encodeResponse(for: request)
    }

    @Sendable
    func changeState(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let agreement = try await ImmersionFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: try await request.actor(),
                                                      channel: "page", address: request.clientAddress, on: request.db)
        let form = SubmittedForm(request)
        let actor = ImmersionFlows.Actor(userID: user.id, label: user.email, address: request.clientAddress)
        let publicURL = request.application.platform.config.publicURL
        let outcome: Result<ImmersionState, JobsRefusal>
        switch form["change"] {
        case "envoyer": outcome = try await ImmersionFlows.change(agreement.id, .send, by: actor, publicURL: publicURL, on: request.db)
        case "signer":
            outcome = try await ImmersionFlows.sign(agreement.id, party: .prescriber, version: Int(form["version"]) ?? -1,
                                                    by: .init(userID: user.id, label: user.name, address: request.clientAddress), on: request.db)
        case "valider": outcome = try await ImmersionFlows.change(agreement.id, .validate, by: actor, publicURL: publicURL, on: request.db)
        case "refuser": outcome = try await ImmersionFlows.change(agreement.id, .refuse(reason: form["reason"]), by: actor, publicURL: publicURL, on: request.db)
        case "annuler": outcome = try await ImmersionFlows.change(agreement.id, .cancel(reason: form["reason"]), by: actor, publicURL: publicURL, on: request.db)
        default: outcome = .failure(JobsRefusal(message: "Choisissez une action."))
        }
        switch outcome {
        case .success: return request.redirect(to: JobsPaths.immersion.link(agreement.id, query: [("fait", "etat")]))
        case .failure(let refusal):
            let fresh = try await ImmersionStore.agreement(agreement.id, on: request.db) ?? agreement
            let response = try await request.view.render("jobs/immersion", try await detailContext(fresh, request: request, done: nil, problem: refusal.message))
                .encodeResponse(for: request)
            response.status = .unprocessableEntity
            return response
        }
    }

    // MARK: Assessment and print

    package struct AssessContext: Encodable {
        var layout: Layout
        var heading: String
        var action: String
        var csrf: String
        var attendances: [ChoiceOption]
        var values: [String: String]
        var hired: Bool
        var cancel: String
        var message: String?
        var errorList: [FormErrors.Listed]
    }

    func renderAssess(_ request: Request, _ agreement: ImmersionRecord, values: [String: String], hired: Bool, problem: String?, status: HTTPStatus) async throws -> Response {
        let response = try await request.view.render("jobs/immersion-assess", AssessContext(
            layout: Layout(title: (problem == nil ? "" : "Erreur — ") + "Bilan de l’immersion — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Immersions", href: JobsPaths.immersions.link()),
                                         .init(label: agreement.fullName, href: JobsPaths.immersion.link(agreement.id)), .init(label: "Bilan")], request: request),
            heading: "Bilan de l’immersion de \(agreement.fullName) chez \(agreement.hostName)", action: JobsPaths.assessImmersion.link(agreement.id),
            csrf: CSRF.token(for: request),
            attendances: ImmersionAssessment.Attendance.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: values["attendance"] == $0.rawValue) },
            values: values, hired: hired, cancel: JobsPaths.immersion.link(agreement.id), message: problem, errorList: []))
        let encoded = try await response.encodeResponse(for: request)
        encoded.status = status
        return encoded
    }

    @Sendable
    func assessForm(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let agreement = try await ImmersionFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: try await request.actor(),
                                                      channel: "page", address: request.clientAddress, on: request.db)
        guard agreement.state == .validated else { throw Abort(.conflict, reason: "Le bilan se fait pour une convention validée.") }
        return try await renderAssess(request, agreement, values: ["attendance": ImmersionAssessment.Attendance.complete.rawValue], hired: false, problem: nil, status: .ok)
    }

    @Sendable
    func assess(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let agreement = try await ImmersionFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: try await request.actor(),
                                                      channel: "page", address: request.clientAddress, on: request.db)
        let form = SubmittedForm(request)
        let values = Dictionary(["attendance", "skills", "hiring_contract", "comment"].map { ($0, String(form[$0].prefix(2_100))) }, uniquingKeysWith: { first, _ in first })
        guard let attendance = ImmersionAssessment.Attendance(rawValue: form["attendance"]) else {
            return try await renderAssess(request, agreement, values: values, hired: form["hired"] == "oui", problem: "Dites si la personne était présente.", status: .unprocessableEntity)
        }
        let assessment = ImmersionAssessment(
            attendance: attendance, skillsObserved: OfferDraft.cleanSkills(form.lines("skills")), endedInHiring: form["hired"] == "oui",
            hiringContract: form["hired"] == "oui" ? form["hiring_contract"].trimmingCharacters(in: .whitespaces).prefix(120).description : nil,
            comment: form["comment"].trimmingCharacters(in: .whitespacesAndNewlines))
        switch try await ImmersionFlows.assess(agreement.id, assessment, by: user, address: request.clientAddress, on: request.db) {
        case .success: return request.redirect(to: JobsPaths.immersion.link(agreement.id, query: [("fait", "bilan")]))
        case .failure(let refusal):
            return try await renderAssess(request, agreement, values: values, hired: assessment.endedInHiring, problem: refusal.message, status: .unprocessableEntity)
        }
    }

    package struct PrintContext: Encodable {
        var layout: Layout
        var heading: String
        var state: String
        var terms: Terms
        var back: String
    }

    @Sendable
    func printable(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let agreement = try await ImmersionFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: try await request.actor(),
                                                      channel: "impression", address: request.clientAddress, on: request.db)
        let prescriber = try await OrganisationQueries.name(of: agreement.prescriberOrganisationID, on: request.db) ?? "—"
        let response = try await request.view.render("jobs/immersion-print", PrintContext(
            layout: Layout(title: "Convention d’immersion — \(agreement.fullName) — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Immersions", href: JobsPaths.immersions.link()),
                                         .init(label: agreement.fullName, href: JobsPaths.immersion.link(agreement.id)), .init(label: "Convention")], request: request),
            heading: "Convention de période de mise en situation en milieu professionnel",
            state: agreement.state.label, terms: try Self.terms(agreement, prescriber: prescriber, request: request), back: JobsPaths.immersion.link(agreement.id)
        )).encodeResponse(for: request)
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
