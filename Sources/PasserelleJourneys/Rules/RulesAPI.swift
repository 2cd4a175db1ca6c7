import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserellePlatform
import Vapor

/// The public rules of journeys in the API: no account, no personal data, the same reading as the
/// page « Règles des parcours ».
extension APIHandler {
    package func getEligibilityCriteria(_ input: Operations.GetEligibilityCriteria.Input) async throws -> Operations.GetEligibilityCriteria.Output {
        let day = input.query.date ?? DateText.parisDay(Date())
        guard DateText.parseISODay(day) != nil, day.count == 10 else {
            return .badRequest(.init(body: .json(Self.error("date : attendu un jour AAAA-MM-JJ, reçu « \(day.prefix(20)) »."))))
        }
        guard let rules = Eligibility.inForce(try await EligibilityRuleStore.ruleSets(on: app.db), on: day) else {
            return .notFound(.init(body: .json(Self.error(Eligibility.Problem.noRuleSet(day).message))))
        }
        return .ok(.init(body: .json(try Self.eligibilityRules(rules))))
    }

    package static func eligibilityRules(_ rules: EligibilityRuleSet) throws -> Components.Schemas.EligibilityRules {
        .init(
            rulesVersion: rules.version, effectiveFrom: rules.effectiveFrom, source: rules.source,
            criteria: rules.criteria.map { .init(code: $0.id, label: $0.label, level: $0.level.rawValue) },
            rules: try rules.thresholds.sorted { $0.key < $1.key }.map {
                .init(kind: try ContractToken.convert($0.key), levelOne: $0.value.levelOne, levelTwo: $0.value.levelTwo)
            }
        )
    }

    package func checkEligibility(_ input: Operations.CheckEligibility.Input) async throws -> Operations.CheckEligibility.Output {
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON.")))) }
        guard let kind = StructureKind(rawValue: body.kind), kind.isSIAE else {
            return .badRequest(.init(body: .json(Self.error("kind : « \(body.kind.prefix(20)) » n’est pas un type de SIAE (aci, ei, ai, etti, eiti)."))))
        }
        let day = body.date ?? DateText.parisDay(Date())
        guard DateText.parseISODay(day) != nil, day.count == 10 else {
            return .badRequest(.init(body: .json(Self.error("date : attendu un jour AAAA-MM-JJ, reçu « \(day.prefix(20)) »."))))
        }
        let sets = try await EligibilityRuleStore.ruleSets(on: app.db)
        switch Eligibility.evaluate(Set(body.criteria), kind: kind, on: day, sets: sets) {
        case .failure(let problem):
            return .badRequest(.init(body: .json(Self.error(problem.message))))
        case .success(let verdict):
            let rules = Eligibility.inForce(sets, on: day)
            let met = body.criteria.compactMap { rules?.criterion($0) }.map { "\($0.label) (niveau \($0.level.rawValue))" }
            return .ok(.init(body: .json(.init(eligible: verdict.eligible, reasons: [verdict.explanation] + met, rulesVersion: rules?.version ?? day,
                                               levelOne: verdict.levelOne, levelTwo: verdict.levelTwo))))
        }
    }

    package func checkContract(_ input: Operations.CheckContract.Input) async throws -> Operations.CheckContract.Output {
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON.")))) }
        guard let kind = ContractKind(rawValue: body.kind.rawValue) else {
            return .badRequest(.init(body: .json(Self.error(ContractCheck.InputProblem.unknownKind(body.kind.rawValue).message))))
        }
        let terms = ContractTerms(kind: kind, start: body.start, end: body.end, weeklyHours: body.weeklyHours, previousMonths: body.previousMonths ?? 0,
                                  exception: body.exception)
        switch ContractCheck.problems(terms, bounds: app.contractRules.bounds) {
        case .failure(let problem):
            return .badRequest(.init(body: .json(Self.error(problem.message))))
        case .success(let problems):
            return .ok(.init(body: .json(.init(valid: problems.isEmpty, problems: problems))))
        }
    }
}
