import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// The board of the companies a structure's team prospects: a column per stage, each company with
/// its next step, its day and who follows it. Only the structure's team reads and writes it (404
/// for anyone else's company).
package struct ProspectPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JobsPaths.prospects, use: board)
        routes.get(JobsPaths.newProspect, use: newForm)
        routes.post(JobsPaths.newProspect, use: create)
        routes.get(JobsPaths.prospect, use: editForm)
        routes.post(JobsPaths.prospect, use: update)
    }

    /// The structures' teams the user belongs to, with the structure each runs.
    static func teams(_ actor: Policy.Actor) -> [(team: UUID, structure: UUID)] {
        var seen = Set<UUID>()
        return actor.memberships.compactMap { membership in
            guard membership.kind == .structure, let team = membership.organisation, let structure = membership.structure, seen.insert(team).inserted else { return nil }
            return (team, structure)
        }
    }

    private func teams(_ request: Request) async throws -> [(team: UUID, structure: UUID)]? {
        guard request.signedInUser != nil else { return nil }
        let teams = Self.teams(try await request.actor())
        guard !teams.isEmpty else { throw Abort(.forbidden, reason: "La prospection des entreprises est celle de l’équipe d’une structure inclusive.") }
        return teams
    }

    package struct Card: Encodable {
        var company: String
        var href: String
        var nextStep: String?
        var due: String?
        var overdue: Bool
        var owner: String?
    }

    package struct Column: Encodable {
        var label: String
        var cards: [Card]
    }

    package struct BoardContext: Encodable {
        var layout: Layout
        var teams: [ChoiceOption]
        var columns: [Column]
        var total: Int
        var newHref: String
        var done: String?
    }

    @Sendable
    func board(request: Request) async throws -> Response {
        guard let teams = try await teams(request) else { return request.redirectToSignIn() }
        let asked = (try? request.query.get(String.self, at: "equipe")).flatMap(UUID.init(uuidString:))
        let chosen = teams.first { $0.team == asked } ?? teams[0]
        let prospects = try await ProspectStore.board(of: chosen.team, on: request.db)
        let owners = try await AccountQueries.names(of: Array(Set(prospects.compactMap(\.ownerUserID))), on: request.db)
        let names = try await OrganisationQueries.names(of: teams.map(\.team), on: request.db)
        let today = DateText.parisDay(Date())
        let done: String? = switch (try? request.query.get(String.self, at: "fait")) ?? "" {
        case "ajoutee": "Entreprise ajoutée au tableau de l’équipe."
        case "modifiee": "Suivi enregistré."
        default: nil
        }
        return try await request.view.render("jobs/prospects", BoardContext(
            layout: Layout(title: "Prospection des entreprises — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Offres d’emploi", href: JobsPaths.offers.link()), .init(label: "Prospection des entreprises")], request: request),
            teams: teams.count > 1 ? teams.map { ChoiceOption(value: $0.team.uuidString.lowercased(), label: names[$0.team] ?? "Équipe", checked: $0.team == chosen.team) } : [],
            columns: ProspectStage.allCases.map { stage in
                Column(label: stage.label, cards: prospects.filter { $0.stage == stage }.map { prospect in
                    Card(company: prospect.company, href: JobsPaths.prospect.link(prospect.id), nextStep: prospect.nextStep,
                         due: prospect.nextStepOn.map { DateText.frenchDay(iso: $0) }, overdue: !stage.isOutcome && (prospect.nextStepOn.map { $0 < today } ?? false),
                         owner: prospect.ownerUserID.flatMap { owners[$0] })
                })
            },
            total: prospects.count, newHref: JobsPaths.newProspect.link(query: [("equipe", chosen.team.uuidString.lowercased())]), done: done)).encodeResponse(for: request)
    }

    package struct FormContext: Encodable {
        var layout: Layout
        var heading: String
        var action: String
        var csrf: String
        var values: [String: String]
        var stages: [ChoiceOption]
        var owners: [ChoiceOption]
        var cancel: String
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
    }

    static let fields: [(label: String, name: String)] = [
        (ProspectDraft.Field.company, "company"), (ProspectDraft.Field.siret, "siret"), (ProspectDraft.Field.commune, "commune_q"),
        (ProspectDraft.Field.contact, "contact"), (ProspectDraft.Field.stage, "stage"), (ProspectDraft.Field.nextStep, "next_step"),
        (ProspectDraft.Field.nextStepOn, "next_step_on"), (ProspectDraft.Field.owner, "owner"), (ProspectDraft.Field.notes, "notes"),
    ]

    func render(_ request: Request, team: (team: UUID, structure: UUID), prospect: ProspectRecord?, values: [String: String], errors: FormErrors = FormErrors(),
                status: HTTPStatus = .ok) async throws -> Response {
        let members = try await OrganisationQueries.members(ofStructure: team.structure, on: request.db)
        let heading = prospect.map { "Suivre « \($0.company) »" } ?? "Ajouter une entreprise à prospecter"
        let response = try await request.view.render("jobs/prospect-form", FormContext(
            layout: Layout(title: (errors.errorList.isEmpty ? "" : "Erreur — ") + heading + " — Passerelle", section: "offres",
                           breadcrumbs: [.init(label: "Prospection des entreprises", href: JobsPaths.prospects.link()), .init(label: prospect?.company ?? "Nouvelle entreprise")],
                           request: request),
            heading: heading, action: prospect.map { JobsPaths.prospect.link($0.id) } ?? JobsPaths.newProspect.link(query: [("equipe", team.team.uuidString.lowercased())]),
            csrf: CSRF.token(for: request), values: values,
            stages: ProspectStage.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: values["stage"] == $0.rawValue) },
            owners: members.map { ChoiceOption(value: $0.id.uuidString.lowercased(), label: $0.name, checked: values["owner"] == $0.id.uuidString.lowercased()) },
            cancel: JobsPaths.prospects.link(query: [("equipe", team.team.uuidString.lowercased())]), errors: errors.errors, errorList: errors.errorList))
        let encoded = try await response.encodeResponse(for: request)
        encoded.status = status
        return encoded
    }

    func read(_ form: SubmittedForm, request: Request, members: Set<UUID>) throws -> (Result<ProspectDraft.Checked, FieldProblems>, [String: String]) {
        let gazetteer = try request.platform.reference.gazetteer
        let values = Dictionary(["company", "siret", "commune_q", "commune", "contact", "stage", "next_step", "next_step_on", "owner", "notes"]
            .map { ($0, String(form[$0].prefix(2_100))) }, uniquingKeysWith: { first, _ in first })
        var draft = ProspectDraft()
        draft.company = values["company"] ?? ""
        draft.siret = values["siret"] ?? ""
        let typed = (values["commune_q"] ?? "").trimmingCharacters(in: .whitespaces)
        draft.communeCode = typed.isEmpty ? "" : CommuneInput.code(typed: typed, picked: values["commune"] ?? "", gazetteer: gazetteer)
        if !typed.isEmpty, draft.communeCode.isEmpty { draft.communeCode = typed }
        draft.contact = values["contact"] ?? ""
        draft.stage = values["stage"] ?? ""
        draft.nextStep = values["next_step"] ?? ""
        draft.nextStepOn = values["next_step_on"] ?? ""
        draft.owner = values["owner"] ?? ""
        draft.notes = values["notes"] ?? ""
        return (draft.validate(knownCommune: { gazetteer.commune($0) != nil }, members: members), values)
    }

    private func team(_ request: Request, _ teams: [(team: UUID, structure: UUID)]) -> (team: UUID, structure: UUID) {
        let asked = (try? request.query.get(String.self, at: "equipe")).flatMap(UUID.init(uuidString:))
        return teams.first { $0.team == asked } ?? teams[0]
    }

    @Sendable
    func newForm(request: Request) async throws -> Response {
        guard let teams = try await teams(request), let user = request.signedInUser else { return request.redirectToSignIn() }
        var values = ["stage": ProspectStage.toContact.rawValue, "owner": user.id.uuidString.lowercased()]
        if let company = try await CompanyPages.publicCompany(request.query[String.self, at: "entreprise"], on: request.db) {
            (values["company"], values["siret"]) = (company.name, company.siret ?? "")
            if let code = company.communeCode, let commune = try request.platform.reference.gazetteer.commune(code) {
                (values["commune_q"], values["commune"]) = (commune.name.name, code)
            }
        }
        return try await render(request, team: team(request, teams), prospect: nil, values: values)
    }

    @Sendable
    func create(request: Request) async throws -> Response {
        guard let teams = try await teams(request), let user = request.signedInUser else { return request.redirectToSignIn() }
        let chosen = team(request, teams)
        let members = Set(try await OrganisationQueries.members(ofStructure: chosen.structure, on: request.db).map(\.id))
        let (checked, values) = try read(SubmittedForm(request), request: request, members: members)
        switch checked {
        case .failure(let problems):
            return try await render(request, team: chosen, prospect: nil, values: values, errors: FormErrors(problems, fields: Self.fields, fallback: "company"),
                                    status: .unprocessableEntity)
        case .success(let prospect):
            let address = request.clientAddress
            try await request.db.retryingTransaction { database in
                let id = try await ProspectStore.create(prospect, team: chosen.team, on: database)
                try await Audit.record(.prospectSaved, actorID: user.id, actor: user.email, object: "prospection:\(id.uuidString.lowercased())", detail: prospect.stage.label,
                                       address: address, on: database)
            }
            return request.redirect(to: JobsPaths.prospects.link(query: [("equipe", chosen.team.uuidString.lowercased()), ("fait", "ajoutee")]))
        }
    }

    /// The company, for its team only.
    private func prospect(_ request: Request) async throws -> (ProspectRecord, (team: UUID, structure: UUID), SignedInUser)? {
        guard let teams = try await teams(request), let user = request.signedInUser else { return nil }
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)), let prospect = try await ProspectStore.prospect(id, on: request.db),
              let team = teams.first(where: { $0.team == prospect.organisationID }) else {
            throw Abort(.notFound, reason: "Cette entreprise n’est pas au tableau de votre équipe.")
        }
        return (prospect, team, user)
    }

    @Sendable
    func editForm(request: Request) async throws -> Response {
        guard let (prospect, team, _) = try await prospect(request) else { return request.redirectToSignIn() }
        let gazetteer = try request.platform.reference.gazetteer
        return try await render(request, team: team, prospect: prospect, values: [
            "company": prospect.company, "siret": prospect.siret ?? "", "commune_q": prospect.communeCode.flatMap { gazetteer.commune($0)?.name.name } ?? "",
            "commune": prospect.communeCode ?? "", "contact": prospect.contact ?? "", "stage": prospect.stage.rawValue, "next_step": prospect.nextStep ?? "",
            "next_step_on": prospect.nextStepOn ?? "", "owner": prospect.ownerUserID?.uuidString.lowercased() ?? "", "notes": prospect.notes,
        ])
    }

    @Sendable
    func update(request: Request) async throws -> Response {
        guard let (prospect, team, user) = try await prospect(request) else { return request.redirectToSignIn() }
        let members = Set(try await OrganisationQueries.members(ofStructure: team.structure, on: request.db).map(\.id))
        let (checked, values) = try read(SubmittedForm(request), request: request, members: members)
        switch checked {
        case .failure(let problems):
            return try await render(request, team: team, prospect: prospect, values: values, errors: FormErrors(problems, fields: Self.fields, fallback: "company"),
                                    status: .unprocessableEntity)
        case .success(let next):
            let address = request.clientAddress
            try await request.db.retryingTransaction { database in
                try await ProspectStore.update(prospect.id, to: next, on: database)
                try await Audit.record(.prospectSaved, actorID: user.id, actor: user.email, object: "prospection:\(prospect.id.uuidString.lowercased())", detail: next.stage.label,
                                       address: address, on: database)
            }
            return request.redirect(to: JobsPaths.prospects.link(query: [("equipe", team.team.uuidString.lowercased()), ("fait", "modifiee")]))
        }
    }
}
