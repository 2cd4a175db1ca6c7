import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleServices
import PasserelleTerritory
import Vapor

/// The people a structure accompanies: the list with its filters and CSV, the record, its form,
/// the agreements and the hiring. Members of the structure only; every reading and writing is in
/// the audit log, and no page about a person may be indexed.
package struct PeoplePages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.people, use: list)
        routes.get(JourneysPaths.peopleCSV, use: csv)
        routes.get(JourneysPaths.newPerson, use: newForm)
        routes.post(JourneysPaths.newPerson, use: create)
        routes.get(JourneysPaths.person, use: show)
        routes.get(JourneysPaths.editPerson, use: editForm)
        routes.post(JourneysPaths.editPerson, use: update)
        routes.post(JourneysPaths.consent, use: consent)
    }

    static let pageSize = 50
    static let refused = "Les personnes accompagnées sont réservées aux membres de leur structure : rejoignez l’équipe de votre structure depuis « Mon compte »."

    // MARK: The list

    package struct Row: Encodable {
        var name: String
        var href: String
        var age: String
        var commune: String
        var stage: String
        var referent: String
    }

    package struct ListContext: Encodable {
        var layout: Layout
        var structureName: String
        var structureID: String
        var structures: [ChoiceOption]
        var rows: [Row]
        var total: String
        var q: String
        var referents: [ChoiceOption]
        var stages: [ChoiceOption]
        var pagination: Pagination
        var csv: String
        var newHref: String
        var dashboardHref: String
        var hoursHref: String
        var importHref: String
        var filtered: Bool
        var message: String?
    }

    /// The filter of the list, the page and the CSV read from the query.
    struct ListQuery {
        var filter: PeopleStore.Filter
        var page: Int
        var query: [(String, String)]
    }

    private func listQuery(_ request: Request, reader: PeopleAccess.Reader) throws -> ListQuery {
        let asked = request.query[String.self, at: "structure"].flatMap(UUID.init(uuidString:))
        guard let structure = PeopleAccess.structure(asked: asked, for: reader.actor) else { throw Abort(.forbidden, reason: Self.refused) }
        var filter = PeopleStore.Filter(structure: structure)
        filter.words = String((request.query[String.self, at: "q"] ?? "").prefix(100))
        filter.referent = request.query[String.self, at: "referent"].flatMap(UUID.init(uuidString:))
        filter.stage = request.query[String.self, at: "etape"].flatMap(PersonStage.init(rawValue:))
        var query: [(String, String)] = [("structure", structure.uuidString.lowercased())]
        if !filter.words.isEmpty { query.append(("q", filter.words)) }
        if let referent = filter.referent { query.append(("referent", referent.uuidString.lowercased())) }
        if let stage = filter.stage { query.append(("etape", stage.rawValue)) }
        return ListQuery(filter: filter, page: max(1, min(request.query[Int.self, at: "page"] ?? 1, 10_000)), query: query)
    }

    @Sendable
    package func list(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let listed = try listQuery(request, reader: reader)
        let (people, total) = try await PeopleStore.list(listed.filter, offset: (listed.page - 1) * Self.pageSize, limit: Self.pageSize, on: request.db)
        let gazetteer = try request.platform.reference.gazetteer
        let today = DateText.parisDay(Date())
        let structures = Policy.accompaniedStructures(of: reader.actor)
        var names: [UUID: String] = [:]
        for id in structures { names[id] = try await DirectoryQueries.structure(id: id, on: request.db)?.name ?? "Structure" }
        let members = try await OrganisationQueries.members(ofStructure: listed.filter.structure, on: request.db)
        let response = try await request.view.render("journeys/people", ListContext(
            layout: Self.layout("Personnes accompagnées", crumbs: [.init(label: "Personnes accompagnées")], request: request),
            structureName: names[listed.filter.structure] ?? "Structure", structureID: listed.filter.structure.uuidString.lowercased(),
            structures: structures.count > 1 ? structures.map { .init(value: $0.uuidString.lowercased(), label: names[$0] ?? "", checked: $0 == listed.filter.structure) } : [],
            rows: people.map { person in
                Row(name: person.fullName, href: JourneysPaths.person.link(person.id), age: Self.age(person.birthDate, today: today),
                    commune: gazetteer.commune(person.communeCode)?.name.name ?? person.communeCode, stage: person.stage.label,
                    referent: person.referentName ?? "sans référent")
            },
            total: French.count(total, "personne"), q: listed.filter.words,
            referents: members.map { .init(value: $0.id.uuidString.lowercased(), label: $0.name, checked: $0.id == listed.filter.referent) },
            stages: PersonStage.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: $0 == listed.filter.stage) },
            pagination: Pagination(page: listed.page, total: total, size: Self.pageSize, path: JourneysPaths.people.link(), query: listed.query),
            csv: JourneysPaths.peopleCSV.link(query: listed.query), newHref: JourneysPaths.newPerson.link(query: [("structure", listed.filter.structure.uuidString.lowercased())]),
            dashboardHref: JourneysPaths.dashboard.link(query: [("structure", listed.filter.structure.uuidString.lowercased())]),
            hoursHref: JourneysPaths.hours.link(query: [("structure", listed.filter.structure.uuidString.lowercased())]),
            importHref: JourneysPaths.importPeople.link(query: [("structure", listed.filter.structure.uuidString.lowercased())]),
            filtered: listed.query.count > 1, message: Self.message(request.query[String.self, at: "fait"])
        )).encodeResponse(for: request)
        return Self.private(response)
    }

    @Sendable
    package func csv(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let listed = try listQuery(request, reader: reader)
        let (people, _) = try await PeopleStore.list(listed.filter, offset: 0, limit: 10_000, on: request.db)
        let gazetteer = try request.platform.reference.gazetteer
        var writer = CSV.Writer()
        writer.append(["Nom", "Prénom", "Date de naissance", "Commune", "Code INSEE", "Étape", "Référent", "Dossier ouvert le"])
        for person in people {
            writer.append([person.lastName, person.firstName, person.birthDate, gazetteer.commune(person.communeCode)?.name.name ?? "", person.communeCode,
                           person.stage.label, person.referentName ?? "", DateText.isoDay(person.createdAt)])
        }
        try await Audit.record(.personExported, actorID: reader.user.id, actor: reader.user.email, object: "structure:\(listed.filter.structure.uuidString.lowercased())",
                               detail: "\(people.count) personnes", address: reader.address, on: request.db)
        return Self.private(try await AuditedExport.csv(writer.text, name: "personnes", rows: people.count, request: request))
    }

    // MARK: The record

    package struct PersonContext: Encodable {
        package struct Journey: Encodable {
            var kind: String
            var state: String
            var hiredOn: String
            var eligibility: String?
            var diagnosis: String?
            var criteria: [String]
            var approvalEnd: String?
            /// The approval's suspensions and extensions, each on its line.
            var approvalChanges: [String]
            var approvalAction: String?
            /// Where a renewal or a new contract is added, while the journey is open.
            var contractAction: String?
            var recognition: String?
            var contracts: [String]
        }

        package struct Consent: Encodable {
            var label: String
            var state: String
            var purpose: String
            var active: Bool
        }

        package struct Event: Encodable {
            var at: String
            var summary: String
            var actor: String
        }

        var layout: Layout
        var csrf: String
        package struct Fact: Encodable {
            var term: String
            var value: String
        }

        var name: String
        var facts: [Fact]
        var consents: [Consent]
        var missingConsents: [ChoiceOption]
        var journeys: [Journey]
        var events: [Event]
        var eventsTotal: Int
        var editHref: String
        var exportHref: String
        var eraseHref: String
        var hireHref: String?
        var consentAction: String
        var message: String?
        var problem: String?
        var plan: PlanView
        var hours: [String]
        var hoursTotal: String
        var hoursHref: String
        var sharing: Sharing
        var approvalSuspensions: [ChoiceOption]
        var approvalExtensions: [ChoiceOption]
        var contractKinds: [ChoiceOption]
        var contractExceptions: [ChoiceOption]
    }

    /// The record's shares with other structures, and the form that starts one.
    package struct Sharing: Encodable {
        package struct Line: Encodable {
            var text: String
            var endAction: String?
        }

        var lines: [Line]
        var consented: Bool
        var action: String
        var structures: [ChoiceOption]
        var listHref: String
    }

    /// The plan, the exit and the follow-up as the record's page shows them.
    package struct PlanView: Encodable {
        package struct Barrier: Encodable {
            var label: String
            var state: String
            var note: String?
            var since: String
            var action: String
            var moves: [ChoiceOption]
            var servicesHref: String?
            var referHref: String?
            var referral: String?
            var referralHref: String?
        }

        package struct Action: Encodable {
            var title: String
            var kind: String
            var state: String
            var due: String?
            var actor: String?
            var barrier: String?
            var action: String
            var moves: [ChoiceOption]
        }

        package struct Milestone: Encodable {
            var months: Int
            var due: String
            var outcome: String?
            var isDue: Bool
        }

        var barriers: [Barrier]
        var categories: [ChoiceOption]
        var addBarrier: String
        var actions: [Action]
        var kinds: [ChoiceOption]
        var barrierOptions: [ChoiceOption]
        var addAction: String
        var exitAction: String?
        var exitContracts: [ChoiceOption]
        var exited: String?
        var milestones: [Milestone]
        var outcomes: [ChoiceOption]
        var followUpAction: String?
        var reopenAction: String?
    }

    @Sendable
    package func show(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let (person, share) = try await PeopleAccess.readable(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, on: request.db)
        if let share { return try await SharedRecordPage.render(person, share: share, request: request) }
        return try await render(person, request: request, message: Self.message(request.query[String.self, at: "fait"]))
    }

    static func message(_ done: String?) -> String? {
        switch done {
        case "dossier": "Le dossier est enregistré."
        case "embauche": "L’embauche est enregistrée ; le parcours est ouvert."
        case "accord": "L’accord est enregistré ; le partage s’arrête ou reprend à l’instant."
        case "plan": "Le plan est à jour."
        case "sortie": "La sortie est enregistrée ; le suivi dans l’emploi commence."
        case "suivi": "Les nouvelles du suivi sont enregistrées."
        case "reouverture": "Le parcours est rouvert."
        case "effacement": "Le dossier est effacé."
        case "orientation": "L’orientation est envoyée au service ; sa réponse fera avancer le frein."
        case "agrement": "L’agrément est à jour ; son dernier jour est recalculé."
        case "contrat": "Le contrat est ajouté au parcours."
        case "partage": "Le parcours est partagé : les membres de la structure lisent le dossier jusqu’à la fin du partage."
        case "transfert": "Le transfert est proposé : le dossier change de structure quand elle l’accepte."
        case "transfert-accepte": "Le dossier est maintenant celui de votre structure, et vous en êtes le référent."
        default: nil
        }
    }

    private func render(_ person: PeopleStore.Person, request: Request, message: String?) async throws -> Response {
        try await BarrierReferralSync.sync(person: person.id, on: request.db)
        let gazetteer = try request.platform.reference.gazetteer
        let consents = try await PeopleStore.consents(of: person.id, on: request.db)
        let journeys = try await JourneyStore.journeys(of: person.id, on: request.db)
        let timeline = try await PeopleStore.timeline(of: person.id, limit: 100, on: request.db)
        let active = Set(consents.filter { $0.withdrawnAt == nil }.map(\.purpose))
        let hours = try await PersonHoursStore.shares(of: person.id, on: request.db)
        // The contracts the structure signs, for the renewal form.
        let kind = journeys.first { $0.state == .open }?.structureKind
        let bounds = request.application.contractRules.bounds.filter { bound in kind.map(bound.structures.contains) ?? false }
        let response = try await request.view.render("journeys/person", PersonContext(
            layout: Self.layout(person.fullName, crumbs: [.init(label: "Personnes accompagnées", href: JourneysPaths.people.link()), .init(label: person.fullName)],
                                request: request),
            csrf: CSRF.token(for: request), name: person.fullName,
            facts: Self.facts(of: person, gazetteer: gazetteer),
            consents: consents.map { consent in
                .init(label: consent.purpose.label,
                      state: consent.withdrawnAt.map { "retiré le \(DateText.frenchDay($0)) (\(consent.withdrawnBy ?? ""))" }
                          ?? "donné le \(DateText.frenchDay(consent.agreedAt)) (\(consent.recordedBy))",
                      purpose: consent.purpose.rawValue, active: consent.withdrawnAt == nil)
            },
            missingConsents: ConsentPurpose.allCases.filter { !active.contains($0) }.map { .init(value: $0.rawValue, label: $0.label) },
            journeys: try await Self.journeyViews(journeys, of: person.id, request: request),
            events: timeline.events.map { .init(at: DateText.frenchDateTime($0.at), summary: $0.summary, actor: $0.actor) }, eventsTotal: timeline.total,
            editHref: JourneysPaths.editPerson.link(person.id), exportHref: JourneysPaths.exportPerson.link(person.id), eraseHref: JourneysPaths.erase.link(person.id),
            hireHref: journeys.isEmpty ? JourneysPaths.hire.link(person.id) : nil,
            consentAction: JourneysPaths.consent.link(person.id), message: message,
            problem: request.query[String.self, at: "probleme"].map { String($0.prefix(600)) },
            plan: try await Self.plan(of: person, journeys: journeys, on: request.db),
            hours: hours.map { "\(DateText.frenchMonth($0.month)) : \(French.count($0.hours, "heure")) sur « \($0.needTitle) »" },
            hoursTotal: French.count(hours.map(\.hours).reduce(0, +), "heure"),
            hoursHref: JourneysPaths.hours.link(query: [("structure", person.structureID.uuidString.lowercased())]),
            sharing: try await Self.sharing(of: person, consented: active.contains(.sharing), request: request),
            approvalSuspensions: Approval.SuspensionReason.allCases.map { .init(value: $0.rawValue, label: $0.label) },
            approvalExtensions: Approval.ExtensionReason.allCases.map { reason in
                .init(value: reason.rawValue, label: "\(reason.label) — \(reason.monthsEach) mois au plus\(reason.monthsInAll.map { ", \($0) en tout" } ?? "")")
            },
            contractKinds: bounds.map { .init(value: $0.kind.rawValue, label: $0.label) },
            contractExceptions: bounds.flatMap { bound in bound.exceptions.map { .init(value: $0.code, label: "\(bound.name) : \($0.label)") } }
        )).encodeResponse(for: request)
        return Self.private(response)
    }

    /// The record's identity as both views show it.
    static func facts(of person: PeopleStore.Person, gazetteer: Gazetteer) -> [PersonContext.Fact] {
        let commune = gazetteer.commune(person.communeCode)
        return [
            .init(term: "Date de naissance", value: "\(DateText.frenchDay(iso: person.birthDate)) (\(Self.age(person.birthDate, today: DateText.parisDay(Date()))))"),
            .init(term: "Commune", value: commune.map { "\($0.name.name) (\($0.departementCode))" } ?? person.communeCode),
            .init(term: "Contact", value: [person.preference.label, person.phone, person.email].compactMap { $0 }.joined(separator: " · ")),
            .init(term: "Situation", value: person.publics.isEmpty ? "non renseignée"
                  : person.publics.map { ServiceVocabulary.label($0, in: ServiceVocabulary.publics) }.joined(separator: ", ")),
            .init(term: "Référent", value: person.referentName ?? "sans référent"),
            .init(term: "Étape", value: person.stage.label),
        ]
    }

    /// The journeys as both views show them: eligibility, approval, recognition, contracts.
    static func journeyViews(_ journeys: [JourneyStore.Journey], of person: UUID, request: Request) async throws -> [PersonContext.Journey] {
        let rules = Eligibility.inForce(try await EligibilityRuleStore.ruleSets(on: request.db), on: DateText.parisDay(Date()))
        let bounds = request.application.contractRules.bounds
        var views: [PersonContext.Journey] = []
        for journey in journeys {
            let changes = journey.approvalEnd == nil ? [] : try await ApprovalStore.changes(of: journey.id, on: request.db)
            views.append(PersonContext.Journey(
                kind: journey.structureKind.acronym, state: journey.state.label, hiredOn: DateText.frenchDay(iso: journey.hiredOn),
                eligibility: journey.diagnosis?.explanation,
                diagnosis: journey.diagnosis.map {
                    "Diagnostic du \(DateText.frenchDay(iso: $0.day)) par \($0.prescriber ?? "la structure") (règles du \(DateText.frenchDay(iso: $0.rulesVersion)))"
                },
                criteria: journey.diagnosis.map { diagnosis in
                    diagnosis.criteria.map { code in "\(rules?.criterion(code)?.label ?? code) — justificatif : \(diagnosis.proofs[code] ?? "non renseigné")" }
                } ?? [],
                approvalEnd: journey.approvalEnd.map(DateText.frenchDay(iso:)),
                approvalChanges: changes.map(ApprovalPages.line),
                approvalAction: journey.approvalEnd != nil && journey.state == .open ? JourneysPaths.approval.link(person) : nil,
                contractAction: journey.state == .open ? JourneysPaths.contracts.link(person) : nil,
                recognition: journey.recognition.map { "\($0.kind.label), du \(DateText.frenchDay(iso: $0.from))\($0.to.map { " au \(DateText.frenchDay(iso: $0))" } ?? ", sans fin")" },
                contracts: journey.contracts.map { contract in
                    let label = bounds.first { $0.kind == contract.kind }?.label ?? contract.kind.rawValue
                    return "\(label) du \(DateText.frenchDay(iso: contract.start)) au \(DateText.frenchDay(iso: contract.end)), \(ContractLength.hours(contract.weeklyHours)) par semaine"
                }
            ))
        }
        return views
    }

    static func sharing(of person: PeopleStore.Person, consented: Bool, request: Request) async throws -> Sharing {
        let shares = try await PersonShareStore.shares(of: person.id, on: request.db)
        let names = try await SharePages.names(shares.flatMap { [$0.from, $0.to] }, on: request.db)
        return Sharing(
            lines: shares.map { share in
                let with = share.from == person.structureID ? names[share.to] ?? "une structure" : "reçu " + French.de(names[share.from] ?? "une structure")
                var text = "\(share.kind.label) — \(with) : \(share.state.label), depuis le \(DateText.frenchDay(share.startedAt)) (\(share.startedBy))"
                if let ended = share.endedAt { text += ", fin le \(DateText.frenchDay(ended))\(share.endReason.map { " : \($0.label)" } ?? "")" }
                return .init(text: text + ".", endAction: share.state.isOpen && share.from == person.structureID ? JourneysPaths.endShare.link(share.id) : nil)
            },
            consented: consented, action: JourneysPaths.sharePerson.link(person.id),
            structures: consented ? try await SharePages.candidates(for: person, request: request).map { .init(value: $0.id.uuidString.lowercased(), label: $0.name) } : [],
            listHref: JourneysPaths.shares.link(query: [("structure", person.structureID.uuidString.lowercased())]))
    }

    static func plan(of person: PeopleStore.Person, journeys: [JourneyStore.Journey], on database: any Database) async throws -> PlanView {
        let barriers = try await PlanStore.barriers(of: person.id, on: database)
        let actions = try await PlanStore.actions(of: person.id, on: database)
        let open = Set(barriers.filter { !$0.state.isClosed }.map(\.category))
        let labels = Dictionary(uniqueKeysWithValues: barriers.map { ($0.id, $0.label) })
        let current = journeys.first { $0.state == .open }
        let exited = current == nil ? journeys.first { $0.state == .exited } : nil
        let today = DateText.parisDay(Date())
        var milestones: [PlanView.Milestone] = []
        if let exited, let exit = exited.exit, exit.contract.isEmployment {
            let recorded = Dictionary(uniqueKeysWithValues: try await PlanStore.followUps(of: exited.id, on: database).map { ($0.months, $0.outcome) })
            milestones = (FollowUpSchedule.milestones(after: exit.day) ?? []).map { milestone in
                .init(months: milestone.months, due: DateText.frenchDay(iso: milestone.due),
                      outcome: recorded[milestone.months].map { FollowUpOutcome(rawValue: $0)?.label ?? $0 }, isDue: milestone.due <= today)
            }
        }
        return PlanView(
            barriers: barriers.map { barrier in
                .init(label: barrier.label, state: barrier.state.label, note: barrier.note, since: DateText.frenchDay(iso: barrier.identifiedOn),
                      action: JourneysPaths.barrier.link(person.id, barrier.id),
                      moves: BarrierState.allCases.filter(barrier.state.mayMove).map { .init(value: $0.rawValue, label: $0.label) },
                      servicesHref: barrier.state.isClosed ? nil
                        : ServicesPaths.search.link(query: [("thematique", barrier.category), ("commune", person.communeCode)]),
                      referHref: barrier.state.isClosed || barrier.referralState == ReferralState.open.rawValue ? nil : JourneysPaths.referFromBarrier.link(person.id, barrier.id),
                      referral: barrier.referralID.map { _ in "Orientation \(ReferralState(rawValue: barrier.referralState ?? "")?.label.lowercased() ?? "envoyée")" },
                      referralHref: barrier.referralID.map(Links.referral))
            },
            categories: ServiceVocabulary.categories.filter { !open.contains($0.slug) }.map { .init(value: $0.slug, label: $0.label) },
            addBarrier: JourneysPaths.barriers.link(person.id),
            actions: actions.map { action in
                .init(title: action.title, kind: action.kind.label, state: action.state.label, due: action.due.map(DateText.frenchDay(iso:)), actor: action.actor,
                      barrier: action.barrierID.flatMap { labels[$0] }, action: JourneysPaths.action.link(person.id, action.id),
                      moves: ActionState.allCases.filter(action.state.mayMove).map { .init(value: $0.rawValue, label: $0.label) })
            },
            kinds: ActionKind.allCases.map { .init(value: $0.rawValue, label: $0.label) },
            barrierOptions: barriers.filter { !$0.state.isClosed }.map { .init(value: $0.id.uuidString, label: $0.label) },
            addAction: JourneysPaths.actions.link(person.id),
            exitAction: current == nil ? nil : JourneysPaths.exit.link(person.id),
            exitContracts: ExitContract.allCases.map { .init(value: $0.rawValue, label: "\($0.label) — \($0.category.label.lowercased())") },
            exited: exited?.exit.map { exit in
                "Sortie le \(DateText.frenchDay(iso: exit.day)) : \(exit.contract.label)\(exit.employer.map { " chez \($0)" } ?? "") (\(exit.category.label.lowercased()))."
            },
            milestones: milestones,
            outcomes: FollowUpOutcome.allCases.map { .init(value: $0.rawValue, label: $0.label) },
            followUpAction: milestones.contains(where: \.isDue) ? JourneysPaths.followUp.link(person.id) : nil,
            reopenAction: exited == nil ? nil : JourneysPaths.reopen.link(person.id)
        )
    }

    // MARK: The form of the record

    static let fields: [(label: String, name: String)] = [
        (PersonDraft.Field.firstName, "first_name"), (PersonDraft.Field.lastName, "last_name"), (PersonDraft.Field.birthDate, "birth_date"),
        (PersonDraft.Field.commune, "commune_q"), (PersonDraft.Field.publics, "publics"), (PersonDraft.Field.preference, "preference"),
        (PersonDraft.Field.phone, "phone"), (PersonDraft.Field.email, "email"), (PersonDraft.Field.referent, "referent"), (PersonDraft.Field.consent, "consent"),
    ]

    package struct FormContext: Encodable {
        var layout: Layout
        var csrf: String
        var heading: String
        var action: String
        var isNew: Bool
        var values: [String: String]
        var publics: [ChoiceOption]
        var preferences: [ChoiceOption]
        var referents: [ChoiceOption]
        var consent: Bool
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
        var cancel: String
    }

    @Sendable
    package func newForm(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let asked = request.query[String.self, at: "structure"].flatMap(UUID.init(uuidString:))
        guard let structure = PeopleAccess.structure(asked: asked, for: reader.actor) else { throw Abort(.forbidden, reason: Self.refused) }
        return try await renderForm(request, structure: structure, person: nil, values: ["structure": structure.uuidString.lowercased(), "referent": reader.user.id.uuidString],
                                    publics: [], consent: false)
    }

    @Sendable
    package func create(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.newPerson.link())) }
        let form = SubmittedForm(request)
        guard let structure = PeopleAccess.structure(asked: UUID(uuidString: form["structure"]), for: reader.actor) else { throw Abort(.forbidden, reason: Self.refused) }
        let draft = try Self.draft(form, request: request)
        let referents = Set(try await OrganisationQueries.members(ofStructure: structure, on: request.db).map(\.id))
        switch draft.check(today: DateText.parisDay(Date()), isCommune: { (try? request.platform.reference.gazetteer.commune($0)) != nil }, referents: referents, consentNeeded: true) {
        case .failure(let problems):
            return try await renderForm(request, structure: structure, person: nil, values: Self.values(form), publics: Set(draft.publics), consent: draft.consent,
                                        errors: FormErrors(problems, fields: Self.fields, fallback: "first_name"), status: .unprocessableEntity)
        case .success(let checked):
            let id = try await PeopleStore.create(checked, structure: structure, by: reader.user, address: reader.address, on: request.db)
            return request.redirect(to: JourneysPaths.person.link(id, query: [("fait", "dossier")]))
        }
    }

    @Sendable
    package func editForm(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: true, on: request.db)
        let values = ["first_name": person.firstName, "last_name": person.lastName, "birth_date": person.birthDate, "commune": person.communeCode,
                      "commune_q": (try request.platform.reference.gazetteer.commune(person.communeCode)?.name.name) ?? person.communeCode,
                      "preference": person.preference.rawValue, "phone": person.phone ?? "", "email": person.email ?? "",
                      "referent": person.referentID?.uuidString ?? ""]
        return try await renderForm(request, structure: person.structureID, person: person, values: values, publics: Set(person.publics), consent: true)
    }

    @Sendable
    package func update(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        let form = SubmittedForm(request)
        let draft = try Self.draft(form, request: request)
        let referents = Set(try await OrganisationQueries.members(ofStructure: person.structureID, on: request.db).map(\.id))
        switch draft.check(today: DateText.parisDay(Date()), isCommune: { (try? request.platform.reference.gazetteer.commune($0)) != nil }, referents: referents, consentNeeded: false) {
        case .failure(let problems):
            return try await renderForm(request, structure: person.structureID, person: person, values: Self.values(form), publics: Set(draft.publics), consent: true,
                                        errors: FormErrors(problems, fields: Self.fields, fallback: "first_name"), status: .unprocessableEntity)
        case .success(let checked):
            try await PeopleStore.update(person.id, with: checked, by: reader.user, address: reader.address, on: request.db)
            return request.redirect(to: JourneysPaths.person.link(person.id, query: [("fait", "dossier")]))
        }
    }

    static func draft(_ form: SubmittedForm, request: Request) throws -> PersonDraft {
        var draft = PersonDraft()
        draft.firstName = form["first_name"]
        draft.lastName = form["last_name"]
        draft.birthDate = form["birth_date"]
        draft.communeCode = CommuneInput.code(typed: form["commune_q"], picked: form["commune"], gazetteer: try request.platform.reference.gazetteer)
        draft.preference = form["preference"]
        draft.phone = form["phone"]
        draft.email = form["email"]
        draft.publics = form.all("publics")
        draft.referent = form["referent"]
        draft.consent = form["consent"] == "1"
        return draft
    }

    static func values(_ form: SubmittedForm) -> [String: String] {
        var values: [String: String] = [:]
        for name in ["structure", "first_name", "last_name", "birth_date", "commune_q", "commune", "preference", "phone", "email", "referent"] { values[name] = form[name] }
        return values
    }

    private func renderForm(_ request: Request, structure: UUID, person: PeopleStore.Person?, values: [String: String], publics: Set<String>, consent: Bool,
                            errors: FormErrors = FormErrors(), status: HTTPStatus = .ok) async throws -> Response {
        let members = try await OrganisationQueries.members(ofStructure: structure, on: request.db)
        let heading = person.map { "Modifier le dossier " + French.de($0.fullName) } ?? "Nouvelle personne accompagnée"
        var crumbs: [Layout.Crumb] = [.init(label: "Personnes accompagnées", href: JourneysPaths.people.link())]
        if let person { crumbs.append(.init(label: person.fullName, href: JourneysPaths.person.link(person.id))) }
        crumbs.append(.init(label: person == nil ? "Nouvelle personne" : "Modifier"))
        let response = try await request.view.render("journeys/person-form", FormContext(
            layout: Self.layout(heading, crumbs: crumbs, request: request), csrf: CSRF.token(for: request), heading: heading,
            action: person.map { JourneysPaths.editPerson.link($0.id) } ?? JourneysPaths.newPerson.link(), isNew: person == nil, values: values,
            publics: ServiceVocabulary.publics.filter { $0.value != "tous-publics" }.map { .init(value: $0.value, label: $0.label, checked: publics.contains($0.value)) },
            preferences: ContactPreference.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: values["preference"] == $0.rawValue) },
            referents: members.map { .init(value: $0.id.uuidString, label: $0.name, checked: $0.id.uuidString.lowercased() == values["referent"]?.lowercased()) },
            consent: consent, errors: errors.errors, errorList: errors.errorList,
            cancel: person.map { JourneysPaths.person.link($0.id) } ?? JourneysPaths.people.link()
        )).encodeResponse(for: request)
        response.status = status
        return Self.private(response)
    }

    // MARK: Agreements

    @Sendable
    package func consent(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        let form = SubmittedForm(request)
        guard let purpose = ConsentPurpose(rawValue: form["purpose"]), ["donner", "retirer"].contains(form["action"]) else {
            throw Abort(.badRequest, reason: "Accord inconnu : choisissez l’accord à donner ou à retirer.")
        }
        _ = try await PeopleStore.setConsent(purpose, given: form["action"] == "donner", person: person.id, by: reader.user, address: reader.address, on: request.db)
        return request.redirect(to: JourneysPaths.person.link(person.id, query: [("fait", "accord")]))
    }

    // MARK: Shared

    static func layout(_ title: String, crumbs: [Layout.Crumb], request: Request) -> Layout {
        var layout = Layout(title: "\(title) — Passerelle", section: "parcours", breadcrumbs: crumbs, request: request)
        layout.noindex = true
        return layout
    }

    /// A page about a person: never indexed, never kept by a shared cache.
    static func `private`(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: "X-Robots-Tag", value: "noindex, nofollow")
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return response
    }

    static func age(_ birthDate: String, today: String) -> String {
        guard let birth = DateText.parseISODay(birthDate), let now = DateText.parseISODay(today) else { return "âge non renseigné" }
        let years = Calendar(identifier: .gregorian).dateComponents([.year], from: birth, to: now).year ?? 0
        return "\(years) ans"
    }
}
