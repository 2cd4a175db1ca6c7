import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// The buyer's form, in five steps; each step saves the draft, so that a need can be written
/// over several days. The last step shows how many structures match and submits.
package enum NeedFormStep: Int, CaseIterable {
    case need = 1, target, clauses, terms, review

    package var title: String {
        switch self {
        case .need: "Le besoin"
        case .target: "Secteurs et lieu"
        case .clauses: "Clauses et lots"
        case .terms: "Montant, dates et contact"
        case .review: "Vérifier et soumettre"
        }
    }

    /// The core's field names and the form's ids, in the order of the step.
    package var fields: [(label: String, name: String)] {
        switch self {
        case .need: [("kind", "kind"), ("title", "title"), ("description", "description"), ("organisation", "organisation")]
        case .target: [("sectors", "sectors"), ("service_types", "service_types"), ("place", "place_q"), ("radius_km", "radius_km"),
                       ("perimeters", "zones"), ("kinds", "kinds")]
        case .clauses: [("clauses", "clauses"), ("lots", "lots")] + (1...NeedDraft.maximumLots).map { ("lots[\($0)]", "lot-\($0)") }
        case .terms: [("amount", "amount"), ("deadline", "deadline"), ("starts_on", "starts_on"), ("contact_name", "contact_name"),
                      ("contact_email", "contact_email"), ("answer_channel", "answer_channel"), ("answer_address", "answer_address"), ("questions", "questions")]
        case .review: []
        }
    }

    /// The step where the buyer mends a problem the core names.
    package static func of(field: String) -> NeedFormStep {
        allCases.first { step in step.fields.contains { $0.label == field } } ?? .need
    }
}

