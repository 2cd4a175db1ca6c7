import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserellePlatform
import Vapor

/// Immersion agreements and skills profiles in the API, behind a token: read by the teams that
/// keep them, with the same audit as the pages. Writing and signing stay on the pages, where each
/// party's link and the team's session say who signs.
extension APIHandler {
    package func listImmersions(_ input: Operations.ListImmersions.Input) async throws -> Operations.ListImmersions.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        let page = input.query.page ?? 1, size = input.query.size ?? 20
        guard (1...100_000).contains(page), (1...100).contains(size) else {
            return .badRequest(.init(body: .json(Self.error("page va de 1 à 100 000 et size de 1 à 100."))))
        }
        let actor = try await Policy.Actor.of(user.id, on: app.db)
        let teams = Array(Set(actor.memberships.compactMap(\.organisation)))
        let found = try await ImmersionStore.list(of: teams, state: input.query.state.flatMap { ImmersionState(rawValue: $0.rawValue) },
                                                  offset: (page - 1) * size, limit: size, on: app.db)
        try await Audit.record(.immersionRead, actorID: user.id, actor: user.email, object: "immersions", detail: "api : liste, \(found.items.count) conventions",
                               address: try APIRequest.request().clientAddress, on: app.db)
        return .ok(.init(body: .json(.init(items: try found.items.map(Self.immersion), total: found.total, page: page, size: size,
                                           pages: max(1, (found.total + size - 1) / size)))))
    }

    package func getImmersion(_ input: Operations.GetImmersion.Input) async throws -> Operations.GetImmersion.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        guard let id = UUID(uuidString: input.path.id) else { return .badRequest(.init(body: .json(Self.error("Identifiant invalide : une convention a un UUID.")))) }
        do {
            let agreement = try await ImmersionFlows.read(id, by: user, actor: try await Policy.Actor.of(user.id, on: app.db), channel: "api",
                                                          address: try APIRequest.request().clientAddress, on: app.db)
            return .ok(.init(body: .json(try Self.immersion(agreement))))
        } catch let abort as Abort where abort.status == .notFound {
            return .notFound(.init(body: .json(Self.error(abort.reason))))
        }
    }

    static func immersion(_ agreement: ImmersionRecord) throws -> Components.Schemas.Immersion {
        .init(id: agreement.id.uuidString.lowercased(), state: try ContractToken.convert(agreement.state), version: agreement.version,
              personId: agreement.personID?.uuidString.lowercased(), firstName: agreement.firstName, lastName: agreement.lastName,
              beneficiaryEmail: agreement.beneficiaryEmail,
              host: .init(name: agreement.hostName, siret: agreement.hostSiret, contact: agreement.hostContact, email: agreement.hostEmail),
              tutor: agreement.tutorName, romeTitle: agreement.romeTitle, romeCode: agreement.romeCode, objective: agreement.objective, commune: agreement.communeCode,
              startsOn: agreement.startsOn, endsOn: agreement.endsOn, weeklyHours: agreement.weeklyHours, dailyHours: agreement.dailyHours, schedule: agreement.schedule,
              signatures: .init(beneficiaire: agreement.beneficiarySignedAt, entreprise: agreement.hostSignedAt, prescripteur: agreement.prescriberSignedAt),
              validatedAt: agreement.validatedAt, closingReason: agreement.closingReason, endedInHiring: agreement.endedInHiring)
    }

    package func listProfiles(_ input: Operations.ListProfiles.Input) async throws -> Operations.ListProfiles.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        let actor = try await Policy.Actor.of(user.id, on: app.db)
        let profiles = try await ProfileStore.profiles(ofStructures: Policy.accompaniedStructures(of: actor), on: app.db)
        try await Audit.record(.profileRead, actorID: user.id, actor: user.email, object: "profils", detail: "api : liste, \(profiles.count) profils",
                               address: try APIRequest.request().clientAddress, on: app.db)
        return .ok(.init(body: .json(.init(items: profiles.map { profile in
            .init(id: profile.id.uuidString.lowercased(), personId: profile.personID.uuidString.lowercased(), projects: profile.projects, skills: profile.skills,
                  radiusKm: profile.radiusKm, mobility: profile.mobility, availableFrom: profile.availableFrom, languages: profile.languages,
                  licences: profile.licences, contactConsent: profile.contactConsent, updatedAt: profile.updatedAt)
        }))))
    }
}
