import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Recording a hiring: the IAE diagnosis with the proof seen for each criterion (SIAE), or the
/// RQTH or orientation (EA, ESAT), and the first contract. The core judges it by the rules of the
/// diagnosis's day and the contracts' bounds; nothing is written when it refuses.
package struct HirePages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.hire, use: form)
        routes.post(JourneysPaths.hire, use: hire)
    }

    static let fields: [(label: String, name: String)] = [
        (HireDraft.Field.hiredOn, "hired_on"), (HireDraft.Field.diagnosisDate, "diagnosis_date"), (HireDraft.Field.diagnosisAuthor, "diagnosis_author"),
        (HireDraft.Field.prescriber, "prescriber"), (HireDraft.Field.criteria, "criteres"), (HireDraft.Field.proofs, "justificatifs"),
        (HireDraft.Field.recognition, "recognition"), (HireDraft.Field.recognitionFrom, "recognition_from"), (HireDraft.Field.recognitionTo, "recognition_to"),
        (HireDraft.Field.contract, "contract_kind"),
    ]

    package struct Criterion: Encodable {
        var code: String
        var label: String
        var level: Int
        var checked: Bool
        var proof: String
    }

    package struct Context: Encodable {
        var layout: Layout
        var csrf: String
        var name: String
        var kind: String
        var isSIAE: Bool
        var needsRecognition: Bool
        var rulesNote: String?
        var values: [String: String]
        var authors: [ChoiceOption]
        var criteria: [Criterion]
        var recognitions: [ChoiceOption]
        var contracts: [ChoiceOption]
        var exceptions: [ChoiceOption]
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
        var action: String
        var cancel: String
    }

    @Sendable
    package func form(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: request.url.string)) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: true, on: request.db)
        return try await render(request, person: person, form: nil)
    }

    @Sendable
    package func hire(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        guard try await !JourneyStore.journeys(of: person.id, on: request.db).contains(where: { $0.state == .open }) else {
            throw Abort(.conflict, reason: "\(person.fullName) a déjà un parcours en cours.")
        }
        let kind = try await Self.kind(of: person, on: request.db)
        let form = SubmittedForm(request)
        var draft = HireDraft(kind: kind)
        draft.hiredOn = form["hired_on"]
        draft.diagnosisDate = form["diagnosis_date"]
        draft.diagnosisAuthor = form["diagnosis_author"]
        draft.prescriber = form["prescriber"]
        draft.criteria = form.all("criteres")
        for code in draft.criteria { draft.proofs[code] = form["justificatif-\(code)"] }
        draft.recognition = form["recognition"]
        draft.recognitionFrom = form["recognition_from"]
        draft.recognitionTo = form["recognition_to"]
        var inputProblem: String?
        if let contractKind = ContractKind(rawValue: form["contract_kind"]) {
            if let hours = Double(form["weekly_hours"].replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces)) {
                draft.contract = ContractTerms(kind: contractKind, start: form["contract_start"], end: form["contract_end"], weeklyHours: hours,
                                               exception: form["exception"].isEmpty ? nil : form["exception"])
            } else {
                inputProblem = "Contrat : la durée hebdomadaire doit être un nombre d’heures (par exemple 26 ou 24,5)."
            }
        } else if !form["contract_kind"].isEmpty {
            inputProblem = "Contrat : type inconnu."
        }
        let rules = try await EligibilityRuleStore.ruleSets(on: request.db)
        switch draft.check(rules: rules, bounds: request.application.contractRules.bounds) {
        case .failure(let problems):
            var all = problems.list
            if let inputProblem { all.append(FieldProblem(field: HireDraft.Field.contract, message: inputProblem)) }
            return try await render(request, person: person, form: form, errors: FormErrors(FieldProblems(all), fields: Self.fields, fallback: "hired_on"),
                                    status: .unprocessableEntity)
        case .success(let checked):
            if let inputProblem {
                return try await render(request, person: person, form: form,
                                        errors: FormErrors(FieldProblems([FieldProblem(field: HireDraft.Field.contract, message: inputProblem)]), fields: Self.fields,
                                                           fallback: "hired_on"), status: .unprocessableEntity)
            }
            _ = try await JourneyStore.hire(checked, person: person.id, structure: person.structureID, kind: kind, by: reader.user, address: reader.address, on: request.db)
            return request.redirect(to: JourneysPaths.person.link(person.id, query: [("fait", "embauche")]))
        }
    }

    static func kind(of person: PeopleStore.Person, on database: any Database) async throws -> StructureKind {
        guard let structure = try await DirectoryQueries.structure(id: person.structureID, on: database) else {
            throw Abort(.notFound, reason: "La structure de cette personne n’est plus dans l’annuaire.")
        }
        return structure.kind
    }

    private func render(_ request: Request, person: PeopleStore.Person, form: SubmittedForm?, errors: FormErrors = FormErrors(),
                        status: HTTPStatus = .ok) async throws -> Response {
        let kind = try await Self.kind(of: person, on: request.db)
        var values: [String: String] = [:]
        for name in ["hired_on", "diagnosis_date", "diagnosis_author", "prescriber", "recognition", "recognition_from", "recognition_to", "contract_kind",
                     "contract_start", "contract_end", "weekly_hours", "exception"] { values[name] = form?[name] ?? "" }
        if form == nil { values["hired_on"] = DateText.parisDay(Date()) }
        let chosen = Set(form?.all("criteres") ?? [])
        let day = values["diagnosis_date"].flatMap { $0.isEmpty ? nil : $0 } ?? DateText.parisDay(Date())
        let rules = Eligibility.inForce(try await EligibilityRuleStore.ruleSets(on: request.db), on: day)
        let bounds = request.application.contractRules.bounds.filter { $0.structures.contains(kind) }
        let response = try await request.view.render("journeys/hire", Context(
            layout: PeoplePages.layout("Embauche " + French.de(person.fullName), crumbs: [.init(label: "Personnes accompagnées", href: JourneysPaths.people.link()),
                                                                                   .init(label: person.fullName, href: JourneysPaths.person.link(person.id)),
                                                                                   .init(label: "Embauche")], request: request),
            csrf: CSRF.token(for: request), name: person.fullName, kind: "\(kind.acronym) — \(kind.label)", isSIAE: kind.isSIAE,
            needsRecognition: [.ea, .eatt, .esat].contains(kind),
            rulesNote: rules.map { "Critères des règles en vigueur le \(DateText.frenchDay(iso: day)) (version du \(DateText.frenchDay(iso: $0.effectiveFrom)))." },
            values: values,
            authors: HireDraft.DiagnosisAuthor.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: values["diagnosis_author"] == $0.rawValue) },
            criteria: (rules?.criteria ?? []).map { .init(code: $0.id, label: $0.label, level: $0.level.rawValue, checked: chosen.contains($0.id),
                                                          proof: form?["justificatif-\($0.id)"] ?? "") },
            recognitions: HireDraft.Recognition.allCases.map { .init(value: $0.rawValue, label: $0.label, checked: values["recognition"] == $0.rawValue) },
            contracts: bounds.map { .init(value: $0.kind.rawValue, label: $0.label, checked: values["contract_kind"] == $0.kind.rawValue) },
            exceptions: bounds.flatMap { bound in bound.exceptions.map { .init(value: $0.code, label: "\(bound.label) : \($0.label)", checked: values["exception"] == $0.code) } },
            errors: errors.errors, errorList: errors.errorList, action: JourneysPaths.hire.link(person.id), cancel: JourneysPaths.person.link(person.id)
        )).encodeResponse(for: request)
        response.status = status
        return PeoplePages.private(response)
    }
}