package struct NeedFormPages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(PurchasingPaths.newNeed, use: newNeed)
        routes.post(PurchasingPaths.newNeed, use: createNeed)
        routes.get(PurchasingPaths.editStep, use: editStep)
        routes.post(PurchasingPaths.editStep, use: saveStep)
    }

    package struct LotFields: Encodable {
        package var number: Int
        package var title: String
        package var sectors: String
        package var amounts: String
        package var reservedSIAE: Bool
        package var reservedSTPA: Bool
        package var insertion: Bool
        package var hours: String
        package var error: String?
    }

    package struct Context: Encodable {
        package var layout: Layout
        package var heading: String
        package var step: Int
        package var stepTitle: String
        package var steps: [StepperStep]
        package var action: String
        package var previous: String?
        package var csrf: String
        package var errors: [String: String]
        package var errorList: [FormErrors.Listed]
        /// The error summary's title: a step's mistakes leave the draft as it was.
        package var errorSummaryTitle = "Le brouillon n’est pas enregistré :"
        package var saved: Bool
        /// What the potential page sized, carried by the first step's form to the draft.
        package var prefill: [HiddenField] = []
        package var prefillSummary: String?
        // Step 1
        package var kinds: [ChoiceOption] = []
        package var title = ""
        package var description = ""
        package var organisations: [ChoiceOption] = []
        // Step 2
        package var sectorGroupsHTML = ""
        package var serviceTypes: [ChoiceOption] = []
        package var whereMode = "commune"
        package var placeText = ""
        package var placeCode = ""
        package var placeNote: String?
        package var radii: [ChoiceOption] = []
        package var zones = ""
        package var nationalSuppliers = false
        package var structureKinds: [ChoiceOption] = []
        // Step 3
        package var clauseSIAE = false
        package var clauseSTPA = false
        package var clauseHours = false
        package var hours = ""
        package var clauseSocial = false
        package var socialDetail = ""
        package var clauseEnvironment = false
        package var topics: [ChoiceOption] = []
        package var environmentDetail = ""
        package var lots: [LotFields] = []
        // Step 4
        package var amounts = ""
        package var exactAmount = ""
        package var deadline = ""
        package var startsOn = ""
        package var contactName = ""
        package var contactEmail = ""
        package var contactPhone = ""
        package var channels: [ChoiceOption] = []
        package var answerAddress = ""
        package var questions = ""
        // Step 5
        package var need: NeedView?
        package var matching: String?
        package var widen: Bool = false
        package var potential: String?
        package var potentialRule: String?
        package var missing: [FormErrors.Listed] = []
        /// Said instead of the submit button while the organisation waits for its verification.
        package var waiting: String?
        package var submitAction = ""
        package var needHref = ""
        package var targetHref = ""
    }

    // MARK: Reading a step's fields into the draft

    /// The draft with the fields of `step` as submitted; `lotCount` is how many lot blocks the
    /// form showed.
    package static func read(_ form: SubmittedForm, step: NeedFormStep, into draft: NeedDraft, gazetteer: Gazetteer) -> (draft: NeedDraft, problems: [FieldProblem]) {
        var draft = draft
        var problems: [FieldProblem] = []
        func limited(_ name: String, _ length: Int) -> String { String(form[name].prefix(length)) }
        switch step {
        case .need:
            draft.kind = form["kind"]
            draft.title = limited("title", 300)
            draft.description = limited("description", NeedDraft.maximumDescriptionLength + 1)
        case .target:
            draft.target.sectors = Array(form.all("sector").prefix(NeedTargetInput.maximumSectors + 1))
            draft.target.serviceTypes = Array(form.all("service_type").prefix(5))
            draft.target.kinds = Array(form.all("structure_kind").prefix(12))
            draft.target.acceptsNationalSuppliers = form["national_suppliers"] == "1"
            draft.target.place = nil
            draft.target.radiusKm = nil
            draft.target.perimeters = []
            draft.target.national = false
            switch form["where"] {
            case "zones":
                let (perimeters, unknown) = ZoneList.read(limited("zones", 10_000), gazetteer: gazetteer)
                draft.target.perimeters = perimeters.map(\.token)
                problems += unknown.map { FieldProblem(field: "perimeters", message: $0) }
            case "france":
                draft.target.national = true
            default:
                let code = form["place"].trimmingCharacters(in: .whitespaces)
                let text = limited("place_q", 200).trimmingCharacters(in: .whitespaces)
                if !code.isEmpty, gazetteer.commune(code) != nil {
                    draft.target.place = code
                } else if !text.isEmpty {
                    // Without JavaScript nobody picks from the list: the best match of what was typed.
                    if let best = gazetteer.searchCommunes(text, limit: 1).first { draft.target.place = best.code } else {
                        problems.append(FieldProblem(field: "place", message: "Aucune commune ne correspond à « \(text.prefix(80)) » : vérifiez l’orthographe ou donnez le code postal."))
                    }
                }
                if let radius = Double(form["radius_km"]), radius > 0 { draft.target.radiusKm = radius }
            }
        case .clauses:
            var clauses: [NeedDraft.ClauseDraft] = []
            let chosen = Set(form.all("clause"))
            if chosen.contains(ClauseKind.reservedSIAE.rawValue) { clauses.append(.init(kind: ClauseKind.reservedSIAE.rawValue)) }
            if chosen.contains(ClauseKind.reservedSTPA.rawValue) { clauses.append(.init(kind: ClauseKind.reservedSTPA.rawValue)) }
            if chosen.contains(ClauseKind.insertionHours.rawValue) { clauses.append(.init(kind: ClauseKind.insertionHours.rawValue, hours: limited("hours", 20))) }
            if chosen.contains(ClauseKind.socialCriterion.rawValue) { clauses.append(.init(kind: ClauseKind.socialCriterion.rawValue, detail: limited("social_detail", 500))) }
            if chosen.contains(ClauseKind.environmental.rawValue) {
                clauses.append(.init(kind: ClauseKind.environmental.rawValue, topic: limited("topic", 40), detail: limited("environment_detail", 500)))
            }
            draft.clauses = clauses
            let count = min(Int(form["lot_count"]) ?? 0, NeedDraft.maximumLots)
            var lots: [NeedDraft.LotDraft] = []
            for number in stride(from: 1, through: count, by: 1) {
                let prefix = "lot-\(number)-"
                let title = limited(prefix + "title", 200)
                let sector = form[prefix + "sector"]
                // An untouched block (the one "Ajouter un lot" opened) is no lot.
                if title.trimmingCharacters(in: .whitespaces).isEmpty && sector.isEmpty { continue }
                if form["action"] == "remove-lot-\(number)" { continue }
                let lotClauses = Set(form.all(prefix + "clause"))
                var lot = NeedDraft.LotDraft(title: title, sectors: sector.isEmpty ? [] : [sector], amount: form[prefix + "amount"])
                if lotClauses.contains(ClauseKind.reservedSIAE.rawValue) { lot.clauses.append(.init(kind: ClauseKind.reservedSIAE.rawValue)) }
                if lotClauses.contains(ClauseKind.reservedSTPA.rawValue) { lot.clauses.append(.init(kind: ClauseKind.reservedSTPA.rawValue)) }
                if lotClauses.contains(ClauseKind.insertionHours.rawValue) { lot.clauses.append(.init(kind: ClauseKind.insertionHours.rawValue, hours: limited(prefix + "hours", 20))) }
                lots.append(lot)
            }
            draft.lots = lots
        case .terms:
            draft.amount = form["amount"] == "exact" ? limited("exact_amount", 30) : form["amount"]
            draft.deadline = limited("deadline", 20)
            draft.startsOn = limited("starts_on", 20)
            draft.contactName = limited("contact_name", 200)
            draft.contactEmail = limited("contact_email", 254)
            draft.contactPhone = limited("contact_phone", 40)
            draft.answerChannel = form["answer_channel"]
            draft.answerAddress = limited("answer_address", 500)
            draft.questions = Array(form.lines("questions").prefix(NeedDraft.maximumQuestions + 1)).map { String($0.prefix(600)) }
        case .review:
            break
        }
        return (draft, problems)
    }

    // MARK: Rendering

    package static func context(step: NeedFormStep, draft: NeedDraft, record: NeedRecord?, extraLot: Bool, organisations: [(UUID, String)], chosenOrganisation: String,
                        problems: [FieldProblem], saved: Bool, request: Request) async throws -> Context {
        let reference = try request.platform.reference
        let gazetteer = reference.gazetteer
        func stepHref(_ number: Int) -> String? { record.map { PurchasingPaths.editStep.link($0.id, number) } }
        let errors = FormErrors(FieldProblems(problems), fields: step.fields, fallback: step.fields.first?.name ?? "title")
        var context = Context(
            layout: Layout(title: (problems.isEmpty ? "" : "Erreur — ") + "\(record == nil ? "Nouveau besoin" : draft.title) — étape \(step.rawValue) sur 5 — Passerelle", section: "besoins",
                           breadcrumbs: [.init(label: "Mes besoins", href: PurchasingPaths.mine.link())] + (record.map { [.init(label: $0.content.title, href: Links.need($0.id))] } ?? [])
                               + [.init(label: record == nil ? "Nouveau besoin" : "Modifier")], request: request),
            heading: record.map { "Rédiger « \($0.content.title) »" } ?? "Déposer un besoin d’achat",
            step: step.rawValue, stepTitle: step.title,
            steps: NeedFormStep.allCases.map { other in
                StepperStep(number: other.rawValue, title: other.title, href: stepHref(other.rawValue), current: other == step)
            },
            action: stepHref(step.rawValue) ?? PurchasingPaths.newNeed.link(),
            previous: step == .need ? nil : stepHref(step.rawValue - 1),
            csrf: CSRF.token(for: request), errors: errors.errors, errorList: errors.errorList, saved: saved
        )
        switch step {
        case .need:
            context.kinds = NeedKind.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: $0.rawValue == draft.kind) }
            context.title = draft.title
            context.description = draft.description
            if record == nil && organisations.count > 1 {
                context.organisations = organisations.map { ChoiceOption(value: $0.0.uuidString.lowercased(), label: $0.1, checked: $0.0.uuidString.lowercased() == chosenOrganisation) }
            }
        case .target:
            let chosen = Set(draft.target.sectors)
            context.sectorGroupsHTML = reference.taxonomy.groups.map { group in
                let sectors = group.sectors.map { HTMLFragments.Choice(value: $0.slug, label: $0.name, chosen: chosen.contains($0.slug)) }
                return "<details class=\"sector-group\"\(sectors.contains(where: \.chosen) ? " open" : "")><summary>\(HTMLFragments.escape(group.name))</summary>"
                    + sectors.map { HTMLFragments.checkbox(id: "sector-\($0.value)", name: "sector", $0) }.joined() + "</details>"
            }.joined()
            context.serviceTypes = ServiceType.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: draft.target.serviceTypes.contains($0.rawValue)) }
            context.structureKinds = StructureKind.allCases.map { ChoiceOption(value: $0.rawValue, label: "\($0.acronym) — \($0.label)", checked: draft.target.kinds.contains($0.rawValue)) }
            context.whereMode = draft.target.national ? "france" : draft.target.perimeters.isEmpty ? "commune" : "zones"
            if let code = draft.target.place, let commune = gazetteer.commune(code) {
                context.placeText = commune.name.name
                context.placeCode = code
                context.placeNote = "Commune retenue : \(commune.name.name) (\(code), \(commune.departementCode))."
            } else {
                context.placeText = String(SubmittedForm(request)["place_q"].prefix(200))
            }
            let radius = draft.target.radiusKm.map { String(Int($0)) } ?? "0"
            context.radii = ["0", "5", "10", "20", "30", "50", "100"].map { ChoiceOption(value: $0, label: $0 == "0" ? "la commune seulement" : "\($0) km", checked: $0 == radius) }
            context.zones = ZoneList.text(of: draft.target.perimeters.compactMap(Perimeter.init(token:)), in: gazetteer)
            context.nationalSuppliers = draft.target.acceptsNationalSuppliers
        case .clauses:
            let byKind = Dictionary(draft.clauses.map { ($0.kind, $0) }, uniquingKeysWith: { first, _ in first })
            context.clauseSIAE = byKind[ClauseKind.reservedSIAE.rawValue] != nil
            context.clauseSTPA = byKind[ClauseKind.reservedSTPA.rawValue] != nil
            context.clauseHours = byKind[ClauseKind.insertionHours.rawValue] != nil
            context.hours = byKind[ClauseKind.insertionHours.rawValue]?.hours ?? ""
            context.clauseSocial = byKind[ClauseKind.socialCriterion.rawValue] != nil
            context.socialDetail = byKind[ClauseKind.socialCriterion.rawValue]?.detail ?? ""
            context.clauseEnvironment = byKind[ClauseKind.environmental.rawValue] != nil
            let topic = byKind[ClauseKind.environmental.rawValue]?.topic ?? ""
            context.topics = EnvironmentalTopic.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: $0.rawValue == topic) }
            context.environmentDetail = byKind[ClauseKind.environmental.rawValue]?.detail ?? ""
            var lots = draft.lots
            if extraLot && lots.count < NeedDraft.maximumLots { lots.append(.init()) }
            context.lots = lots.enumerated().map { offset, lot in
                let number = offset + 1
                let sector = lot.sectors.first ?? ""
                let kinds = Set(lot.clauses.map(\.kind))
                return LotFields(
                    number: number, title: lot.title,
                    sectors: HTMLFragments.options([.init(value: "", label: "Choisir un secteur", chosen: sector.isEmpty)] + reference.taxonomy.groups.flatMap { group in
                        group.sectors.map { HTMLFragments.Choice(value: $0.slug, label: "\(group.name) — \($0.name)", chosen: $0.slug == sector) }
                    }),
                    amounts: amountOptions(lot.amount),
                    reservedSIAE: kinds.contains(ClauseKind.reservedSIAE.rawValue), reservedSTPA: kinds.contains(ClauseKind.reservedSTPA.rawValue),
                    insertion: kinds.contains(ClauseKind.insertionHours.rawValue), hours: lot.clauses.first { $0.kind == ClauseKind.insertionHours.rawValue }?.hours ?? "",
                    error: errors.errors["lot-\(number)"]
                )
            }
        case .terms:
            let isExact = draft.amount.hasPrefix("exact:") || (!draft.amount.isEmpty && NeedAmount(token: draft.amount) == nil)
            context.amounts = amountOptions(isExact ? "exact" : draft.amount, withExact: true)
            context.exactAmount = draft.amount.hasPrefix("exact:") ? String(draft.amount.dropFirst(6)) : (isExact ? draft.amount : "")
            context.deadline = draft.deadline
            context.startsOn = draft.startsOn
            context.contactName = draft.contactName
            context.contactEmail = draft.contactEmail
            context.contactPhone = draft.contactPhone
            context.channels = AnswerChannel.allCases.map { ChoiceOption(value: $0.rawValue, label: $0.label, checked: $0.rawValue == draft.answerChannel) }
            context.answerAddress = draft.answerAddress
            context.questions = draft.questions.joined(separator: "\n")
        case .review:
            guard let record else { break }
            context.need = NeedView(record, reference: reference, withContact: true)
            context.needHref = Links.need(record.id)
            context.submitAction = PurchasingPaths.submit.link(record.id)
            if !VerificationPolicy.mayPublish(for: record.organisationID, actor: try await request.actor()) {
                context.waiting = VerificationPolicy.waitingMessage(for: try await OrganisationQueries.name(of: record.organisationID, on: request.db) ?? "Votre organisation")
            }
            context.targetHref = PurchasingPaths.editStep.link(record.id, NeedFormStep.target.rawValue)
            if case .failure(let missing) = draft.validate(.submission, today: DateText.parisDay(Date()), gazetteer: gazetteer, taxonomy: reference.taxonomy) {
                context.missing = missing.list.map { problem in
                    let step = NeedFormStep.of(field: problem.field)
                    return FormErrors.Listed(href: PurchasingPaths.editStep.link(record.id, step.rawValue), message: "\(step.title) : \(problem.message)")
                }
            }
            if record.content.location != nil, !record.content.sectors.isEmpty {
                let index = try await request.directoryIndex()
                let count = Dissemination.recipients(of: record.content, index: index, answerRates: [:]).count
                context.matching = count == 0 ? "Aucune structure ne correspond pour l’instant."
                    : French.count(count, "structure inclusive correspond", "structures inclusives correspondent") + " : le besoin leur sera envoyé dès sa publication."
                context.widen = count < 3
                var target = draft.target
                if target.sectors.isEmpty { target.sectors = Array(record.content.sectors) }
                if case .success(let preview) = MatchPreview.of(target, amount: record.content.amount, in: index, size: 0) {
                    context.potential = preview.potential.recommendation.label
                    context.potentialRule = preview.potential.rule
                }
            }
        }
        return context
    }

    package static func amountOptions(_ token: String, withExact: Bool = false) -> String {
        HTMLFragments.options([.init(value: "", label: "Je ne sais pas", chosen: token.isEmpty || token == "inconnu")]
            + AmountBand.allCases.map { .init(value: $0.rawValue, label: $0.label, chosen: $0.rawValue == token) }
            + (withExact ? [.init(value: "exact", label: "Montant précis (en euros)", chosen: token == "exact")] : [])
            + [.init(value: "non-communique", label: "Je préfère ne pas le dire", chosen: token == "non-communique")])
    }

    package static func render(_ context: Context, status: HTTPStatus = .ok, request: Request) async throws -> Response {
        let response = try await request.view.render("needs/form", context).encodeResponse(for: request)
        response.status = status
        return response
    }

    // MARK: Handlers

    private static func buyerOrganisations(_ request: Request) async throws -> [(UUID, String)] {
        let ids = Policy.buyerOrganisations(of: try await request.actor())
        guard let user = request.signedInUser else { return [] }
        let memberships = try await OrganisationQueries.memberships(of: user.id, on: request.db)
        return ids.compactMap { id in memberships.first { $0.organisationID == id }.map { (id, $0.name) } }
    }

    /// Whether to offer « Déposer un besoin » to `actor`: a visitor (who signs in on the way) or a
    /// member of a buyer; everyone else would be refused.
    package static func offersNeedForm(to actor: Policy.Actor) -> Bool {
        !actor.isSignedIn || !Policy.buyerOrganisations(of: actor).isEmpty
    }

    package struct HiddenField: Encodable {
        package var name: String
        package var value: String
    }

    /// What was sized, read from the link or from the first step's hidden fields.
    static func prefill(_ values: (String) -> String, request: Request) throws -> NeedPrefill {
        let reference = try request.platform.reference
        return NeedPrefill(values: values, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy)
    }

    static func describe(_ prefill: NeedPrefill, request: Request) throws -> String? {
        guard !prefill.isEmpty else { return nil }
        let reference = try request.platform.reference
        let parts = [
            prefill.sector.flatMap(reference.taxonomy.sector).map { "secteur « \($0.name) »" },
            prefill.place.map { NeedPlaceLabel.of(.place(communeCode: $0, radiusKm: prefill.radiusKm), gazetteer: reference.gazetteer) },
            prefill.amount.flatMap(NeedAmount.init(token:)).map { "montant \($0.label)" },
            prefill.clause.map { "clause « \($0.label) »" },
        ].compactMap { $0 }
        return "Repris de l’estimation du potentiel : " + parts.joined(separator: ", ") + ". Vous les retrouverez aux étapes suivantes."
    }

    @Sendable
    package func newNeed(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let organisations = try await Self.buyerOrganisations(request)
        guard !organisations.isEmpty else {
            throw Abort(.forbidden, reason: "Seuls les membres d’une organisation d’acheteur (public ou privé) déposent des besoins. Demandez à votre organisation de vous inviter dans son équipe.")
        }
        var context = try await Self.context(step: .need, draft: NeedDraft(), record: nil, extraLot: false, organisations: organisations, chosenOrganisation: "",
                                             problems: [], saved: false, request: request)
        let prefill = try Self.prefill({ request.query[String.self, at: $0] ?? "" }, request: request)
        context.prefill = prefill.query.map { HiddenField(name: $0.0, value: $0.1) }
        context.prefillSummary = try Self.describe(prefill, request: request)
        return try await Self.render(context, request: request)
    }

    @Sendable
    package func createNeed(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let form = SubmittedForm(request)
        let organisations = try await Self.buyerOrganisations(request)
        let reference = try request.platform.reference
        let prefill = try Self.prefill({ form[$0] }, request: request)
        let (draft, _) = Self.read(form, step: .need, into: prefill.applied(to: NeedDraft()), gazetteer: reference.gazetteer)
        let chosen = form["organisation"]
        switch try await NeedFlows.create(draft, submit: false, organisation: UUID(uuidString: chosen), by: user, actor: try await request.actor(), request: request) {
        case .created(let record):
            return request.redirect(to: PurchasingPaths.editStep.link(record.id, NeedFormStep.target.rawValue))
        case .invalid(let problems):
            var context = try await Self.context(step: .need, draft: draft, record: nil, extraLot: false, organisations: organisations, chosenOrganisation: chosen,
                                                 problems: problems.list, saved: false, request: request)
            // A mistake in the title does not lose what was sized.
            context.prefill = prefill.query.map { HiddenField(name: $0.0, value: $0.1) }
            context.prefillSummary = try Self.describe(prefill, request: request)
            return try await Self.render(context, status: .unprocessableEntity, request: request)
        case .forbidden(let reason):
            throw Abort(.forbidden, reason: reason)
        }
    }

    /// The draft of the `:id` parameter, for its buyer, with the step asked.
    private static func editable(_ request: Request) async throws -> (NeedRecord, NeedFormStep) {
        let record = try await NeedPages.visibleNeed(request)
        let ref = Policy.NeedRef(organisation: record.organisationID, departements: record.departements, regions: record.regions)
        guard Policy.decide(.manage, on: ref, for: try await request.actor()) == .allowed else {
            throw Abort(.forbidden, reason: "Seuls les membres de l’organisation « \(record.organisationName) » modifient ce besoin.")
        }
        guard record.state == .draft else {
            throw Abort(.conflict, reason: "Un besoin « \(record.state.label.lowercased()) » ne se modifie plus" + (record.state == .refused ? " : reprenez-le d’abord en brouillon depuis sa page." : "."))
        }
        guard let step = request.parameters.get("step").flatMap(Int.init).flatMap(NeedFormStep.init(rawValue:)) else {
            throw Abort(.notFound, reason: "Cette étape n’existe pas : le formulaire en compte cinq.")
        }
        return (record, step)
    }

    @Sendable
    package func editStep(request: Request) async throws -> Response {
        guard request.signedInUser != nil else { return request.redirect(to: Links.login(next: request.url.path)) }
        let (record, step) = try await Self.editable(request)
        let context = try await Self.context(step: step, draft: NeedDraft(record.content), record: record, extraLot: step == .clauses && record.content.lots.isEmpty,
                                             organisations: [], chosenOrganisation: "", problems: [], saved: request.url.query == "enregistre=1", request: request)
        return try await Self.render(context, request: request)
    }

    @Sendable
    package func saveStep(request: Request) async throws -> Response {
        guard let user = request.signedInUser else { return request.redirect(to: Links.login(next: request.url.path)) }
        let (record, step) = try await Self.editable(request)
        let form = SubmittedForm(request)
        let reference = try request.platform.reference
        let (draft, readProblems) = Self.read(form, step: step, into: NeedDraft(record.content), gazetteer: reference.gazetteer)
        let action = form["action"]
        func again(_ problems: [FieldProblem], extraLot: Bool = false, status: HTTPStatus) async throws -> Response {
            let context = try await Self.context(step: step, draft: draft, record: record, extraLot: extraLot, organisations: [], chosenOrganisation: "",
                                                 problems: problems, saved: false, request: request)
            return try await Self.render(context, status: status, request: request)
        }
        if !readProblems.isEmpty { return try await again(readProblems, status: .unprocessableEntity) }
        switch try await NeedFlows.update(record, with: draft, by: user, request: request) {
        case .saved(let saved):
            if action == "add-lot" {
                let context = try await Self.context(step: .clauses, draft: NeedDraft(saved.content), record: saved, extraLot: true, organisations: [], chosenOrganisation: "",
                                                     problems: [], saved: true, request: request)
                return try await Self.render(context, request: request)
            }
            if action == "save" || action.hasPrefix("remove-lot-") { return request.redirect(to: PurchasingPaths.editStep.link(saved.id, step.rawValue, query: [("enregistre", "1")])) }
            return request.redirect(to: PurchasingPaths.editStep.link(saved.id, min(step.rawValue + 1, NeedFormStep.review.rawValue)))
        case .invalid(let problems):
            return try await again(problems.list, status: .unprocessableEntity)
        case .refused(let reason):
            throw Abort(.conflict, reason: reason)
        }
    }
}
