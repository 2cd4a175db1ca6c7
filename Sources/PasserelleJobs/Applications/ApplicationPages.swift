import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleJourneys
import PasserellePlatform
import Vapor

/// Applications as their two teams see them: the form a referent or a prescriber sends from an
/// offer, the lists of those received and sent, one application with what its side may do, and
/// the page the employer's mailed link opens. The policy (`ApplicationPolicy`) answers before any
/// form is read; an application is shown to its two teams only, and each reading is audited.
package struct ApplicationPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.apply, use: applyForm)
        routes.post(JobsPaths.apply, use: apply)
        routes.get(JobsPaths.applications, use: list)
        routes.get(JobsPaths.answerByLink, use: linkPage)
        routes.post(JobsPaths.answerByLink, use: answerByLink)
        routes.get(JobsPaths.application, use: detail)
        routes.post(JobsPaths.answer, use: answer)
        routes.post(JobsPaths.hire, use: confirmHire)
    }

    static let fields: [(label: String, name: String)] = [
        ("Équipe", "organisation"), ("Personne suivie", "person"), (ApplicationDraft.Field.firstName, "first_name"), (ApplicationDraft.Field.lastName, "last_name"),
        (ApplicationDraft.Field.phone, "phone"), (ApplicationDraft.Field.email, "email"), (ApplicationDraft.Field.message, "message"),
        (ApplicationDraft.Field.consent, "consent"),
    ]

    // MARK: Applying

    package struct ApplyContext: Encodable {
        var layout: Layout
        var offerTitle: String
        var employer: String
        var offerHref: String
        var action: String
        var csrf: String
        var organisations: [ChoiceOption]
        var people: [ChoiceOption]
        var values: [String: String]
        var consent: Bool
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
        var message: String?
    }

    /// The offer to apply to, open to applications, and the teams the user applies for.
    private func applying(_ request: Request) async throws -> (OfferRecord, [UUID], Policy.Actor)? {
        guard request.signedInUser != nil else { return nil }
        let actor = try await request.actor()
        let teams = ApplicationPolicy.applicants(actor)
        guard !teams.isEmpty else {
            throw Abort(.forbidden, reason: "Les candidatures sont proposées par l’équipe vérifiée d’une structure inclusive ou d’un prescripteur, pour une personne qu’elle accompagne.")
        }
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let offer = try await OfferStore.offer(id, on: request.db),
              offer.publishedAt != nil else { throw Abort(.notFound, reason: "Cette offre n’existe pas.") }
        return (offer, teams, actor)
    }

    private func render(_ request: Request, offer: OfferRecord, teams: [UUID], actor: Policy.Actor, values: [String: String], consent: Bool,
                        errors: FormErrors = FormErrors(), message: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let names = try await OrganisationQueries.names(of: teams, on: request.db)
        var people: [ChoiceOption] = []
        for structure in Policy.accompaniedStructures(of: actor) {
            for person in try await PeopleStore.list(.init(structure: structure), offset: 0, limit: 500, on: request.db).people {
                people.append(ChoiceOption(value: person.id.uuidString.lowercased(), label: person.fullName, checked: values["person"] == person.id.uuidString.lowercased()))
            }
        }
        let closed = ApplicationDraft.offerOpen(state: offer.state, closesOn: offer.closesOn, today: DateText.parisDay(Date())) ? nil : ApplicationDraft.closedOffer
        let heading = "Proposer une candidature"
        let response = try await request.view.render("jobs/apply", ApplyContext(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreur — ") + heading + " : \(offer.title) — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: offer.title, href: Links.offer(offer.id)),
                                         .init(label: "Candidature")], request: request),
            offerTitle: offer.title, employer: offer.employer.name, offerHref: Links.offer(offer.id), action: JobsPaths.apply.link(offer.id), csrf: CSRF.token(for: request),
            organisations: teams.count > 1
                ? teams.map { ChoiceOption(value: $0.uuidString.lowercased(), label: names[$0] ?? "Votre équipe", checked: values["organisation"] == $0.uuidString.lowercased()) } : [],
            people: people, values: values, consent: consent, errors: errors.errors, errorList: errors.errorList, message: message ?? closed))
        let encoded = try await response.encodeResponse(for: request)
        encoded.status = status
        return encoded
    }

    @Sendable
    func applyForm(request: Request) async throws -> Response {
        guard let (offer, teams, actor) = try await applying(request) else { return request.redirectToSignIn() }
        return try await render(request, offer: offer, teams: teams, actor: actor, values: [:], consent: false)
    }

    @Sendable
    func apply(request: Request) async throws -> Response {
        guard let (offer, teams, actor) = try await applying(request), let user = request.signedInUser else { return request.redirectToSignIn() }
        let form = SubmittedForm(request)
        let values = Dictionary(["organisation", "person", "first_name", "last_name", "phone", "email", "message"].map { ($0, String(form[$0].prefix(2_100))) },
                                uniquingKeysWith: { first, _ in first })
        var draft = ApplicationDraft()
        draft.firstName = values["first_name"] ?? ""
        draft.lastName = values["last_name"] ?? ""
        draft.phone = values["phone"] ?? ""
        draft.email = values["email"] ?? ""
        draft.message = values["message"] ?? ""
        draft.consent = form["consent"] == "oui"
        var team = teams.count == 1 ? teams[0] : teams.first { $0.uuidString.lowercased() == form["organisation"] }
        var person: UUID?
        if !form["person"].isEmpty {
            // A person the structure follows: the record is read through its one door, and speaks for the team.
            let reader = PeopleAccess.Reader(user: user, actor: actor, channel: "page", address: request.clientAddress)
            let followed = try await PeopleAccess.person(UUID(uuidString: form["person"]), for: reader, logRead: true, on: request.db)
            person = followed.id
            (draft.firstName, draft.lastName) = (followed.firstName, followed.lastName)
            if draft.phone.isEmpty { draft.phone = followed.phone ?? "" }
            if draft.email.isEmpty { draft.email = followed.email ?? "" }
            team = actor.memberships.first { $0.structure == followed.structureID && $0.organisation.map(teams.contains) == true }?.organisation
        }
        guard let team else {
            var errors = FormErrors()
            errors.errors["organisation"] = "Choisissez l’équipe qui propose la candidature."
            errors.errorList = [.init(href: "#organisation", message: errors.errors["organisation"]!)]
            return try await render(request, offer: offer, teams: teams, actor: actor, values: values, consent: draft.consent, errors: errors, status: .unprocessableEntity)
        }
        switch draft.check() {
        case .failure(let problems):
            return try await render(request, offer: offer, teams: teams, actor: actor, values: values, consent: draft.consent,
                                    errors: FormErrors(problems, fields: Self.fields, fallback: "message"), status: .unprocessableEntity)
        case .success(let checked):
            let sender = ApplicationFlows.Actor(userID: user.id, label: user.email, address: request.clientAddress)
            switch try await ApplicationFlows.send(checked, person: person, to: offer, from: team, by: sender,
                                                   publicURL: request.application.platform.config.publicURL, on: request.db) {
            case .success(let id):
                return request.redirect(to: JobsPaths.application.link(id, query: [("fait", "envoyee")]))
            case .failure(let refusal):
                return try await render(request, offer: offer, teams: teams, actor: actor, values: values, consent: draft.consent, message: refusal.message,
                                        status: .unprocessableEntity)
            }
        }
    }

    // MARK: Lists

    package struct Line: Encodable {
        var href: String
        var person: String
        var offer: String
        var other: String
        var state: String
        var sent: String
    }

    package struct ListContext: Encodable {
        var layout: Layout
        var tabs: [ChoiceOption]
        var received: Bool
        var states: [ChoiceOption]
        var summary: String
        var lines: [Line]
        var pagination: Pagination
        var empty: String
    }

    @Sendable
    func list(request: Request) async throws -> View {
        guard request.signedInUser != nil else { throw Abort.redirect(to: Links.login(next: request.url.string)) }
        let actor = try await request.actor()
        let employers = OfferEmployers.of(actor), applicants = ApplicationPolicy.applicants(actor)
        guard !employers.isEmpty || !applicants.isEmpty else {
            throw Abort(.forbidden, reason: "Les candidatures se lisent dans l’équipe d’un employeur qui les reçoit ou d’une structure ou d’un prescripteur qui les envoie.")
        }
        let asked = (try? request.query.get(String.self, at: "vue")) ?? ""
        let received = employers.isEmpty ? false : (applicants.isEmpty || asked != "envoyees")
        let state = ((try? request.query.get(String.self, at: "etat")) ?? "").flatMap { JobApplicationState(rawValue: $0) }
        let page = max(1, min((try? request.query.get(Int.self, at: "page")) ?? 1, 10_000))
        let size = 25
        let found = try await ApplicationStore.list(received ? .received(employers) : .sent(applicants), state: state,
                                                    offset: (page - 1) * size, limit: size, on: request.db)
        let names = try await OrganisationQueries.names(of: Array(Set(found.items.map(\.application.applicantOrganisationID))), on: request.db)
        let view = received ? "recues" : "envoyees"
        func href(page: Int) -> String {
            JobsPaths.applications.link(query: [("vue", view)] + (state.map { [("etat", $0.rawValue)] } ?? []) + (page > 1 ? [("page", String(page))] : []))
        }
        var tabs: [ChoiceOption] = []
        if !employers.isEmpty { tabs.append(ChoiceOption(value: JobsPaths.applications.link(query: [("vue", "recues")]), label: "Reçues", checked: received)) }
        if !applicants.isEmpty { tabs.append(ChoiceOption(value: JobsPaths.applications.link(query: [("vue", "envoyees")]), label: "Envoyées", checked: !received)) }
        return try await request.view.render("jobs/applications", ListContext(
            layout: Layout(title: "Candidatures \(received ? "reçues" : "envoyées") — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: "Candidatures")], request: request),
            tabs: tabs.count > 1 ? tabs : [], received: received,
            states: [ChoiceOption(value: "", label: "Tous les états", checked: state == nil)]
                + JobApplicationState.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: $0 == state) },
            summary: French.count(found.total, "candidature", "candidatures") + (state.map { " « \($0.label.lowercased()) »" } ?? ""),
            lines: found.items.map { listed in
                Line(href: JobsPaths.application.link(listed.application.id), person: listed.application.fullName, offer: listed.offerTitle,
                     other: received ? (names[listed.application.applicantOrganisationID] ?? "—") : listed.employerName,
                     state: listed.application.state.label, sent: DateText.frenchDay(listed.application.sentAt))
            },
            pagination: Pagination(page: page, pages: (found.total + size - 1) / size, href: href),
            empty: received
                ? "Aucune candidature reçue\(state == nil ? "" : " dans cet état"). Elles arrivent des structures et des prescripteurs qui accompagnent les personnes, depuis vos offres publiées."
                : "Aucune candidature envoyée\(state == nil ? "" : " dans cet état"). Depuis une offre, « Proposer une candidature » l’adresse à l’employeur pour une personne que vous accompagnez."))
    }

    // MARK: One application

    package struct Fact: Encodable {
        var label: String
        var value: String
        var href: String?
    }

    package struct DetailContext: Encodable {
        var layout: Layout
        var heading: String
        var state: String
        var facts: [Fact]
        var person: [Fact]
        var message: String?
        var note: String?
        var answer: Answer?
        var cancelAction: String?
        var welcome: Fact?
        var hire: [Fact]
        var hireForm: HireForm?
        var csrf: String
        var done: String?
        var problem: String?
        var anonymised: Bool
    }

    /// The employer's confirmation of the hiring, on an accepted application to an ordinary contract.
    package struct HireForm: Encodable {
        var action: String
        var contract: String
        var day: String
        var months: String
        var asksMonths: Bool
        var errors: [String: String]
    }

    /// The employer's answer form: the changes the state allows, the refusals' list, the hidden
    /// parts of a mailed link.
    package struct Answer: Encodable {
        var action: String
        var changes: [ChoiceOption]
        var refusals: [ChoiceOption]
        var hidden: [Fact]
    }

    static func answerForm(_ application: ApplicationRecord, action: String, hidden: [Fact]) -> Answer? {
        guard application.state.isOpen else { return nil }
        let changes: [(JobApplicationLifecycle.Change, String, String)] = [
            (.study, "etude", "Mettre à l’étude"), (.interview, "entretien", "Proposer un entretien"), (.accept, "accepter", "Accepter"),
        ]
        return Answer(action: action, changes: changes.compactMap { change, value, label in
            guard case .success(let next) = JobApplicationLifecycle.apply(change, to: application.state, changedAt: application.changedAt, now: Date()),
                  next != application.state else { return nil }
            return ChoiceOption(value: value, label: label)
        }, refusals: JobApplicationRefusal.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label) }, hidden: hidden)
    }

    static func change(from form: SubmittedForm) -> Result<JobApplicationLifecycle.Change, JobsRefusal> {
        switch form["change"] {
        case "etude": return .success(.study)
        case "entretien": return .success(.interview)
        case "accepter": return .success(.accept)
        case "annuler": return .success(.cancel)
        case "refuser":
            guard let reason = JobApplicationRefusal(rawValue: form["refusal"]) else {
                return .failure(JobsRefusal(message: "Choisissez le motif du refus dans la liste : il est transmis à l’équipe qui accompagne la personne."))
            }
            return .success(.refuse(reason))
        default: return .failure(JobsRefusal(message: "Choisissez une réponse : mettre à l’étude, proposer un entretien, accepter ou refuser."))
        }
    }

    static func doneMessage(_ code: String) -> String? {
        switch code {
        case "envoyee": "Candidature envoyée : l’employeur est prévenu par courriel. Vous le serez de sa réponse."
        case "repondu": "Réponse enregistrée : l’équipe qui accompagne la personne en est prévenue."
        case "annulee": "Candidature annulée."
        case "embauche": "Embauche confirmée : l’équipe qui accompagne la personne en est prévenue."
        default: nil
        }
    }

    func context(_ listed: ApplicationStore.Listed, side: ApplicationPolicy.Side, request: Request, answer: Answer?, done: String?,
                 problem: String?, hireValues: [String: String] = [:], hireErrors: [String: String] = [:]) async throws -> DetailContext {
        let application = listed.application
        let applicant = try await OrganisationQueries.name(of: application.applicantOrganisationID, on: request.db) ?? "—"
        var facts = [Fact(label: "Offre", value: listed.offerTitle, href: Links.offer(application.offerID)),
                     Fact(label: "Employeur", value: listed.employerName),
                     Fact(label: "Proposée par", value: applicant),
                     Fact(label: "Envoyée le", value: DateText.frenchDay(application.sentAt)),
                     Fact(label: "État", value: application.state.label + (application.state.isOpen ? "" : " le \(DateText.frenchDay(application.changedAt))"))]
        if let reason = application.refusalReason { facts.append(Fact(label: "Motif du refus", value: reason.label)) }
        var person: [Fact] = []
        if application.anonymisedAt == nil {
            person.append(Fact(label: "Nom", value: application.fullName))
            if let phone = application.phone { person.append(Fact(label: "Téléphone", value: phone, href: "tel:" + phone.filter { !$0.isWhitespace })) }
            if let email = application.email { person.append(Fact(label: "Courriel", value: email, href: "mailto:" + email)) }
        }
        var welcome: Fact?
        // An insertion post's accepted application is a hiring: the journey starts from it, with its eligibility check.
        if side == .employer, request.signedInUser != nil, application.state == .accepted, listed.contract.isInsertionPost, let structure = listed.employerStructure {
            if let welcomed = application.welcomedPersonID {
                welcome = Fact(label: "Enregistrer l’embauche et ouvrir son parcours", value: "", href: JourneysPaths.hire.link(welcomed))
            } else if let followed = application.personID, let record = try await PeopleStore.person(followed, on: request.db), record.structureID == structure {
                welcome = Fact(label: "Enregistrer l’embauche et ouvrir son parcours", value: "", href: JourneysPaths.hire.link(followed))
            } else {
                welcome = Fact(label: "Ouvrir son dossier, puis enregistrer l’embauche", value: "", href: JobsPaths.welcome.link(application.id))
            }
        }
        var hireForm: HireForm?
        if side == .employer, request.signedInUser != nil, application.state == .accepted, application.hire == nil, JobTransition.confirmsHire(listed.contract),
           ApplicationPolicy.mayConfirmHire(employer: application.employerOrganisationID, actor: try await request.actor()) {
            let today = DateText.parisDay(Date())
            hireForm = HireForm(action: JobsPaths.hire.link(application.id), contract: listed.contract.label, day: hireValues["day"] ?? today,
                                months: hireValues["months"] ?? "", asksMonths: JobTransition.needsMonths(listed.contract), errors: hireErrors)
        }
        return DetailContext(
            layout: Layout(title: "Candidature à « \(listed.offerTitle) » — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Candidatures", href: JobsPaths.applications.link(query: [("vue", side == .employer ? "recues" : "envoyees")])),
                                         .init(label: application.anonymisedAt == nil ? application.fullName : "Candidature")], request: request),
            heading: "Candidature à « \(listed.offerTitle) »", state: application.state.label, facts: facts, person: person,
            message: application.message.isEmpty || application.anonymisedAt != nil ? nil : application.message, note: application.employerNote,
            answer: side == .employer ? answer : nil,
            cancelAction: side == .applicant && application.state.isOpen ? JobsPaths.answer.link(application.id) : nil,
            welcome: welcome, hire: Self.hireFacts(listed, side: side), hireForm: hireForm, csrf: CSRF.token(for: request), done: done, problem: problem,
            anonymised: application.anonymisedAt != nil)
    }

    /// The hiring confirmed and what became of the person's journey.
    static func hireFacts(_ listed: ApplicationStore.Listed, side: ApplicationPolicy.Side) -> [Fact] {
        let application = listed.application
        guard let hire = application.hire else { return [] }
        var facts = [Fact(label: "Embauche confirmée", value: "à partir du \(DateText.frenchDay(iso: hire.day)) — \(listed.contract.label)" + (hire.months.map { ", \($0) mois" } ?? ""))]
        guard side == .applicant, let person = application.personID else { return facts }
        let exit = JobTransition.exitContract(for: listed.contract, months: hire.months)
        if hire.exitJourneyID != nil {
            facts.append(Fact(label: "Parcours", value: "sortie enregistrée : \(exit.label) (\(exit.category.label.lowercased()))", href: JourneysPaths.person.link(person)))
        } else if hire.settledAt == nil {
            facts.append(Fact(label: "Parcours", value: "la sortie (\(exit.label.lowercased())) s’enregistrera le \(DateText.frenchDay(iso: hire.day)), si le parcours est encore ouvert"))
        } else {
            facts.append(Fact(label: "Parcours", value: "aucun parcours ouvert à clore à cette date", href: JourneysPaths.person.link(person)))
        }
        return facts
    }

    @Sendable
    func detail(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let (listed, side) = try await ApplicationFlows.read(request.parameters.get("id").flatMap(UUID.init(uuidString:)), by: user, actor: try await request.actor(),
                                                            channel: "page", address: request.clientAddress, on: request.db)
        let done = ((try? request.query.get(String.self, at: "fait")) ?? "").flatMap(Self.doneMessage)
        let context = try await context(listed, side: side, request: request,
                                        answer: Self.answerForm(listed.application, action: JobsPaths.answer.link(listed.application.id), hidden: []), done: done, problem: nil)
        return try await request.view.render("jobs/application", context).encodeResponse(for: request)
    }

    @Sendable
    func answer(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let id = request.parameters.get("id").flatMap(UUID.init(uuidString:))
        let (listed, side) = try await ApplicationFlows.read(id, by: user, actor: try await request.actor(), channel: "page", address: request.clientAddress, on: request.db)
        let form = SubmittedForm(request)
        var problem: String
        switch Self.change(from: form) {
        case .failure(let refusal): problem = refusal.message
        case .success(.cancel) where form["confirm"] != "oui":
            problem = "Cochez la confirmation pour annuler la candidature : rien n’a changé."
        case .success(let change):
            guard ApplicationPolicy.may(change, side: side) else {
                throw Abort(.forbidden, reason: side == .employer ? "L’employeur répond à la candidature ; seule l’équipe qui l’a envoyée l’annule."
                                                                  : "Seul l’employeur répond à la candidature ; votre équipe peut l’annuler.")
            }
            switch try await ApplicationFlows.answer(listed.application.id, with: change, note: form["note"],
                                                     by: .init(userID: user.id, label: user.email, address: request.clientAddress),
                                                     publicURL: request.application.platform.config.publicURL, on: request.db) {
            case .success: return request.redirect(to: JobsPaths.application.link(listed.application.id, query: [("fait", change == .cancel ? "annulee" : "repondu")]))
            case .failure(let refusal): problem = refusal.message
            }
        }
        let fresh = try await ApplicationStore.application(listed.application.id, on: request.db) ?? listed
        let context = try await context(fresh, side: side, request: request,
                                        answer: Self.answerForm(fresh.application, action: JobsPaths.answer.link(fresh.application.id), hidden: []), done: nil, problem: problem)
        let response = try await request.view.render("jobs/application", context).encodeResponse(for: request)
        response.status = .unprocessableEntity
        return response
    }

    @Sendable
    func confirmHire(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirectToSignIn() }
        let id = request.parameters.get("id").flatMap(UUID.init(uuidString:))
        let actor = try await request.actor()
        let (listed, side) = try await ApplicationFlows.read(id, by: user, actor: actor, channel: "page", address: request.clientAddress, on: request.db)
        guard side == .employer, ApplicationPolicy.mayConfirmHire(employer: listed.application.employerOrganisationID, actor: actor) else {
            throw Abort(.forbidden, reason: "L’embauche se confirme par l’équipe de l’employeur, une fois son organisation vérifiée.")
        }
        guard listed.application.state == .accepted, JobTransition.confirmsHire(listed.contract) else {
            throw Abort(.conflict, reason: "Seule une candidature acceptée à un contrat de droit commun, CDD Tremplin ou GEIQ, se confirme en embauche ici.")
        }
        let form = SubmittedForm(request)
        let values = ["day": String(form["day"].prefix(20)), "months": String(form["months"].prefix(10))]
        let draft = JobHireDraft(day: values["day"] ?? "", months: values["months"] ?? "")
        var errors: [String: String] = [:]
        var problem: String?
        switch draft.check(contract: listed.contract, sentOn: DateText.parisDay(listed.application.sentAt), today: DateText.parisDay(Date())) {
        case .failure(let problems):
            for item in problems.list { errors[item.field == JobHireDraft.Field.months ? "months" : "day"] = item.message }
            problem = problems.list.map(\.message).joined(separator: " ")
        case .success(let hire):
            switch try await HireFlows.confirm(listed, hire, by: .init(userID: user.id, label: user.email, address: request.clientAddress),
                                               publicURL: request.application.platform.config.publicURL, on: request.db) {
            case .success: return request.redirect(to: JobsPaths.application.link(listed.application.id, query: [("fait", "embauche")]))
            case .failure(let refusal): problem = refusal.message
            }
        }
        let fresh = try await ApplicationStore.application(listed.application.id, on: request.db) ?? listed
        let context = try await context(fresh, side: side, request: request, answer: nil, done: nil, problem: problem, hireValues: values, hireErrors: errors)
        let response = try await request.view.render("jobs/application", context).encodeResponse(for: request)
        response.status = .unprocessableEntity
        return response
    }

    // MARK: The mailed link

    package struct LinkProblemContext: Encodable {
        var layout: Layout
        var heading: String
        var message: String
        var isError = true
    }

    private enum LinkCheck {
        case genuine(ApplicationStore.Listed, recipient: String, hidden: [Fact])
        case refused(Response)
    }

    /// Checks the link's parts; a bad link gets a page that says why, and nothing changes. A
    /// genuine link shows the person while the application is open and the address it was mailed
    /// to still belongs to the employer's team.
    private func linked(_ request: Request, values: (String) -> String) async throws -> LinkCheck {
        let parts = (o: values("o"), e: values("e"), s: values("s"), a: values("a"))
        let key = try await ApplicationFlows.links.key(on: request.db)
        func problem(_ heading: String, _ message: String, _ status: HTTPStatus, isError: Bool = true) async throws -> Response {
            let response = try await request.view.render("jobs/application-link", LinkProblemContext(
                layout: Layout(title: heading + " — Passerelle", section: "offres", breadcrumbs: [], request: request), heading: heading, message: message, isError: isError
            )).encodeResponse(for: request)
            response.status = status
            response.keepingMailedLinkSecret()
            return response
        }
        switch ApplicationFlows.links.verify(object: parts.o, expires: parts.e, signature: parts.s, key: key) {
        case .tampered:
            return .refused(try await problem("Lien invalide", "Ce lien n’est pas complet ou a été modifié. Ouvrez-le à nouveau "
                + "depuis le courriel reçu, sans le retoucher ; rien n’a été enregistré.", .forbidden))
        case .expired:
            return .refused(try await problem("Lien expiré", "Ce lien a expiré. Rien n’a été enregistré. Votre équipe retrouve la candidature dans « Candidatures », une fois connectée.", .gone))
        case .valid(let id):
            guard let listed = try await ApplicationStore.application(id, on: request.db) else {
                return .refused(try await problem("Candidature introuvable", "Cette candidature n’existe plus sur la plateforme.", .notFound))
            }
            let state = "Cette candidature à « \(listed.offerTitle) » est « \(listed.application.state.label.lowercased()) »."
            if !listed.application.state.isOpen {
                return .refused(try await problem("Candidature close", state + " Elle est close : ce lien n’en montre plus le détail.", .gone))
            }
            let contact = try await ApplicationFlows.employerContact(author: listed.offerAuthor, employer: listed.application.employerOrganisationID, on: request.db)
            guard let contact, ApplicationFlows.links.wasSent(to: contact, object: id, expires: parts.e, recipientSignature: parts.a, key: key) else {
                return .refused(try await problem("Lien d’une autre adresse", state + " Ce lien a été envoyé à une adresse qui n’est plus celle d’un membre de l’équipe de l’employeur "
                    + ": il ne montre plus le détail. L’équipe répond depuis « Candidatures », une fois connectée.", .gone))
            }
            return .genuine(listed, recipient: contact, hidden: [Fact(label: "o", value: parts.o), Fact(label: "e", value: parts.e), Fact(label: "s", value: parts.s),
                                                                 Fact(label: "a", value: parts.a)])
        }
    }

    private func renderLink(_ request: Request, _ listed: ApplicationStore.Listed, hidden: [Fact], problem: String?, status: HTTPStatus) async throws -> Response {
        var context = try await context(listed, side: .employer, request: request,
                                        answer: Self.answerForm(listed.application, action: JobsPaths.answerByLink.link(), hidden: hidden), done: nil, problem: problem)
        context.layout.breadcrumbs = []
        let response = try await request.view.render("jobs/application", context).encodeResponse(for: request)
        response.status = status
        response.keepingMailedLinkSecret()
        return response
    }

    @Sendable
    func linkPage(request: Request) async throws -> Response {
        switch try await linked(request, values: { (try? request.query.get(String.self, at: $0)) ?? "" }) {
        case .refused(let response): return response
        case .genuine(let listed, let recipient, let hidden):
            try await Audit.record(.applicationRead, actorID: nil, actor: "lien envoyé à \(recipient)", object: "candidature:\(listed.application.id.uuidString.lowercased())",
                                   detail: "lien", address: request.clientAddress, on: request.db)
            return try await renderLink(request, listed, hidden: hidden, problem: nil, status: .ok)
        }
    }

    @Sendable
    func answerByLink(request: Request) async throws -> Response {
        let form = SubmittedForm(request)
        switch try await linked(request, values: { form[$0] }) {
        case .refused(let response): return response
        case .genuine(let listed, let recipient, let hidden):
            var problem: String
            switch Self.change(from: form) {
            case .failure(let refusal): problem = refusal.message
            case .success(let change) where !ApplicationPolicy.may(change, side: .employer):
                problem = "L’employeur répond à la candidature ; seule l’équipe qui l’a envoyée l’annule."
            case .success(let change):
                switch try await ApplicationFlows.answer(listed.application.id, with: change, note: form["note"],
                                                         by: .init(userID: nil, label: "lien envoyé à \(recipient)", address: request.clientAddress),
                                                         publicURL: request.application.platform.config.publicURL, on: request.db) {
                case .success(let state):
                    if state.isOpen {
                        let fresh = try await ApplicationStore.application(listed.application.id, on: request.db) ?? listed
                        var context = try await context(fresh, side: .employer, request: request,
                                                        answer: Self.answerForm(fresh.application, action: JobsPaths.answerByLink.link(), hidden: hidden),
                                                        done: "Réponse enregistrée : « \(state.label.lowercased()) ». L’équipe qui accompagne la personne en est prévenue.",
                                                        problem: nil)
                        context.layout.breadcrumbs = []
                        let response = try await request.view.render("jobs/application", context).encodeResponse(for: request)
                        response.keepingMailedLinkSecret()
                        return response
                    }
                    // The application is closed: its details leave the page with it.
                    let response = try await request.view.render("jobs/application-link", LinkProblemContext(
                        layout: Layout(title: "Réponse enregistrée — Passerelle", section: "offres", breadcrumbs: [], request: request),
                        heading: "Réponse enregistrée",
                        message: "Merci : la candidature à « \(listed.offerTitle) » est « \(state.label.lowercased()) ». L’équipe qui accompagne la personne en est prévenue.",
                        isError: false)).encodeResponse(for: request)
                    response.keepingMailedLinkSecret()
                    return response
                case .failure(let refusal): problem = refusal.message
                }
            }
            let fresh = try await ApplicationStore.application(listed.application.id, on: request.db) ?? listed
            return try await renderLink(request, fresh, hidden: hidden, problem: problem, status: .unprocessableEntity)
        }
    }
}
