import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// What changes during an open journey, from the record's page: the approval's suspensions and
/// extensions (its rule, `Approval.end`, accepts each or says why not, and the new last day shows at
/// once) and the contracts after the first (renewals, within the bounds with the earlier ones).
package struct ApprovalPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.post(JourneysPaths.approval, use: change)
        routes.post(JourneysPaths.contracts, use: addContract)
    }

    /// A change as the record lists it.
    static func line(_ change: ApprovalStore.Change) -> String {
        switch change {
        case .suspension(let item): "Suspendu du \(DateText.frenchDay(iso: item.from)) au \(DateText.frenchDay(iso: item.to)) : \(item.reason.label.lowercased())"
        case .extension_(let item): "Prolongé de \(item.months) mois : \(item.reason.label.lowercased()) (accordé par \(item.grantedBy))"
        }
    }

    @Sendable
    package func change(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        func back(_ key: String, _ value: String) -> Response { request.redirect(to: JourneysPaths.person.link(person.id, query: [(key, value)])) }
        guard let journey = try await JourneyStore.journeys(of: person.id, on: request.db).first(where: { $0.state == .open && $0.approvalEnd != nil }) else {
            return back("probleme", "L’agrément se suspend ou se prolonge pendant un parcours IAE en cours.")
        }
        let form = SubmittedForm(request)
        let change: ApprovalStore.Change
        switch form["change"] {
        case "suspension":
            guard let reason = Approval.SuspensionReason(rawValue: form["reason"]) else { return back("probleme", "Choisissez le motif de la suspension.") }
            guard CivilDay(form["from"]) != nil, CivilDay(form["to"]) != nil else {
                return back("probleme", "Indiquez le premier et le dernier jour de la suspension (AAAA-MM-JJ).")
            }
            change = .suspension(.init(reason: reason, from: form["from"], to: form["to"]))
        case "prolongation":
            guard let reason = Approval.ExtensionReason(rawValue: form["reason"]) else { return back("probleme", "Choisissez le motif de la prolongation.") }
            guard let months = Int(form["months"].trimmingCharacters(in: .whitespaces)), months > 0 else {
                return back("probleme", "Indiquez la durée de la prolongation, en mois entiers.")
            }
            let grantedBy = form["granted_by"].trimmingCharacters(in: .whitespacesAndNewlines)
            guard !grantedBy.isEmpty, grantedBy.count <= 160, OneLineText.problem(in: grantedBy) == nil else {
                return back("probleme", "Indiquez qui a accordé la prolongation (un prescripteur, la structure ; 160 caractères au plus).")
            }
            change = .extension_(.init(reason: reason, months: months, grantedBy: grantedBy))
        default:
            throw Abort(.badRequest, reason: "Choisissez : suspendre ou prolonger l’agrément.")
        }
        if let problem = try await ApprovalStore.add(change, to: journey, person: person.id, by: reader.user, address: reader.address, on: request.db) {
            return back("probleme", problem.message)
        }
        return back("fait", "agrement")
    }

    @Sendable
    package func addContract(request: Request) async throws -> Response {
        guard let reader = try await request.peopleReader() else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        func back(_ key: String, _ value: String) -> Response { request.redirect(to: JourneysPaths.person.link(person.id, query: [(key, value)])) }
        guard let journey = try await JourneyStore.journeys(of: person.id, on: request.db).first(where: { $0.state == .open }) else {
            return back("probleme", "Un contrat s’ajoute à un parcours en cours.")
        }
        let form = SubmittedForm(request)
        guard let kind = ContractKind(rawValue: form["kind"]) else { return back("probleme", "Choisissez le type de contrat.") }
        guard CivilDay(form["start"]) != nil, CivilDay(form["end"]) != nil else { return back("probleme", "Indiquez le début et la fin du contrat (AAAA-MM-JJ).") }
        guard let hours = Double(form["weekly_hours"].replacingOccurrences(of: ",", with: ".").trimmingCharacters(in: .whitespaces)) else {
            return back("probleme", "Indiquez la durée hebdomadaire en heures, par exemple 26 ou 24,5.")
        }
        let exception = form["exception"].isEmpty ? nil : form["exception"]
        let terms = ContractTerms(kind: kind, start: form["start"], end: form["end"], weeklyHours: hours, exception: exception)
        let problems = ContractRenewal.problems(terms, earlier: journey.contracts, hiredOn: journey.hiredOn, structure: journey.structureKind,
                                                bounds: request.application.contractRules.bounds)
        guard problems.isEmpty else { return back("probleme", problems.joined(separator: " ")) }
        try await JourneyStore.addContract(terms, journey: journey.id, person: person.id, by: reader.user, address: reader.address, on: request.db)
        return back("fait", "contrat")
    }
}
