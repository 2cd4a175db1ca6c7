import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import PasserelleServices
import SQLKit
import Vapor

/// Referrals started from a barrier: the referent picks a service of the barrier's category near
/// the person and sends the referral from the record (the person's agreement to sharing is needed,
/// and the referral is the services' own), then the service's answer moves the barrier.
package struct BarrierReferralPages: RouteCollection {
    package init() {}

    package func boot(routes: any RoutesBuilder) throws {
        routes.get(JourneysPaths.referFromBarrier, use: form)
        routes.post(JourneysPaths.referFromBarrier, use: send)
    }

    package struct Choice: Encodable {
        var id: String
        var name: String
        var provider: String
        var distance: String?
        var checked: Bool
    }

    package struct Context: Encodable {
        var layout: Layout
        var csrf: String
        var name: String
        var barrier: String
        var sharing: Bool
        var services: [Choice]
        var reason: String
        var errors: [String: String]
        var errorList: [FormErrors.Listed]
        var action: String
        var cancel: String
        var searchHref: String
    }

    private func load(_ request: Request) async throws -> (PeopleAccess.Reader, PeopleStore.Person, PlanStore.Barrier)? {
        guard let reader = try await request.peopleReader() else { return nil }
        let person = try await PeopleAccess.person(request.parameters.get("id").flatMap(UUID.init(uuidString:)), for: reader, logRead: false, on: request.db)
        let id = request.parameters.get("barrier").flatMap(UUID.init(uuidString:))
        guard let barrier = try await PlanStore.barriers(of: person.id, on: request.db).first(where: { $0.id == id }), !barrier.state.isClosed else {
            throw Abort(.notFound, reason: "Ce frein n’est pas ouvert dans le plan de cette personne.")
        }
        return (reader, person, barrier)
    }

    static func sharing(_ person: UUID, on database: any Database) async throws -> Bool {
        try await PeopleStore.consents(of: person, on: database).contains { $0.purpose == .sharing && $0.withdrawnAt == nil }
    }

    @Sendable
    package func form(request: Request) async throws -> Response {
        guard let (_, person, barrier) = try await load(request) else { return request.redirect(to: Links.login(next: request.url.string)) }
        return try await render(request, person: person, barrier: barrier, chosen: nil, reason: "")
    }

    @Sendable
    package func send(request: Request) async throws -> Response {
        guard let (reader, person, barrier) = try await load(request) else { return request.redirect(to: Links.login(next: JourneysPaths.people.link())) }
        guard try await Self.sharing(person.id, on: request.db) else {
            throw Abort(.conflict, reason: "La personne n’a pas donné son accord au partage : recueillez-le sur son dossier avant d’orienter.")
        }
        let form = SubmittedForm(request)
        let service = try await UUID(uuidString: form["service"]).asyncMap { try await ServiceStore.service($0, on: request.db) } ?? nil
        guard let organisation = reader.actor.memberships.first(where: { $0.structure == person.structureID })?.organisation else {
            throw Abort(.forbidden, reason: PeoplePages.refused)
        }
        var draft = ReferralRequest()
        draft.firstName = person.firstName
        draft.lastName = person.lastName
        draft.publics = person.publics
        draft.preference = person.preference.rawValue
        draft.phone = person.phone ?? ""
        draft.email = person.email ?? ""
        draft.referentName = reader.user.name
        draft.reason = form["reason"]
        draft.criteriaChecked = form["criteria"] == "1"
        draft.consent = true
        guard let service else {
            return try await render(request, person: person, barrier: barrier, chosen: nil, reason: form["reason"],
                                    errors: ["service": "Choisissez un service de la liste."], status: .unprocessableEntity)
        }
        switch draft.check(service: service.status) {
        case .failure(let problems):
            var errors: [String: String] = [:]
            for problem in problems.list { errors[problem.field == ReferralRequest.Field.reason ? "reason" : "service", default: ""] += problem.message + " " }
            return try await render(request, person: person, barrier: barrier, chosen: service.id, reason: form["reason"], errors: errors, status: .unprocessableEntity)
        case .success(let checked):
            let actor = ReferralFlows.Actor(userID: reader.user.id, label: reader.user.email, address: reader.address)
            let referral = try await ReferralFlows.send(checked, to: service, from: organisation, by: actor, publicURL: request.platform.config.publicURL, on: request.db)
            try await PlanStore.tie(referral, service: service.name, to: barrier, person: person.id, by: reader.user, address: reader.address, on: request.db)
            return request.redirect(to: JourneysPaths.person.link(person.id, query: [("fait", "orientation")]))
        }
    }

    private func render(_ request: Request, person: PeopleStore.Person, barrier: PlanStore.Barrier, chosen: UUID?, reason: String,
                        errors: [String: String] = [:], status: HTTPStatus = .ok) async throws -> Response {
        let thematiques = Set(ServiceVocabulary.category(barrier.category)?.thematiques.map(\.value) ?? [])
        let hits = try await ServiceQueries.search(ServiceQuery(communeCode: person.communeCode, thematiques: thematiques), app: request.application,
                                                   reference: try request.platform.reference)
        let listed = hits.prefix(12)
        let order = ["service", "reason"]
        let response = try await request.view.render("journeys/refer", Context(
            layout: PeoplePages.layout("Orienter \(person.fullName)", crumbs: [
                .init(label: "Personnes accompagnées", href: JourneysPaths.people.link()), .init(label: person.fullName, href: JourneysPaths.person.link(person.id)),
                .init(label: "Orienter"),
            ], request: request),
            csrf: CSRF.token(for: request), name: person.fullName, barrier: barrier.label, sharing: try await Self.sharing(person.id, on: request.db),
            services: listed.map { hit in
                .init(id: hit.service.id.uuidString.lowercased(), name: hit.service.name, provider: hit.service.provider.name,
                      distance: hit.distanceKm.map { "à \(Int($0.rounded())) km" } ?? "à distance", checked: hit.service.id == chosen)
            },
            reason: reason, errors: errors,
            errorList: order.compactMap { name in errors[name].map { .init(href: "#" + name, message: $0) } },
            action: JourneysPaths.referFromBarrier.link(person.id, barrier.id), cancel: JourneysPaths.person.link(person.id),
            searchHref: ServicesPaths.search.link(query: [("thematique", barrier.category), ("commune", person.communeCode)])
        )).encodeResponse(for: request)
        response.status = status
        return PeoplePages.private(response)
    }
}

