import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The platform team's page of the eligibility rules: every version with who added it, and a form
/// for the next one, filled with the latest. A stored version is never changed (a diagnosis keeps
/// the rules of its day); a mistake is corrected by a version of the same effect the next day.
package struct EligibilityAdminPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.eligibilityAdmin, use: show)
        routes.post(JourneysPaths.eligibilityAdmin, use: add)
    }

    package struct VersionRow: Encodable {
        var effectiveFrom: String
        var inForce: Bool
        var source: String
        var levelOne: Int
        var levelTwo: Int
        var thresholds: String
        var note: String?
        var addedBy: String
        var addedOn: String
    }

    package struct CriterionRow: Encodable {
        var index: Int
        var code: String
        var label: String
        var level: String
    }

    package struct ThresholdRow: Encodable {
        var kind: String
        var acronym: String
        var levelOne: String
        var levelTwo: String
    }

    package struct Context: Encodable {
        var layout: Layout
        var csrf: String
        var done: Bool
        var versions: [VersionRow]
        var effectiveFrom: String
        var source: String
        var note: String
        var criteria: [CriterionRow]
        var thresholds: [ThresholdRow]
        var errorList: [FormErrors.Listed]
        var errorSummaryTitle: String?
        var message: String?
    }

    /// Blank rows under the criteria, for those the law adds.
    static let blankRows = 3

    @Sendable
    package func show(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .editEligibilityRules) { return refusal }
        let stored = try await EligibilityRuleStore.all(on: request.db)
        let latest = stored.last?.rules
        return try await render(request, stored: stored, form: latest.map(EligibilityReference.Version.init)
            ?? .init(effectiveFrom: "", source: "", criteria: [], thresholds: [:]), note: "", problems: [], done: request.query[String.self, at: "fait"] != nil)
    }

    @Sendable
    package func add(request: Request) async throws -> Response {
        if let refusal = try await request.refusal(of: .editEligibilityRules) { return refusal }
        guard let user = request.signedInUser else { throw Abort(.unauthorized) }
        let form = SubmittedForm(request)
        let version = Self.version(from: form)
        let stored = try await EligibilityRuleStore.all(on: request.db)
        let note = form["note"].trimmingCharacters(in: .whitespacesAndNewlines)
        switch EligibilityReference.check(version) {
        case .failure(let rejection):
            return try await render(request, stored: stored, form: version, note: note, status: .unprocessableEntity, problems: rejection.problems, done: false)
        case .success(let rules):
            if rules.effectiveFrom <= DateText.parisDay(Date()), let current = stored.last, current.rules.effectiveFrom >= rules.effectiveFrom {
                return try await render(request, stored: stored, form: version, note: note, status: .unprocessableEntity, problems: [
                    "Une version prend effet le \(current.rules.effectiveFrom) : une nouvelle version doit prendre effet après elle, pour ne pas changer le jugement des diagnostics passés.",
                ], done: false)
            }
            do {
                try await EligibilityRuleStore.add(rules, note: note.isEmpty ? nil : String(note.prefix(1000)), by: user, address: request.clientAddress, on: request.db)
            } catch EligibilityRuleStore.AddError.dayTaken(let day) {
                return try await render(request, stored: stored, form: version, note: note, status: .unprocessableEntity,
                                        problems: ["Une version prend déjà effet le \(day)."], done: false)
            }
            return request.redirect(to: JourneysPaths.eligibilityAdmin.link(query: [("fait", "1")]))
        }
    }

    /// The form's version: criteria rows left blank are skipped, thresholds read per kind.
    static func version(from form: SubmittedForm) -> EligibilityReference.Version {
        let codes = form.all("code"), labels = form.all("label"), levels = form.all("level")
        var criteria: [EligibilityReference.Version.Criterion] = []
        for index in codes.indices {
            let code = codes[index].trimmingCharacters(in: .whitespaces)
            let label = index < labels.count ? labels[index] : ""
            if code.isEmpty, label.trimmingCharacters(in: .whitespaces).isEmpty { continue }
            criteria.append(.init(code: code, label: label, level: Int(index < levels.count ? levels[index] : "") ?? 0))
        }
        var thresholds: [String: EligibilityReference.Version.Threshold] = [:]
        for kind in StructureKind.allCases where kind.isSIAE {
            thresholds[kind.rawValue] = .init(levelOne: Int(form["level_one_\(kind.rawValue)"]) ?? 0, levelTwo: Int(form["level_two_\(kind.rawValue)"]) ?? 0)
        }
        return .init(effectiveFrom: form["effective_from"], source: form["source"], criteria: criteria, thresholds: thresholds)
    }

    private func render(_ request: Request, stored: [EligibilityRuleStore.Stored], form: EligibilityReference.Version, note: String,
                        status: HTTPResponseStatus = .ok, problems: [String], done: Bool) async throws -> Response {
        let today = DateText.parisDay(Date())
        let inForce = Eligibility.inForce(stored.map(\.rules), on: today)?.effectiveFrom
        var rows = form.criteria.enumerated().map { CriterionRow(index: $0.offset, code: $0.element.code, label: $0.element.label, level: String($0.element.level)) }
        rows += (0..<Self.blankRows).map { CriterionRow(index: rows.count + $0, code: "", label: "", level: "2") }
        let response = try await request.view.render("journeys/eligibility-admin", Context(
            layout: Layout(title: "Règles d’éligibilité à l’IAE — Passerelle", section: "admin",
                           breadcrumbs: [.init(label: "Back-office", href: PlatformPaths.backOffice.link()), .init(label: "Règles d’éligibilité")], request: request),
            csrf: CSRF.token(for: request), done: done,
            versions: stored.reversed().map { version in
                VersionRow(effectiveFrom: DateText.parseISODay(version.rules.effectiveFrom).map(DateText.frenchDay) ?? version.rules.effectiveFrom,
                           inForce: version.rules.effectiveFrom == inForce, source: version.rules.source,
                           levelOne: version.rules.criteria.filter { $0.level == .one }.count, levelTwo: version.rules.criteria.filter { $0.level == .two }.count,
                           thresholds: version.rules.thresholds.sorted { $0.key < $1.key }.map { "\($0.key.acronym) \($0.value.levelOne) ou \($0.value.levelTwo)" }
                               .joined(separator: " ; "),
                           note: version.note, addedBy: version.createdBy, addedOn: DateText.frenchDateTime(version.createdAt))
            },
            effectiveFrom: form.effectiveFrom, source: form.source, note: note, criteria: rows,
            thresholds: StructureKind.allCases.filter(\.isSIAE).map { kind in
                let threshold = form.thresholds[kind.rawValue]
                return ThresholdRow(kind: kind.rawValue, acronym: kind.acronym, levelOne: threshold.map { String($0.levelOne) } ?? "1",
                                    levelTwo: threshold.map { String($0.levelTwo) } ?? "")
            },
            errorList: problems.map { .init(href: "#version", message: $0) },
            errorSummaryTitle: problems.isEmpty ? nil : "La version n’est pas enregistrée :", message: nil
        )).encodeResponse(for: request)
        response.status = status
        return response
    }
}
