import Fluent
import Crypto
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Referring a person to a service, the lists of referrals sent and received, a referral's page
/// with the service's answer, and the page a service's contact opens from the mailed link.
package struct ReferralPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicesPaths.refer, use: form)
        routes.post(ServicesPaths.refer, use: send)
        routes.get(ServicesPaths.referrals, use: list)
        routes.get(ServicesPaths.referralsCSV, use: export)
        routes.get(ServicesPaths.answerByLink, use: linkPage)
        routes.post(ServicesPaths.answerByLink, use: answerByLink)
        routes.get(ServicesPaths.referral, use: show)
        routes.post(ServicesPaths.answerReferral, use: answerFromSpace)
    }

    // MARK: Referring

    package static let fields: [(label: String, name: String)] = [
        ("Organisation", "organisation"), (ReferralRequest.Field.service, "organisation"), (ReferralRequest.Field.firstName, "first_name"),
        (ReferralRequest.Field.lastName, "last_name"), (ReferralRequest.Field.publics, "publics"), (ReferralRequest.Field.situation, "situation"),
        (ReferralRequest.Field.preference, "preference"), (ReferralRequest.Field.phone, "phone"), (ReferralRequest.Field.email, "email"),
        (ReferralRequest.Field.availability, "availability"), (ReferralRequest.Field.referentName, "referent_name"),
        (ReferralRequest.Field.referentPhone, "referent_phone"), (ReferralRequest.Field.reason, "reason"), (ReferralRequest.Field.consent, "consent"),
    ]
    package static let textFields = ["organisation", "first_name", "last_name", "situation", "preference", "phone", "email", "availability",
                             "referent_name", "referent_phone", "reason"]

    package struct FormContext: Encodable {
        package var layout: Layout
        package var csrf: String
        package var action: String
        package var serviceName: String
        package var provider: String
        package var accessConditions: String?
        package var servicePublics: String?
        package var values: [String: String]
        package var organisations: String
        package var publics: [ChoiceOption]
        package var preferences: [ChoiceOption]
        package var criteriaChecked: Bool
        package var consent: Bool
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
        /// Who will read the referral, said before it is sent.
        package var delivery: String
        /// Nobody would: no contact address and no team on the platform. The form is not shown.
        package var undeliverable: Bool
        package var servicePhone: String?
        package var searchHref: String
    }

    /// Who reads a referral to `service`: its contact, by a mailed link, and its team in its space.
    package static func delivery(of service: Service, on database: any Database) async throws -> (text: String, deliverable: Bool) {
        var team = false
        if let organisation = service.provider.organisationId { team = try await !Teams.members(of: organisation, on: database).isEmpty }
        if !team, let structure = service.provider.structureId { team = try await !OrganisationQueries.members(ofStructure: structure, on: database).isEmpty }
        switch (service.email != nil, team) {
        case (true, true):
            return ("Le contact du service reçoit un lien pour lire l’orientation et répondre, et son équipe la voit dans son espace ; "
                + "vous voyez la réponse dans vos orientations envoyées.", true)
        case (true, false):
            return ("Le contact du service reçoit par courriel un lien pour lire l’orientation et répondre ; vous voyez la réponse dans vos orientations envoyées.", true)
        case (false, true):
            return ("Ce service ne donne pas d’adresse de contact : aucun courriel ne part. Son équipe voit l’orientation dans son espace Passerelle et y répond.", true)
        case (false, false):
            return ("Ce service ne donne pas d’adresse de contact et n’a pas d’équipe sur Passerelle : personne ne serait averti de votre orientation. "
                + "Contactez-le directement, ou choisissez un autre service.", false)
        }
    }

    /// The published service of the route, or a clear refusal.
    package static func referable(_ request: Request) async throws -> Service {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let service = try await ServiceStore.service(id, on: request.db),
              service.status != .draft else {
            throw Abort(.notFound, reason: "Ce service n’existe pas ou n’est pas publié.")
        }
        guard service.status == .published else {
            throw Abort(.gone, reason: "« \(service.name) » est archivé : il ne reçoit plus d’orientations. Cherchez un autre service sur /services.")
        }
        return service
    }

    /// The organisations in whose name the user may refer.
    package static func referringOrganisations(_ request: Request) async throws -> [OrganisationQueries.Membership] {
        guard let user = request.signedInUser else { return [] }
        return try await OrganisationQueries.memberships(of: user.id, on: request.db)
            .filter { Policy.referringKinds.contains($0.kind) }
    }

    package static func renderForm(_ request: Request, service: Service, values: [String: String], publics: Set<String>, criteria: Bool, consent: Bool,
                           errors: FormErrors = FormErrors(), status: HTTPStatus = .ok) async throws -> Response {
        let organisations = try await referringOrganisations(request)
        let delivery = try await Self.delivery(of: service, on: request.db)
        let response = try await request.view.render("services/refer", FormContext(
            layout: Layout(title: "Orienter une personne vers « \(service.name) » — Passerelle", section: "services",
                           breadcrumbs: [.init(label: "Services des partenaires", href: ServicesPaths.search.link()), .init(label: service.name, href: Links.service(service.id)),
                                         .init(label: "Orienter une personne")], request: request),
            csrf: CSRF.token(for: request), action: Links.referTo(service.id), serviceName: service.name, provider: service.provider.name,
            accessConditions: service.accessConditions,
            servicePublics: service.publics.isEmpty ? nil : service.publics.map { ServiceVocabulary.label($0, in: ServiceVocabulary.publics) }.joined(separator: ", "),
            values: values,
            organisations: HTMLFragments.options(organisations.map { .init(value: $0.organisationID.uuidString.lowercased(), label: $0.name,
                                                                              chosen: values["organisation"] == $0.organisationID.uuidString.lowercased()) }),
            publics: ServiceVocabulary.publics.filter { $0.value != "tous-publics" }.map { .init(value: $0.value, label: $0.label, checked: publics.contains($0.value)) },
            preferences: ContactPreference.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: values["preference"] == $0.rawValue) },
            criteriaChecked: criteria, consent: consent, errors: errors.errors, errorList: errors.errorList,
            delivery: delivery.text, undeliverable: !delivery.deliverable, servicePhone: service.phone, searchHref: ServicesPaths.search.link()
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    /// A 403 unless the user belongs to an organisation that refers people.
    private static func checkRefers(_ request: Request) async throws {
        guard try await !referringOrganisations(request).isEmpty else {
            throw Abort(.forbidden, reason: "Les orientations sont envoyées au nom d’une structure inclusive ou d’un prescripteur : "
                + "rejoignez d’abord votre organisation depuis « Mon compte ».")
        }
    }

    @Sendable
    package func form(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        try await Self.checkRefers(request)
        let service = try await Self.referable(request)
        return try await Self.renderForm(request, service: service, values: ["referent_name": user.name], publics: [], criteria: false, consent: false)
    }

    @Sendable
    package func send(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        try await Self.checkRefers(request)
        let service = try await Self.referable(request)
        let delivery = try await Self.delivery(of: service, on: request.db)
        guard delivery.deliverable else { throw Abort(.conflict, reason: delivery.text) }
        let form = SubmittedForm(request)
        var draft = ReferralRequest()
        draft.firstName = form["first_name"]
        draft.lastName = form["last_name"]
        draft.publics = form.all("publics")
        draft.situation = form["situation"]
        draft.criteriaChecked = form["criteria"] == "1"
        draft.preference = form["preference"]
        draft.phone = form["phone"]
        draft.email = form["email"]
        draft.availability = form["availability"]
        draft.referentName = form["referent_name"]
        draft.referentPhone = form["referent_phone"]
        draft.reason = form["reason"]
        draft.consent = form["consent"] == "1"
        let organisation = UUID(uuidString: form["organisation"])
        var problems: [FieldProblem] = []
        let actor = try await request.actor()
        if organisation.map({ Policy.mayRefer(for: $0, actor: actor) }) != .allowed {
            problems.append(FieldProblem(field: "Organisation", message: "Choisissez l’organisation au nom de laquelle vous orientez (une structure ou un prescripteur dont vous êtes membre)."))
        }
        let checked: ReferralRequest.Checked?
        switch draft.check(service: service.status) {
        case .success(let value): checked = value
        case .failure(let found): checked = nil; problems += found.list
        }
        guard problems.isEmpty, let checked, let organisation else {
            return try await Self.renderForm(request, service: service, values: Dictionary(uniqueKeysWithValues: Self.textFields.map { ($0, form[$0]) }),
                                             publics: Set(draft.publics), criteria: draft.criteriaChecked, consent: draft.consent,
                                             errors: FormErrors(FieldProblems(problems), fields: Self.fields, fallback: "first_name"), status: .unprocessableEntity)
        }
        let id = try await ReferralFlows.send(checked, to: service, from: organisation, by: .init(userID: user.id, label: user.email, address: request.clientAddress),
                                              publicURL: request.application.platform.config.publicURL, on: request.db)
        return request.redirect(to: Links.referral(id) + "?fait=envoi")
    }

    // MARK: Lists

    package struct ListedContext: Encodable {
        package var href: String
        package var person: String
        package var service: String
        package var provider: String
        package var referrer: String
        package var sent: String
        package var state: String
        package var stateClass: String
    }

    package struct ListContext: Encodable {
        package var layout: Layout
        package var side: String
        package var tabs: [ChoiceOption]
        package var states: String
        package var words: String
        package var items: [ListedContext]
        package var summary: String
        package var csvHref: String
        package var pagination: Pagination
    }

    /// Reads the list's filters from the query; unknown values are ignored, as in every list.
    package static func filter(_ request: Request) -> ReferralStore.Filter {
        var filter = ReferralStore.Filter()
        filter.side = (try? request.query.get(String.self, at: "vue")).flatMap(ReferralStore.Side.init(rawValue:)) ?? .received
        filter.state = (try? request.query.get(String.self, at: "etat")).flatMap(ReferralState.init(rawValue:))
        filter.words = String(((try? request.query.get(String.self, at: "q")) ?? "").prefix(100))
        filter.page = min(max((try? request.query.get(Int.self, at: "page")) ?? 1, 1), 10_000)
        return filter
    }

    package static func query(of filter: ReferralStore.Filter) -> [(String, String)] {
        [("vue", filter.side.rawValue)] + (filter.state.map { [("etat", $0.rawValue)] } ?? []) + (filter.words.isEmpty ? [] : [("q", filter.words)])
    }

    @Sendable
    package func list(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: ServicesPaths.referrals.link())) }
        let filter = Self.filter(request)
        let page = try await ReferralStore.list(filter, reach: try await .of(user.id, on: request.db), on: request.db)
        let query = Self.query(of: filter)
        return try await request.view.render("services/referrals", ListContext(
            layout: Layout(title: "Orientations \(filter.side.label.lowercased()) — Passerelle", section: "orientations",
                           breadcrumbs: [.init(label: "Orientations")], request: request),
            side: filter.side.rawValue,
            tabs: ReferralStore.Side.allCases.map { .init(value: ServicesPaths.referrals.link(query: [("vue", $0.rawValue)]), label: $0.label, checked: $0 == filter.side) },
            states: HTMLFragments.options([.init(value: "", label: "Tous les états", chosen: filter.state == nil)]
                + ReferralState.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: filter.state == $0) }),
            words: filter.words,
            items: page.items.map { listed in
                ListedContext(href: Links.referral(listed.referral.id), person: listed.referral.personName, service: listed.serviceName,
                              provider: listed.providerName, referrer: listed.referrerName, sent: DateText.frenchDay(listed.referral.sentAt),
                              state: listed.referral.state.label, stateClass: listed.referral.state.rawValue)
            },
            summary: page.total == 0 ? "Aucune orientation" : "\(page.total) orientation\(page.total > 1 ? "s" : "")",
            csvHref: ServicesPaths.referralsCSV.link(query: query),
            pagination: Pagination(page: filter.page, total: page.total, size: filter.size, path: ServicesPaths.referrals.link(), query: query)
        )).encodeResponse(for: request)
    }

    @Sendable
    package func export(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: ServicesPaths.referrals.link())) }
        var filter = Self.filter(request)
        filter.page = 1
        filter.size = 10_000
        let page = try await ReferralStore.list(filter, reach: try await .of(user.id, on: request.db), on: request.db)
        var writer = CSV.Writer()
        writer.append(["Envoyée le", "État", "Motif du refus", "Précisions", "Répondu par", "Clôturée le", "Service", "Structure du service",
                       "Orientée par", "Référent", "Prénom", "Nom", "Préférence de contact", "Téléphone", "Courriel", "Page"])
        for listed in page.items {
            let referral = listed.referral
            writer.append([DateText.isoDay(referral.sentAt), referral.state.label, referral.refusalReason?.label ?? "", referral.refusalDetails ?? "",
                           referral.answeredBy ?? "", referral.closedAt.map(DateText.isoDay) ?? "", listed.serviceName, listed.providerName,
                           listed.referrerName, referral.referentName, referral.personFirstName, referral.personLastName,
                           referral.contactPreference.label, referral.personPhone ?? "", referral.personEmail ?? "",
                           request.application.platform.config.publicURL + Links.referral(referral.id)])
        }
        // The CSV holds people's data: the export is audited with its filters.
        return try await AuditedExport.csv(writer.text, name: "orientations-\(filter.side.rawValue)", rows: page.items.count, request: request)
    }

    // MARK: One referral

    package struct Fact: Encodable {
        package var label: String
        package var value: String
    }

    package struct DetailContext: Encodable {
        package var layout: Layout
        package var title: String
        package var serviceName: String
        package var serviceHref: String
        package var provider: String
        package var state: String
        package var stateClass: String
        package var outcome: String?
        package var done: String?
        package var problem: String?
        package var person: [Fact]
        package var referral: [Fact]
        /// The answer form, when the viewer may answer and the referral is open.
        package var answer: AnswerForm?
    }

    package struct AnswerForm: Encodable {
        package var action: String
        package var csrf: String
        package var hidden: [Fact]
        package var reasons: String
        package var expires: String
    }

    package static func detail(_ listed: ReferralStore.Listed, request: Request, answer: AnswerForm?, done: String?, problem: String?) async throws -> DetailContext {
        let referral = listed.referral
        let publics = BarList.split(referral.publics).map { ServiceVocabulary.label($0, in: ServiceVocabulary.publics) }
        var person = [Fact(label: "Nom", value: referral.personName)]
        person.append(Fact(label: "Préférence de contact", value: referral.contactPreference.label))
        if let phone = referral.personPhone { person.append(Fact(label: "Téléphone", value: phone)) }
        if let email = referral.personEmail { person.append(Fact(label: "Courriel", value: email)) }
        if let availability = referral.availability { person.append(Fact(label: "Disponibilités", value: availability)) }
        if !publics.isEmpty { person.append(Fact(label: "Situation", value: publics.joined(separator: ", "))) }
        if let situation = referral.situation { person.append(Fact(label: "Précisions", value: situation)) }
        person.append(Fact(label: "Critères d’accès", value: referral.criteriaChecked ? "Vérifiés par le référent" : "Non vérifiés"))
        var facts = [Fact(label: "Orientée par", value: listed.referrerName),
                     Fact(label: "Référent", value: referral.referentName + (referral.referentPhone.map { " — \($0)" } ?? "")),
                     Fact(label: "Envoyée le", value: DateText.frenchDay(referral.sentAt)),
                     Fact(label: "Motif", value: referral.reason)]
        if referral.state == .open {
            facts.append(Fact(label: "Expire le", value: DateText.frenchDay(referral.expiresAt) + " sans réponse"))
        }
        var outcome: String?
        if let closed = referral.closedAt {
            outcome = "\(referral.state.label) le \(DateText.frenchDay(closed))"
                + (referral.refusalReason.map { " — \($0.label)" } ?? "") + (referral.refusalDetails.map { " : \($0)" } ?? "")
        }
        return DetailContext(
            layout: Layout(title: "Orientation vers « \(listed.serviceName) » — Passerelle", section: "orientations",
                           breadcrumbs: [.init(label: "Orientations", href: ServicesPaths.referrals.link()), .init(label: listed.serviceName)], request: request),
            title: "Orientation " + French.de(referral.personName), serviceName: listed.serviceName, serviceHref: Links.service(referral.serviceID),
            provider: listed.providerName, state: referral.state.label, stateClass: referral.state.rawValue, outcome: outcome, done: done, problem: problem,
            person: person, referral: facts, answer: answer
        )
    }

    package static func answerForm(action: String, hidden: [Fact], expires: Date, request: Request) -> AnswerForm {
        AnswerForm(action: action, csrf: CSRF.token(for: request), hidden: hidden,
                   reasons: HTMLFragments.options([.init(value: "", label: "Choisir le motif", chosen: true)]
                    + RefusalReason.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: false) }),
                   expires: DateText.frenchDay(expires))
    }

    /// The referral of the route, when the signed-in user may read it; the read is audited.
    package static func readable(_ request: Request) async throws -> (ReferralStore.Listed, Service)? {
        guard let user = request.signedInUser else { return nil }
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw Abort(.notFound, reason: "Cette orientation n’existe pas.") }
        return try await ReferralFlows.read(id, by: user, actor: try await request.actor(), channel: "page", address: request.clientAddress, on: request.db)
    }

    @Sendable
    package func show(request: Request) async throws -> Response {
        guard let (listed, service) = try await Self.readable(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let done: String? = switch (try? request.query.get(String.self, at: "fait")) {
        case "envoi": service.email == nil
            ? "Orientation envoyée. Le service n’a pas d’adresse de contact : son équipe la verra dans ses orientations reçues."
            : "Orientation envoyée : le contact du service a reçu un lien pour répondre. Vous serez prévenu de sa réponse."
        case "reponse": "Réponse enregistrée. L’organisation qui a orienté la personne en est prévenue."
        default: nil
        }
        return try await render(request, listed, service: service, done: done, problem: nil, status: .ok)
    }

    private func render(_ request: Request, _ listed: ReferralStore.Listed, service: Service, done: String?, problem: String?, status: HTTPStatus) async throws -> Response {
        let ref = Policy.ReferralRef(referrer: listed.referral.referrerOrganisationID, service: .init(service))
        let actor = try await request.actor()
        let mayAnswer = listed.referral.state == .open && Policy.decide(.answer, on: ref, for: actor) == .allowed
        let form = mayAnswer ? Self.answerForm(action: ServicesPaths.answerReferral.link(listed.referral.id), hidden: [], expires: listed.referral.expiresAt, request: request) : nil
        let response = try await request.view.render("services/referral", try await Self.detail(listed, request: request, answer: form, done: done, problem: problem))
            .encodeResponse(for: request)
        response.status = status
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    /// The answer as the form sends it, or the message saying what is missing.
    package static func event(from form: SubmittedForm) -> Result<ReferralLifecycle.Change, String> {
        switch form["decision"] {
        case "valider": return .success(.accept)
        case "refuser":
            guard let reason = RefusalReason(rawValue: form["refusal_reason"]) else { return .failure("Choisissez le motif du refus.") }
            return .success(.refuse(reason, details: String(form["refusal_details"].prefix(1_000))))
        default: return .failure("Choisissez : valider ou refuser l’orientation.")
        }
    }

    @Sendable
    package func answerFromSpace(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let readable = try await Self.readable(request) else {
            return request.redirect(to: Links.login(next: request.url.path))
        }
        let (listed, service) = readable
        let ref = Policy.ReferralRef(referrer: listed.referral.referrerOrganisationID, service: .init(service))
        guard Policy.decide(.answer, on: ref, for: try await request.actor()) == .allowed else {
            throw Abort(.forbidden, reason: "Seule l’équipe du service qui reçoit l’orientation y répond.")
        }
        let problem: String
        switch Self.event(from: SubmittedForm(request)) {
        case .failure(let message): problem = message
        case .success(let event):
            switch try await ReferralFlows.answer(listed.referral.id, with: event, by: .init(userID: user.id, label: user.email, address: request.clientAddress),
                                                 publicURL: request.application.platform.config.publicURL, on: request.db) {
            case .success: return request.redirect(to: Links.referral(listed.referral.id) + "?fait=reponse")
            case .failure(let refusal): problem = refusal.message
            }
        }
        let fresh = try await ReferralStore.referral(listed.referral.id, on: request.db) ?? listed
        return try await render(request, fresh, service: service, done: nil, problem: problem, status: .unprocessableEntity)
    }

    // MARK: The mailed link

    package struct LinkProblemContext: Encodable {
        package var layout: Layout
        package var heading: String
        package var message: String
        package var isError = true
    }

    package enum LinkCheck {
        case genuine(ReferralStore.Listed, Service, hidden: [Fact])
        /// The page that says why the link does not work, or, for a genuine link that no longer
        /// shows the person, the referral's state alone.
        case refused(Response)
    }

    /// Checks the link's parts (query or form); a bad link gets a page that says why, and nothing
    /// changes. A genuine link shows the person only while the referral is open, the service
    /// published and its address the one the link was mailed to: otherwise the state alone.
    private func linked(_ request: Request, values: (String) -> String) async throws -> LinkCheck {
        let parts = (o: values("o"), e: values("e"), s: values("s"), a: values("a"))
        let key = try await ReferralLinks.mailed.key(on: request.db)
        func problem(_ heading: String, _ message: String, _ status: HTTPStatus) async throws -> Response {
            let response = try await request.view.render("services/referral-link-problem", LinkProblemContext(
                layout: Layout(title: heading + " — Passerelle", section: "orientations", breadcrumbs: [], request: request), heading: heading, message: message
            )).encodeResponse(for: request)
            response.status = status
            return response
        }
        switch ReferralLinks.mailed.verify(object: parts.o, expires: parts.e, signature: parts.s, key: key) {
        case .tampered:
            return .refused(try await problem("Lien invalide", "Ce lien n’est pas complet ou a été modifié. Ouvrez-le à nouveau depuis le courriel reçu, sans le retoucher ; rien n’a été enregistré.", .forbidden))
        case .expired:
            return .refused(try await problem("Lien expiré", "Ce lien a expiré, comme l’orientation à laquelle il répondait. Rien n’a été enregistré. L’organisation qui a orienté la personne peut vous l’adresser à nouveau.", .gone))
        case .valid(let id):
            guard let listed = try await ReferralStore.referral(id, on: request.db), let service = try await ServiceStore.service(listed.referral.serviceID, on: request.db) else {
                return .refused(try await problem("Orientation introuvable", "Cette orientation n’existe plus sur la plateforme.", .notFound))
            }
            let state = "Cette orientation vers « \(service.name) » est « \(listed.referral.state.label.lowercased()) »."
            if listed.referral.state.isClosed {
                return .refused(try await problem("Orientation close", state + " Elle est close : ce lien n’en montre plus le détail.", .gone))
            }
            if service.status != .published {
                return .refused(try await problem("Service fermé aux orientations", state + " Le service ne reçoit plus d’orientations : ce lien n’en montre plus le détail.", .gone))
            }
            guard ReferralLinks.mailed.wasSent(to: service.email, object: id, expires: parts.e, recipientSignature: parts.a, key: key) else {
                let why = " Ce lien n’a pas été envoyé à l’adresse que le service indique aujourd’hui (elle a changé, ou il n’en a plus) : "
                    + "il ne montre plus le détail. L’équipe du service répond depuis son espace sur Passerelle."
                return .refused(try await problem("Lien d’une autre adresse", state + why, .gone))
            }
            return .genuine(listed, service, hidden: [Fact(label: "o", value: parts.o), Fact(label: "e", value: parts.e), Fact(label: "s", value: parts.s), Fact(label: "a", value: parts.a)])
        }
    }

    package static func linkActor(_ service: Service, request: Request) -> ReferralFlows.Actor {
        .init(userID: nil, label: "lien envoyé à \(service.email ?? "contact du service")", address: request.clientAddress)
    }

    private func renderLink(_ request: Request, _ listed: ReferralStore.Listed, service: Service, hidden: [Fact], done: String?, problem: String?, status: HTTPStatus) async throws -> Response {
        let form = listed.referral.state == .open ? Self.answerForm(action: ServicesPaths.answerByLink.link(), hidden: hidden, expires: listed.referral.expiresAt, request: request) : nil
        var context = try await Self.detail(listed, request: request, answer: form, done: done, problem: problem)
        context.layout.breadcrumbs = []
        let response = try await request.view.render("services/referral", context).encodeResponse(for: request)
        response.status = status
        response.keepingMailedLinkSecret()
        return response
    }

    @Sendable
    package func linkPage(request: Request) async throws -> Response {
        switch try await linked(request, values: { (try? request.query.get(String.self, at: $0)) ?? "" }) {
        case .refused(let response): return response
        case .genuine(let listed, let service, let hidden):
            try await Audit.record(.referralRead, actorID: nil, actor: Self.linkActor(service, request: request).label,
                                   object: "orientation:\(listed.referral.id.uuidString.lowercased())", detail: "lien", address: request.clientAddress, on: request.db)
            return try await renderLink(request, listed, service: service, hidden: hidden, done: nil, problem: nil, status: .ok)
        }
    }

    @Sendable
    package func answerByLink(request: Request) async throws -> Response {
        let form = SubmittedForm(request)
        switch try await linked(request, values: { form[$0] }) {
        case .refused(let response): return response
        case .genuine(let listed, let service, let hidden):
            let problem: String
            switch Self.event(from: form) {
            case .failure(let message): problem = message
            case .success(let event):
                switch try await ReferralFlows.answer(listed.referral.id, with: event, by: Self.linkActor(service, request: request),
                                                     publicURL: request.application.platform.config.publicURL, on: request.db) {
                case .success:
                    // The referral is closed: its details leave the page with it.
                    let state = (try await ReferralStore.referral(listed.referral.id, on: request.db))?.referral.state.label.lowercased() ?? ""
                    let response = try await request.view.render("services/referral-link-problem", LinkProblemContext(
                        layout: Layout(title: "Réponse enregistrée — Passerelle", section: "orientations", breadcrumbs: [], request: request),
                        heading: "Réponse enregistrée",
                        message: "Merci : l’orientation vers « \(service.name) » est « \(state) ». L’organisation qui a orienté la personne en est prévenue.",
                        isError: false
                    )).encodeResponse(for: request)
                    response.keepingMailedLinkSecret()
                    return response
                case .failure(let refusal): problem = refusal.message
                }
            }
            let fresh = try await ReferralStore.referral(listed.referral.id, on: request.db) ?? listed
            return try await renderLink(request, fresh, service: service, hidden: hidden, done: nil, problem: problem, status: .unprocessableEntity)
        }
    }
}
