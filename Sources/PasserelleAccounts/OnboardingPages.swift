import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleTerritory
import SQLKit
import Vapor

/// The steps after sign-up, on one page that shows the step the person is at: « Vous êtes… »,
/// then finding the organisation (by SIRET or name) to join it, claiming a structure's
/// profile, or creating the organisation; then the wait for an answer.
package struct OnboardingPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(AccountsPaths.onboarding, use: show)
        routes.post(AccountsPaths.onboarding, use: create)
        routes.post(AccountsPaths.chooseProfile, use: chooseProfile)
        routes.post(AccountsPaths.joinOrganisation, use: join)
    }

    package struct Found: Encodable {
        package var name: String
        package var detail: String
        /// A form to post (join, claim), or a link to follow.
        package var action: String?
        package var href: String?
        package var actionLabel: String
        package var note: String?
    }

    package struct Waiting: Encodable {
        package var label: String
        package var href: String?
    }

    package struct Context: Encodable {
        package var layout: Layout
        package var csrf: String
        package var steps: [StepperStep]
        package var stepperLabel: String
        package var step: String
        package var profile: String?
        package var profileLabel: String?
        package var profiles: [ChoiceOption]
        package var query: String
        package var searched: Bool
        package var found: [Found]
        package var searchHint: String
        package var canCreate: Bool
        package var asksForPerimeter: Bool
        package var perimeters: [ChoiceOption]
        package var values: [String: String]
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
        package var waiting: [Waiting]
        package var message: String?
    }

    /// The way from sign-up to the workspace, as the stepper shows it: the sign-up form (with
    /// « Vous êtes… »), the confirmation of the address, the organisation, the workspace.
    static func steps(current: Int) -> [StepperStep] {
        ["Votre compte", "Confirmer l’adresse", "Votre organisation", "Votre espace"].enumerated().map { offset, title in
            StepperStep(number: offset + 1, title: title, current: offset + 1 == current, done: offset + 1 < current)
        }
    }

    @Sendable
    package func show(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.onboarding.link())) }
        return try await render(request, user: user, query: request.query[String.self, at: "q"] ?? "")
    }

    private func render(_ request: Request, user: SignedInUser, query typed: String, values: [String: String] = [:], errors: FieldErrors = FieldErrors(),
                        message: String? = nil, status: HTTPStatus = .ok) async throws -> Response {
        let situation = try await Onboarding.situation(of: user.id, on: request.db)
        var step = OnboardingStep.of(situation)
        if step == .done { return request.redirect(to: AccountsPaths.workspace.link()) }
        if request.query[String.self, at: "changer"] == "profil" { step = .profile }
        let query = String(typed.trimmingCharacters(in: .whitespacesAndNewlines).prefix(120))
        let profile = situation.profile
        var found: [Found] = []
        if let profile { found = try await Self.found(query, profile: profile, request: request) }
        let gazetteer = try request.platform.reference.gazetteer
        var shown = values
        if shown["org_name"] == nil, !query.isEmpty, !query.contains(where: \.isNumber) { shown["org_name"] = query }
        if shown["siret"] == nil, Siret.isValid(query) { shown["siret"] = Siret.normalize(query) }
        let perimeter = shown["perimeter"] ?? ""
        let perimeters = gazetteer.regions.map { ChoiceOption(value: Perimeter.region($0.code).token, label: "Région \($0.name.name)", checked: Perimeter.region($0.code).token == perimeter) }
            + gazetteer.departements.map { departement in
                let token = Perimeter.departement(departement.code).token
                return ChoiceOption(value: token, label: "\(departement.code) — \(departement.name.name)", checked: token == perimeter)
            }
        let response = try await request.view.render("accounts/onboarding", Context(
            layout: Layout(title: (errors.isEmpty ? "" : "Erreurs — ") + "Votre organisation — Passerelle", section: "inscription",
                           breadcrumbs: [.init(label: "Inscription")], request: request),
            csrf: CSRF.token(for: request), steps: Self.steps(current: 3), stepperLabel: "Étapes de l’inscription", step: step.rawValue,
            profile: profile?.rawValue, profileLabel: profile.map { $0.label.prefix(1).lowercased() + $0.label.dropFirst() },
            profiles: SignUpProfile.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: $0 == profile, hint: $0.hint) },
            query: query, searched: !query.isEmpty, found: found,
            searchHint: profile == .structure ? "Le nom de la structure, sa commune ou son Nᵒ SIRET : elle est dans l’annuaire." : "Le Nᵒ SIRET (14 chiffres) ou le nom de l’organisation.",
            canCreate: profile?.mayCreateOrganisation ?? false, asksForPerimeter: profile?.asksForPerimeter ?? false, perimeters: perimeters,
            values: shown, errors: errors.messages,
            // A radio group's error leads to its first choice, which takes the focus.
            errorList: (errors["profile"].map { [.init(href: "#profile-" + (SignUpProfile.allCases.first?.rawValue ?? ""), message: $0)] } ?? [])
                + NewOrganisation.Input.fields.compactMap { field in errors[field].map { .init(href: "#" + field, message: $0) } },
            waiting: step == .waiting ? try await Self.waiting(of: user.id, on: request.db) : [],
            message: message
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    /// What the search finds for this profile: the directory's structures (to join their team
    /// or claim their profile), or the known organisations of the profile's kind.
    static func found(_ query: String, profile: SignUpProfile, request: Request) async throws -> [Found] {
        guard !query.isEmpty else { return [] }
        let gazetteer = try request.platform.reference.gazetteer
        func place(_ code: String?) -> String { code.flatMap(gazetteer.commune).map { "\($0.name.name) (\($0.departementCode))" } ?? "commune non renseignée" }
        if profile == .structure {
            var structureQuery = StructureQuery()
            structureQuery.text = query
            structureQuery.size = 10
            var rows: [Found] = []
            for hit in try await request.directoryIndex().search(structureQuery).hits {
                let structure = hit.structure
                let detail = [structure.kind.acronym, place(structure.communeCode), structure.siret.map { "SIRET \($0)" }].compactMap { $0 }.joined(separator: " · ")
                let team = try await Teams.organisation(ofStructure: structure.id, on: request.db)
                var hasAdmin = false
                if let team { hasAdmin = try await Teams.members(of: team.id, on: request.db).contains { $0.role == .admin } }
                rows.append(hasAdmin
                    ? Found(name: structure.name, detail: detail, action: AccountsPaths.join.link(structure.id), actionLabel: "Demander à rejoindre l’équipe",
                            note: "Ses administrateurs reçoivent votre demande.")
                    : Found(name: structure.name, detail: detail, action: AccountsPaths.claim.link(structure.id), actionLabel: "Demander à gérer la fiche",
                            note: "Acceptée aussitôt si votre adresse est du domaine de la structure ; sinon un pilote du territoire vérifie."))
            }
            return rows
        }
        return try await Onboarding.find(query, kind: profile.organisationKind, on: request.db).map { known in
            let detail = [known.kind.label, place(known.communeCode), known.siret.map { "SIRET \($0)" }].compactMap { $0 }.joined(separator: " · ")
            let note = known.members == 0 ? "Aucune équipe encore : l’équipe de la plateforme vérifie votre demande."
                : known.domain.map { "Acceptée aussitôt avec une adresse en @\($0) ; sinon ses administrateurs répondent." } ?? "Ses administrateurs reçoivent votre demande."
            return Found(name: known.name, detail: detail, action: AccountsPaths.joinOrganisation.link(known.id), actionLabel: "Rejoindre", note: note)
        }
    }

    static func waiting(of user: UUID, on database: any Database) async throws -> [Waiting] {
        struct Row: Decodable { var name: String; var structureID: UUID? }
        let joins = try await database.sql.raw("""
            SELECT o.name, o.structure_id FROM join_requests r JOIN organisations o ON o.id = r.organisation_id
            WHERE r.user_id = \(bind: user) AND r.status = \(bind: TeamRule.RequestStatus.pending.rawValue) ORDER BY r.created_at
            """).all(decoding: Row.self, table: "join_requests", keys: .snakeCaseColumns)
        let claimed = try await database.sql.raw("""
            SELECT c.structure_id FROM claims c WHERE c.user_id = \(bind: user) AND c.status = \(bind: ClaimRule.Status.pending.rawValue) ORDER BY c.created_at
            """).all(decodingColumn: "structure_id", as: UUID.self)
        let names = try await DirectoryQueries.summaries(of: claimed, on: database)
        return joins.map { Waiting(label: "Demande pour rejoindre « \($0.name) »", href: $0.structureID.map(Links.structure)) }
            + claimed.map { Waiting(label: "Demande de gestion de la fiche « \(names[$0]?.name ?? "structure retirée") »", href: Links.structure($0)) }
    }

    @Sendable
    package func chooseProfile(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.onboarding.link())) }
        guard let profile = SignUpProfile(rawValue: SubmittedForm(request)["profile"]) else {
            var errors = FieldErrors()
            errors.add("profile", "Dites qui vous êtes : la suite de l’inscription en dépend.")
            return try await render(request, user: user, query: "", errors: errors, status: .unprocessableEntity)
        }
        try await Onboarding.setProfile(profile, of: user, request: request)
        return request.redirect(to: AccountsPaths.onboarding.link())
    }

    @Sendable
    package func create(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.onboarding.link())) }
        guard let profile = try await Onboarding.situation(of: user.id, on: request.db).profile else { return request.redirect(to: AccountsPaths.onboarding.link()) }
        let form = SubmittedForm(request)
        let gazetteer = try request.platform.reference.gazetteer
        let communeCode = CommuneInput.code(typed: form["commune_q"], picked: form["commune"], gazetteer: gazetteer)
        let input = NewOrganisation.Input(name: form["org_name"], siret: form["siret"], communeCode: communeCode, perimeter: form["perimeter"])
        let values = ["org_name": form["org_name"], "siret": form["siret"], "commune_q": form["commune_q"], "commune": form["commune"], "perimeter": form["perimeter"]]
        switch input.validate(for: profile, gazetteer: gazetteer) {
        case .failure(let errors):
            return try await render(request, user: user, query: "", values: values, errors: errors, status: .unprocessableEntity)
        case .success(let new):
            switch try await Onboarding.create(new, by: user, request: request) {
            case .exists(let twin):
                var errors = FieldErrors()
                errors.add("siret", "« \(twin.name) » a déjà ce Nᵒ SIRET sur Passerelle : rejoignez-la plutôt (ci-dessus).")
                return try await render(request, user: user, query: new.siret, values: values, errors: errors, status: .conflict)
            case .created(_, let state):
                let heading = "« \(new.name) » est créée"
                let paragraphs = state == .verified
                    ? ["Votre adresse est d’un domaine de l’État : l’organisation est vérifiée, vous pouvez publier en son nom dès maintenant."]
                    : [VerificationPolicy.waitingMessage(for: new.name),
                       new.kind.hasTerritory ? "Le périmètre demandé vous sera accordé par l’équipe de la plateforme ; vous recevrez sa décision par courriel."
                           : "Vous recevrez la décision par courriel ; en attendant, votre espace est ouvert."]
                return try await request.view.render("accounts/notice", AccountPages.NoticeContext(
                    layout: Layout(title: "\(heading) — Passerelle", section: "inscription", breadcrumbs: [.init(label: "Inscription")], request: request),
                    heading: heading, paragraphs: paragraphs, link: .init(label: "Ouvrir mon espace", href: AccountsPaths.workspace.link())
                )).encodeResponse(for: request)
            }
        }
    }

    @Sendable
    package func join(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: AccountsPaths.onboarding.link())) }
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let organisation = try await Onboarding.organisation(id, on: request.db),
              organisation.kind != .platform, organisation.kind != .structure else {
            throw Abort(.notFound, reason: "Cette organisation n’existe pas.")
        }
        let message = SubmittedForm(request)["message"].trimmingCharacters(in: .whitespacesAndNewlines)
        guard message.count <= TeamRule.maximumMessageLength else { throw Abort(.unprocessableEntity, reason: "Le message ne peut pas dépasser 1 000 caractères.") }
        let text: String
        switch try await Onboarding.join(organisation, by: user, message: message, request: request) {
        case .joined: return request.redirect(to: AccountsPaths.workspace.link())
        case .alreadyMember: return request.redirect(to: AccountsPaths.workspace.link())
        case .requested: text = "Votre demande pour rejoindre « \(organisation.name) » est envoyée. Vous recevrez la réponse par courriel."
        case .alreadyRequested: text = "Votre demande pour rejoindre « \(organisation.name) » attend déjà sa réponse."
        }
        return try await render(request, user: user, query: "", message: text)
    }
}
