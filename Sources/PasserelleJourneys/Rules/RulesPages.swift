import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// « Règles des parcours »: the IAE eligibility rules in force on a day with a check of criteria,
/// and the contracts' bounds with a check of terms. Public, and nothing of what is typed is kept.
package struct RulesPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.rules, use: show)
    }

    package struct CriterionOption: Encodable {
        var code: String
        var label: String
        var checked: Bool
    }

    package struct Threshold: Encodable {
        var kind: String
        var levelOne: Int
        var levelTwo: Int
    }

    package struct Option: Encodable {
        var value: String
        var label: String
        var selected: Bool
    }

    package struct Verdict: Encodable {
        var eligible: Bool
        var explanation: String
    }

    package struct ContractRow: Encodable {
        package struct Exception: Encodable {
            var code: String
            var label: String
            var article: String
            var selected: Bool
        }

        var code: String
        var label: String
        var structures: String
        var article: String
        var length: String
        var hours: String
        var hoursArticle: String?
        var exceptions: [Exception]
        var selected: Bool
    }

    package struct Context: Encodable {
        var layout: Layout
        var day: String
        var dayText: String
        var version: String?
        var versionText: String?
        var source: String?
        var levelOne: [CriterionOption]
        var levelTwo: [CriterionOption]
        var thresholds: [Threshold]
        var kindOptions: [Option]
        var verdict: Verdict?
        var contracts: [ContractRow]
        var contract: [String: String]
        var contractChecked: Bool
        var contractProblems: [String]
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
        var canEdit: Bool
        var adminLink: String
    }

    @Sendable
    package func show(request: Request) async throws -> Response {
        let query = request.query
        var errors = FormErrors()
        func fail(_ name: String, _ message: String) {
            errors.errors[name] = message
            errors.errorList.append(.init(href: "#" + name, message: message))
        }
        var day = (try? query.get(String.self, at: "date")) ?? ""
        if day.isEmpty { day = DateText.parisDay(Date()) }
        if DateText.parseISODay(day) == nil || day.count != 10 {
            fail("date", "La date doit être un jour (AAAA-MM-JJ).")
            day = DateText.parisDay(Date())
        }
        let sets = try await EligibilityRuleStore.ruleSets(on: request.db)
        let rules = Eligibility.inForce(sets, on: day)
        let chosen = Set((try? query.get([String].self, at: "criteres")) ?? [])
        let kindText = (try? query.get(String.self, at: "structure")) ?? ""
        var verdict: Verdict?
        if !kindText.isEmpty {
            if let kind = StructureKind(rawValue: kindText), kind.isSIAE {
                switch Eligibility.evaluate(chosen, kind: kind, on: day, sets: sets) {
                case .success(let judged): verdict = Verdict(eligible: judged.eligible, explanation: judged.explanation)
                case .failure(let problem): fail("criteres", problem.message)
                }
            } else {
                fail("structure", "Choisissez un type de SIAE.")
            }
        }
        let options = { (level: EligibilityCriterion.Level) in
            (rules?.criteria ?? []).filter { $0.level == level }.map { CriterionOption(code: $0.id, label: $0.label, checked: chosen.contains($0.id)) }
        }
        let thresholds = (rules?.thresholds ?? [:]).sorted { $0.key < $1.key }
            .map { Threshold(kind: $0.key.acronym, levelOne: $0.value.levelOne, levelTwo: $0.value.levelTwo) }

        // The contract check.
        var contract: [String: String] = [:]
        for name in ["contrat", "debut", "fin", "heures", "mois", "exception"] { contract[name] = (try? query.get(String.self, at: name)) ?? "" }
        var problems: [String] = []
        var checked = false
        if let code = contract["contrat"], !code.isEmpty {
            if let kind = ContractKind(rawValue: code) {
                let hours = Double((contract["heures"] ?? "").replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces))
                let months = (contract["mois"] ?? "").isEmpty ? 0 : Int(contract["mois"] ?? "")
                if hours == nil { fail("heures", "La durée hebdomadaire doit être un nombre d’heures (par exemple 26 ou 24,5).") }
                if months == nil { fail("mois", "Les mois déjà faits doivent être un nombre entier.") }
                if let hours, let months {
                    let terms = ContractTerms(kind: kind, start: contract["debut"] ?? "", end: contract["fin"] ?? "", weeklyHours: hours, previousMonths: months,
                                              exception: contract["exception"])
                    switch ContractCheck.problems(terms, bounds: request.application.contractRules.bounds) {
                    case .success(let found):
                        problems = found
                        checked = true
                    case .failure(let problem):
                        let field = switch problem {
                        case .badDate(let text): text == contract["debut"] ? "debut" : "fin"
                        case .badNumber: "heures"
                        case .unknownException: "exception"
                        case .unknownKind: "contrat"
                        }
                        fail(field, problem.message)
                    }
                }
            } else {
                fail("contrat", "Choisissez un type de contrat.")
            }
        }
        let contracts = request.application.contractRules.bounds.map { bounds in
            ContractRow(code: bounds.kind.rawValue, label: bounds.label, structures: French.list(bounds.structures.map(\.acronym)), article: bounds.article,
                        length: Self.length(bounds), hours: Self.hours(bounds), hoursArticle: bounds.hoursArticle,
                        exceptions: bounds.exceptions.map { .init(code: $0.code, label: $0.label, article: $0.article, selected: $0.code == contract["exception"]) },
                        selected: bounds.kind.rawValue == contract["contrat"])
        }
        let actor = try await request.actor()
        let status: HTTPResponseStatus = errors.errorList.isEmpty ? .ok : .badRequest
        let response = try await request.view.render("journeys/rules", Context(
            layout: Layout(title: "Règles des parcours d’insertion — Passerelle", section: "parcours", breadcrumbs: [.init(label: "Règles des parcours")], request: request),
            day: day, dayText: DateText.frenchDay(DateText.parseISODay(day) ?? Date()), version: rules?.version,
            versionText: rules.flatMap { DateText.parseISODay($0.effectiveFrom) }.map(DateText.frenchDay), source: rules?.source,
            levelOne: options(.one), levelTwo: options(.two), thresholds: thresholds,
            kindOptions: StructureKind.allCases.filter(\.isSIAE).map { Option(value: $0.rawValue, label: "\($0.acronym) — \($0.label)", selected: $0.rawValue == kindText) },
            verdict: verdict, contracts: contracts, contract: contract, contractChecked: checked, contractProblems: problems,
            errors: errors.errors, errorList: errors.errorList,
            canEdit: Policy.decide(.editEligibilityRules, for: actor) == .allowed, adminLink: JourneysPaths.eligibilityAdmin.link()
        )).encodeResponse(for: request)
        response.status = status
        return response
    }

    static func length(_ bounds: ContractBounds) -> String {
        var parts: [String] = []
        if let minimum = bounds.minMonths { parts.append("au moins \(minimum) mois") }
        if let maximum = bounds.maxMonths { parts.append("au plus \(maximum) mois par contrat") }
        if let total = bounds.maxTotalMonths { parts.append("au plus \(total) mois en tout, renouvellements compris") }
        return parts.isEmpty ? "aucune borne de durée" : parts.joined(separator: ", ")
    }

    static func hours(_ bounds: ContractBounds) -> String {
        switch (bounds.minWeeklyHours, bounds.maxWeeklyHours) {
        case (let low?, let high?): "de \(Int(low)) à \(Int(high)) heures par semaine"
        case (nil, let high?): "au plus \(Int(high)) heures par semaine"
        case (let low?, nil): "au moins \(Int(low)) heures par semaine"
        case (nil, nil): "aucune borne d’horaire"
        }
    }
}
