import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleTerritory
import SQLKit
import Vapor

/// « Mes services »: the services an organisation publishes, created and edited with the quality
/// checklist, published, archived or put back in draft.
package struct PublisherPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicesPaths.mine, use: list)
        routes.get(ServicesPaths.newService, use: newForm)
        routes.post(ServicesPaths.newService, use: create)
        routes.get(ServicesPaths.edit, use: editForm)
        routes.post(ServicesPaths.edit, use: update)
        routes.get(ServicesPaths.status, use: confirmStatus)
        routes.post(ServicesPaths.status, use: changeStatus)
    }

    /// The organisations that publish services: prescribers and partners, inclusive structures.
    package static let publishingKinds: Set<OrganisationKind> = [.partner, .structure]

    package static func publishers(_ request: Request) async throws -> [OrganisationQueries.Membership] {
        guard let user = request.signedInUser else { return [] }
        return try await OrganisationQueries.memberships(of: user.id, on: request.db)
            .filter { Self.publishingKinds.contains($0.kind) }
    }

    // MARK: List

    package struct Row: Encodable {
        package var name: String
        /// Its public page, once published.
        package var href: String?
        package var editHref: String
        package var provider: String
        package var status: String
        package var statusClass: String
        package var quality: Int
        package var updated: String
        package var review: Bool
    }

    package struct ListContext: Encodable {
        package var layout: Layout
        package var rows: [Row]
        package var canCreate: Bool
        package var done: String?
    }

    @Sendable
    package func list(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: ServicesPaths.mine.link())) }
        let services = try await ServiceStore.published(by: try await .of(user.id, on: request.db), on: request.db)
        let now = Date()
        let done: String? = switch (try? request.query.get(String.self, at: "fait")) {
        case "statut": "État du service enregistré."
        default: nil
        }
        return try await request.view.render("services/mine", ListContext(
            layout: Layout(title: "Mes services — Passerelle", section: "services",
                           breadcrumbs: [.init(label: "Services des partenaires", href: ServicesPaths.search.link()), .init(label: "Mes services")], request: request),
            rows: services.map { service in
                Row(name: service.name, href: service.status == .published ? Links.service(service.id) : nil, editHref: ServicesPaths.edit.link(service.id), provider: service.provider.name,
                    status: service.status.label, statusClass: service.status.rawValue, quality: QualityScore(service, source: service.source, now: now).percent,
                    updated: DateText.frenchDay(service.updatedAt), review: ServiceRules.needsReview(service, now: now))
            },
            canCreate: !(try await Self.publishers(request)).isEmpty, done: done
        )).encodeResponse(for: request)
    }

    // MARK: Form

    package struct Group: Encodable {
        package var label: String
        package var choices: [ChoiceOption]
        /// Shown unfolded when one of its boxes is ticked.
        package var open: Bool
    }

    package struct Criterion: Encodable {
        package var label: String
        package var met: Bool
        package var advice: String?
    }

    package struct FormContext: Encodable {
        package var layout: Layout
        package var csrf: String
        package var action: String
        package var heading: String
        package var values: [String: String]
        package var organisations: String?
        package var types: String
        package var fees: String
        package var categories: [Group]
        package var publics: [ChoiceOption]
        package var receptionModes: [ChoiceOption]
        package var mobilisationModes: [ChoiceOption]
        package var mobilisers: [ChoiceOption]
        package var quality: Int?
        package var criteria: [Criterion]
        package var status: String?
        package var done: String?
        package var waiting: String?
        package var statusActions: [ChoiceOption]
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
    }

    package static let fields: [(label: String, name: String)] = [
        ("Organisation", "organisation"), ("Nom", "name"), ("Description", "description"), ("Type", "type"), ("Thématiques", "thematiques"),
        ("Publics", "publics"), ("Frais", "fee"), ("Modes d’accueil", "reception_modes"), ("Zone d’éligibilité", "zone"), ("Commune", "commune_q"),
        ("Latitude", "commune_q"), ("Téléphone", "phone"), ("Courriel", "email"), ("Lien de mobilisation", "mobilisation_link"),
        ("Mobilisable par", "mobilisers"), ("Volume horaire hebdomadaire", "weekly_hours"), ("Nombre de semaines", "weeks"),
    ]

    package static func values(of draft: ServiceDraft, gazetteer: Gazetteer) -> [String: String] {
        let commune = gazetteer.commune(draft.communeCode)
        return ["name": draft.name, "description": draft.description, "publics_details": draft.publicsDetails, "fee_details": draft.feeDetails,
                "access_conditions": draft.accessConditions, "zone": draft.zone, "address": draft.address, "commune": commune?.code ?? "",
                "commune_q": commune.map { "\($0.name.name) (\($0.departementCode))" } ?? draft.communeCode, "phone": draft.phone, "email": draft.email,
                "contact_name": draft.contactName, "mobilisation_link": draft.mobilisationLink, "mobilisation_details": draft.mobilisationDetails,
                "weekly_hours": draft.weeklyHours, "weeks": draft.weeks]
    }

    package static func render(_ request: Request, draft: ServiceDraft, existing: Service?, organisation: String = "", errors: FormErrors = FormErrors(),
                       status: HTTPStatus = .ok) async throws -> Response {
        let gazetteer = try request.platform.reference.gazetteer
        func choices(_ terms: [ServiceVocabulary.Term], _ chosen: [String]) -> [ChoiceOption] {
            terms.map { .init(value: $0.value, label: $0.label, checked: chosen.contains($0.value)) }
        }
        func options(_ terms: [ServiceVocabulary.Term], _ chosen: String, empty: String) -> String {
            HTMLFragments.options([.init(value: "", label: empty, chosen: chosen.isEmpty)] + terms.map { .init(value: $0.value, label: $0.label, chosen: chosen == $0.value) })
        }
        var quality: QualityScore?
        if let existing { quality = QualityScore(existing, source: existing.source, now: Date()) }
        let publishers = try await publishers(request)
        let done: String? = switch (try? request.query.get(String.self, at: "fait")) {
        case "creation": "Service enregistré en brouillon. Publiez-le quand il est prêt : il paraîtra dans la recherche."
        case "modification": "Modifications enregistrées."
        default: nil
        }
        // A service that receives referrals waits for its organisation's verification: « Publier »
        // is not offered before, and the reason is said instead.
        var waiting: String?
        if let existing, let organisation = existing.provider.organisationId,
           try await OrganisationQueries.verification(of: organisation, on: request.db) != .verified {
            waiting = VerificationPolicy.waitingMessage(for: existing.provider.name)
        }
        let response = try await request.view.render("services/edit", FormContext(
            layout: Layout(title: (existing == nil ? "Nouveau service" : "Modifier « \(existing!.name) »") + " — Passerelle", section: "services",
                           breadcrumbs: [.init(label: "Mes services", href: ServicesPaths.mine.link()), .init(label: existing?.name ?? "Nouveau service")], request: request),
            csrf: CSRF.token(for: request), action: existing.map { ServicesPaths.edit.link($0.id) } ?? ServicesPaths.newService.link(),
            heading: existing == nil ? "Nouveau service" : "Modifier le service", values: values(of: draft, gazetteer: gazetteer),
            organisations: existing == nil ? HTMLFragments.options(publishers.map { .init(value: $0.organisationID.uuidString.lowercased(), label: $0.name,
                chosen: organisation == $0.organisationID.uuidString.lowercased()) }) : nil,
            types: options(ServiceVocabulary.types, draft.type, empty: "Choisir le type"), fees: options(ServiceVocabulary.fees, draft.fee, empty: "Non précisé"),
            categories: ServiceVocabulary.categories.map { category in
                let ticked = choices(category.thematiques, draft.thematiques)
                return Group(label: category.label, choices: ticked, open: ticked.contains(where: \.checked))
            },
            publics: choices(ServiceVocabulary.publics, draft.publics), receptionModes: choices(ServiceVocabulary.receptionModes, draft.receptionModes),
            mobilisationModes: choices(ServiceVocabulary.mobilisationModes, draft.mobilisationModes), mobilisers: choices(ServiceVocabulary.mobilisers, draft.mobilisers),
            quality: quality?.percent, criteria: quality?.criteria.map { Criterion(label: $0.label, met: $0.advice == nil, advice: $0.advice) } ?? [],
            status: existing?.status.label,
            done: status == .ok ? done : nil,
            waiting: waiting,
            statusActions: existing.map { service in ServiceStatus.allCases.filter { $0 != service.status && ($0 != .published || waiting == nil) }
                .map { .init(value: ServicesPaths.status.link(service.id,
                query: [("vers", "\($0.rawValue)")]), label: Self.actionLabel($0)) } } ?? [],
            errors: errors.errors, errorList: errors.errorList
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    package static func actionLabel(_ status: ServiceStatus) -> String {
        switch status {
        case .published: "Publier"
        case .archived: "Archiver"
        case .draft: "Repasser en brouillon"
        }
    }

    package static func draft(from form: SubmittedForm, gazetteer: Gazetteer) -> ServiceDraft {
        var draft = ServiceDraft()
        draft.communeCode = CommuneInput.code(typed: form["commune_q"], picked: form["commune"], gazetteer: gazetteer)
        draft.name = form["name"]
        draft.description = form["description"]
        draft.type = form["type"]
        draft.thematiques = form.all("thematiques")
        draft.publics = form.all("publics")
        draft.publicsDetails = form["publics_details"]
        draft.fee = form["fee"]
        draft.feeDetails = form["fee_details"]
        draft.accessConditions = form["access_conditions"]
        draft.receptionModes = form.all("reception_modes")
        draft.zone = form["zone"]
        draft.address = form["address"]
        draft.phone = form["phone"]
        draft.email = form["email"]
        draft.contactName = form["contact_name"]
        draft.mobilisationLink = form["mobilisation_link"]
        draft.mobilisationModes = form.all("mobilisation_modes")
        draft.mobilisers = form.all("mobilisers")
        draft.mobilisationDetails = form["mobilisation_details"]
        draft.weeklyHours = form["weekly_hours"]
        draft.weeks = form["weeks"]
        return draft
    }

    /// The service of the route, when the user may edit it.
    package static func editable(_ request: Request) async throws -> Service? {
        guard request.signedInUser != nil else { return nil }
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let service = try await ServiceStore.service(id, on: request.db) else {
            throw Abort(.notFound, reason: "Ce service n’existe pas.")
        }
        guard Policy.decide(.edit, on: .init(service), for: try await request.actor()) == .allowed else {
            // A draft or an archived service is its publisher's: to others it does not exist.
            guard service.status == .published else { throw Abort(.notFound, reason: "Ce service n’existe pas.") }
            throw Abort(.forbidden, reason: "Seuls les membres de l’organisation qui publie « \(service.name) » le modifient.")
        }
        return service
    }

    /// The organisations the user may publish a service for; a 403 when there is none.
    private static func publishing(_ request: Request) async throws -> [OrganisationQueries.Membership] {
        let publishers = try await publishers(request)
        guard !publishers.isEmpty else {
            throw Abort(.forbidden, reason: "Un service est publié au nom d’un partenaire ou d’une structure inclusive : rejoignez d’abord votre organisation depuis « Mon compte ».")
        }
        return publishers
    }

    @Sendable
    package func newForm(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: ServicesPaths.newService.link())) }
        _ = try await Self.publishing(request)
        var draft = ServiceDraft()
        draft.receptionModes = [ReceptionMode.onSite.rawValue]
        draft.mobilisers = ["professionnels"]
        return try await Self.render(request, draft: draft, existing: nil)
    }

    @Sendable
    package func create(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: ServicesPaths.newService.link())) }
        let publishers = try await Self.publishing(request)
        let form = SubmittedForm(request)
        let gazetteer = try request.platform.reference.gazetteer
        let draft = Self.draft(from: form, gazetteer: gazetteer)
        let publisher = publishers.first { $0.organisationID.uuidString.lowercased() == form["organisation"].lowercased() }
        let blank = Service(provider: ServiceProvider(name: publisher?.name ?? "", organisationId: publisher?.organisationID,
                                                      structureId: publisher?.kind == .structure ? publisher?.structureID : nil),
                            source: "passerelle", name: "", description: "", status: .draft, updatedAt: Date())
        let applied = draft.apply(to: blank, gazetteer: gazetteer, now: Date())
        var problems = applied.problems
        var made = applied.service
        made.sourceId = made.id.uuidString.lowercased()
        let service = made
        if publisher == nil { problems.insert(FieldProblem(field: "Organisation", message: "Choisissez l’organisation qui publie le service."), at: 0) }
        guard problems.isEmpty else {
            return try await Self.render(request, draft: draft, existing: nil, organisation: form["organisation"],
                                         errors: FormErrors(FieldProblems(problems), fields: Self.fields, fallback: "name"), status: .unprocessableEntity)
        }
        try await Self.write(service, .serviceCreated, detail: service.name, by: user, address: request.clientAddress, application: request.application)
        return request.redirect(to: ServicesPaths.edit.link(service.id, query: [("fait", "creation")]))
    }

    @Sendable
    package func editForm(request: Request) async throws -> Response {
        guard let service = try await Self.editable(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        return try await Self.render(request, draft: ServiceDraft(service), existing: service)
    }

    @Sendable
    package func update(request: Request) async throws -> Response {
        guard let user = request.signedInUser, let existing = try await Self.editable(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let form = SubmittedForm(request)
        let gazetteer = try request.platform.reference.gazetteer
        let draft = Self.draft(from: form, gazetteer: gazetteer)
        let (service, problems) = draft.apply(to: existing, gazetteer: gazetteer, now: Date())
        guard problems.isEmpty else {
            return try await Self.render(request, draft: draft, existing: existing,
                                         errors: FormErrors(FieldProblems(problems), fields: Self.fields, fallback: "name"), status: .unprocessableEntity)
        }
        try await Self.write(service, .serviceEdited, detail: service.name, by: user, address: request.clientAddress, application: request.application)
        return request.redirect(to: ServicesPaths.edit.link(service.id, query: [("fait", "modification")]))
    }

    /// Saves the service with its audit entry, and has the search index follow.
    package static func write(_ service: Service, _ action: Audit.Action, detail: String, by user: SignedInUser, address: String?, application: Application) async throws {
        // A published service receives referrals: its organisation must be verified first.
        if service.status == .published, let organisation = service.provider.organisationId,
           try await OrganisationQueries.verification(of: organisation, on: application.db) != .verified {
            throw Abort(.forbidden, reason: VerificationPolicy.waitingMessage(for: service.provider.name))
        }
        try await application.db.retryingTransaction { database in
            try await ServiceStore.save(service, on: database)
            try await Audit.record(action, actorID: user.id, actor: user.email, object: "service:\(service.id.uuidString.lowercased())",
                                   detail: detail, address: address, on: database)
        }
        application.serviceIndexCache.invalidate()
    }

    // MARK: Status

    package struct StatusContext: Encodable {
        package var layout: Layout
        package var csrf: String
        package var action: String
        package var name: String
        package var target: String
        package var label: String
        package var consequence: String
    }

    package static func target(_ request: Request) throws -> ServiceStatus {
        guard let target = ServiceStatus(rawValue: (try? request.query.get(String.self, at: "vers")) ?? SubmittedForm(request)["vers"]) else {
            throw Abort(.badRequest, reason: "Choisissez l’état : brouillon, publie ou archive.")
        }
        return target
    }

    @Sendable
    package func confirmStatus(request: Request) async throws -> Response {
        guard let service = try await Self.editable(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let target = try Self.target(request)
        let consequence: String = switch target {
        case .published: "Le service apparaîtra dans la recherche et recevra des orientations."
        case .archived: "Le service disparaîtra de la recherche et ne recevra plus d’orientations ; celles en cours restent à traiter. Vous pourrez le publier à nouveau."
        case .draft: "Le service disparaîtra de la recherche le temps de le retravailler ; les orientations en cours restent à traiter."
        }
        return try await request.view.render("services/status", StatusContext(
            layout: Layout(title: "\(Self.actionLabel(target)) « \(service.name) » — Passerelle", section: "services",
                           breadcrumbs: [.init(label: "Mes services", href: ServicesPaths.mine.link()), .init(label: service.name, href: ServicesPaths.edit.link(service.id)),
                                         .init(label: Self.actionLabel(target))], request: request),
            csrf: CSRF.token(for: request), action: ServicesPaths.status.link(service.id), name: service.name, target: target.rawValue,
            label: Self.actionLabel(target), consequence: consequence
        )).encodeResponse(for: request)
    }

    @Sendable
    package func changeStatus(request: Request) async throws -> Response {
        guard let user = request.signedInUser, var service = try await Self.editable(request) else { return request.redirect(to: Links.login(next: request.url.path)) }
        let target = try Self.target(request)
        if target == .published {
            let problems = ServiceRules.validate(service, gazetteer: try request.platform.reference.gazetteer)
            guard problems.isEmpty else { throw Abort(.unprocessableEntity, reason: "Complétez d’abord le service : " + problems.map(\.message).joined(separator: " ")) }
        }
        let previous = service.status
        service.status = target
        service.updatedAt = Date()
        try await Self.write(service, .serviceStatus, detail: "\(previous.label) → \(target.label)", by: user, address: request.clientAddress, application: request.application)
        return request.redirect(to: ServicesPaths.mine.link(query: [("fait", "statut")]))
    }
}
