import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleAccounts
import PasserelleCore
import PasserelleJourneys
import PasserellePlatform
import Vapor

/// Applications in the API, behind a token: the same rules, writes and audit as the pages.
extension APIHandler {
    package func createApplication(_ input: Operations.CreateApplication.Input) async throws -> Operations.CreateApplication.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON.")))) }
        guard let offerID = UUID(uuidString: input.path.id), let team = UUID(uuidString: body.organisation) else {
            return .badRequest(.init(body: .json(Self.error("L’offre et organisation sont des identifiants (UUID)."))))
        }
        let actor = try await Policy.Actor.of(user.id, on: app.db)
        guard ApplicationPolicy.applicants(actor).contains(team) else {
            return .forbidden(.init(body: .json(Self.error("Vous ne candidatez qu’au nom de l’équipe vérifiée d’une structure "
                + "inclusive ou d’un prescripteur dont vous êtes membre (voir /api/v1/me)."))))
        }
        guard let offer = try await OfferStore.offer(offerID, on: app.db), offer.publishedAt != nil else {
            return .notFound(.init(body: .json(Self.error("Aucune offre publiée ne porte cet identifiant."))))
        }
        let request = try APIRequest.request()
        var draft = ApplicationDraft()
        draft.firstName = body.firstName ?? ""
        draft.lastName = body.lastName ?? ""
        draft.phone = body.phone ?? ""
        draft.email = body.email ?? ""
        draft.message = body.message ?? ""
        draft.consent = body.consent
        var person: UUID?
        if let text = body.person {
            let reader = PeopleAccess.Reader(user: user, actor: actor, channel: "api", address: request.clientAddress)
            guard let id = UUID(uuidString: text) else { return .badRequest(.init(body: .json(Self.error("person : un identifiant (UUID).")))) }
            let followed: PeopleStore.Person
            do {
                followed = try await PeopleAccess.person(id, for: reader, logRead: true, on: app.db)
            } catch let abort as Abort where abort.status == .notFound {
                return .notFound(.init(body: .json(Self.error(abort.reason))))
            }
            guard actor.memberships.contains(where: { $0.organisation == team && $0.structure == followed.structureID }) else {
                return .badRequest(.init(body: .json(Self.error("person : cette personne est suivie par une autre de vos structures ; candidatez au nom de celle-ci."))))
            }
            person = followed.id
            (draft.firstName, draft.lastName) = (followed.firstName, followed.lastName)
            if draft.phone.isEmpty { draft.phone = followed.phone ?? "" }
            if draft.email.isEmpty { draft.email = followed.email ?? "" }
        }
        switch draft.check() {
        case .failure(let problems):
            return .badRequest(.init(body: .json(Self.error(problems.list.map(\.message).joined(separator: " ")))))
        case .success(let checked):
            switch try await ApplicationFlows.send(checked, person: person, to: offer, from: team, by: .init(userID: user.id, label: user.email, address: request.clientAddress),
                                                   publicURL: app.platform.config.publicURL, on: app.db) {
            case .failure(let refusal): return .conflict(.init(body: .json(Self.error(refusal.message))))
            case .success(let id):
                guard let listed = try await ApplicationStore.application(id, on: app.db) else { throw Abort(.internalServerError, reason: "Candidature introuvable après son envoi.") }
                return .created(.init(body: .json(try await jobApplication(listed))))
            }
        }
    }

    package func getApplication(_ input: Operations.GetApplication.Input) async throws -> Operations.GetApplication.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        guard let id = UUID(uuidString: input.path.id) else { return .badRequest(.init(body: .json(Self.error("Identifiant invalide : une candidature a un UUID.")))) }
        do {
            let (listed, _) = try await ApplicationFlows.read(id, by: user, actor: try await Policy.Actor.of(user.id, on: app.db), channel: "api",
                                                             address: try APIRequest.request().clientAddress, on: app.db)
            return .ok(.init(body: .json(try await jobApplication(listed))))
        } catch let abort as Abort where abort.status == .notFound {
            return .notFound(.init(body: .json(Self.error(abort.reason))))
        }
    }

    package func listApplications(_ input: Operations.ListApplications.Input) async throws -> Operations.ListApplications.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        let page = input.query.page ?? 1, size = input.query.size ?? 20
        guard (1...100_000).contains(page), (1...100).contains(size) else {
            return .badRequest(.init(body: .json(Self.error("page va de 1 à 100 000 et size de 1 à 100."))))
        }
        let actor = try await Policy.Actor.of(user.id, on: app.db)
        let side: ApplicationStore.Side = input.query.side == .received ? .received(OfferEmployers.of(actor)) : .sent(ApplicationPolicy.applicants(actor))
        let state = input.query.state.flatMap { JobApplicationState(rawValue: $0.rawValue) }
        let found = try await ApplicationStore.list(side, state: state, offset: (page - 1) * size, limit: size, on: app.db)
        try await Audit.record(.applicationRead, actorID: user.id, actor: user.email, object: "candidatures",
                               detail: "api : liste, \(found.items.count) candidatures", address: try APIRequest.request().clientAddress, on: app.db)
        var items: [Components.Schemas.JobApplication] = []
        for listed in found.items { items.append(try await jobApplication(listed)) }
        return .ok(.init(body: .json(.init(items: items, total: found.total, page: page, size: size, pages: max(1, (found.total + size - 1) / size)))))
    }

    func jobApplication(_ listed: ApplicationStore.Listed) async throws -> Components.Schemas.JobApplication {
        let application = listed.application
        let applicant = try await OrganisationQueries.name(of: application.applicantOrganisationID, on: app.db) ?? "—"
        return .init(
            id: application.id.uuidString.lowercased(), offer: .init(id: application.offerID.uuidString.lowercased(), title: listed.offerTitle),
            employer: listed.employerName, applicant: applicant, state: try ContractToken.convert(application.state), refusal: application.refusalReason?.rawValue,
            employerNote: application.employerNote, sentAt: application.sentAt, changedAt: application.changedAt, firstName: application.firstName,
            lastName: application.lastName, phone: application.phone, email: application.email,
            message: application.message.isEmpty ? nil : application.message)
    }
}