/// Brings the services' answers into the barriers they were started from: when the record is
/// shown, and every quarter of an hour for all.
package enum BarrierReferralSync {
    private struct Row: Decodable {
        var personId: UUID
    }

    package static func sync(person: UUID, on database: any Database) async throws {
        for barrier in try await PlanStore.barriers(of: person, on: database) {
            guard let referral = barrier.referralID, let listed = try await ReferralStore.referral(referral, on: database),
                  listed.referral.state.rawValue != barrier.referralState else { continue }
            try await PlanStore.takeAnswer(listed.referral.state, service: listed.serviceName, barrier: barrier, person: person, on: database)
        }
    }

    package static func syncAll(on database: any Database) async throws {
        let people = try await database.sql.raw("""
            SELECT DISTINCT person_id FROM plan_barriers WHERE referral_id IS NOT NULL AND referral_state = \(bind: ReferralState.open.rawValue)
            """).all(decoding: Row.self, table: "plan_barriers", keys: .convertFromSnakeCase)
        for row in people { try await sync(person: row.personId, on: database) }
    }

    package static func job() -> PeriodicJob {
        PeriodicJob("Barrier referrals", every: .seconds(900)) { application in
            try await syncAll(on: application.jobsDB)
        }
    }
}

extension Optional {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        switch self {
        case .some(let value): try await transform(value)
        case .none: nil
        }
    }
}
