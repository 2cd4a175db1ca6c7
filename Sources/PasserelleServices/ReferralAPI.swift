import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Referrals in the API: the same rules and writes as the pages, behind a token.
extension APIHandler {
    package func createReferral(_ input: Operations.CreateReferral.Input) async throws -> Operations.CreateReferral.Output {
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON.")))) }
        guard let serviceID = UUID(uuidString: body.service), let organisation = UUID(uuidString: body.organisation) else {
            return .badRequest(.init(body: .json(Self.error("service et organisation sont des identifiants (UUID)."))))
        }
        guard let service = try await ServiceStore.service(serviceID, on: app.db), service.status != .draft else {
            return .notFound(.init(body: .json(Self.error("Aucun service publié n’a cet identifiant."))))
        }
        let actor = try await Policy.Actor.of(user.id, on: app.db)
        guard Policy.mayRefer(for: organisation, actor: actor) == .allowed else {
            return .forbidden(.init(body: .json(Self.error("Vous n’orientez qu’au nom d’une structure inclusive ou d’un prescripteur dont vous êtes membre (voir /api/v1/me)."))))
        }
        var draft = ReferralRequest()
        draft.firstName = body.prenom
        draft.lastName = body.nom
        draft.publics = body.publics ?? []
        draft.situation = body.situation ?? ""
        draft.criteriaChecked = body.criteresVerifies ?? false
        draft.preference = body.preferenceContact.rawValue
        draft.phone = body.telephone ?? ""
        draft.email = body.courriel ?? ""
        draft.availability = body.disponibilites ?? ""
        draft.referentName = body.referent
        draft.referentPhone = body.referentTelephone ?? ""
        draft.reason = body.motif
        draft.consent = body.consentement
        switch draft.check(service: service.status) {
        case .failure(let problems):
            if problems[ReferralRequest.Field.service] != nil {
                return .conflict(.init(body: .json(Self.error(problems[ReferralRequest.Field.service]!))))
            }
            return .badRequest(.init(body: .json(Self.error(problems.list.map(\.message).joined(separator: " ")))))
        case .success(let checked):
            let request = try APIRequest.request()
            let id = try await ReferralFlows.send(checked, to: service, from: organisation, by: .init(userID: user.id, label: user.email, address: request.clientAddress),
                                                  publicURL: app.platform.config.publicURL, on: app.db)
            guard let listed = try await ReferralStore.referral(id, on: app.db) else { throw Abort(.internalServerError, reason: "Orientation introuvable après son envoi.") }
            return .created(.init(body: .json(try referral(listed))))
        }
    }

    package func getReferral(_ input: Operations.GetReferral.Input) async throws -> Operations.GetReferral.Output {
        guard let user = try await APIRequest.bearerUser() else {
            return .unauthorized(.init(body: .json(Self.error(Self.missingToken))))
        }
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant d’orientation est un UUID."))))
        }
        let request = try APIRequest.request()
        do {
            let (listed, _) = try await ReferralFlows.read(id, by: user, actor: try await Policy.Actor.of(user.id, on: app.db), channel: "api",
                                                           address: request.clientAddress, on: app.db)
            return .ok(.init(body: .json(try referral(listed))))
        } catch let abort as Abort where abort.status == .notFound {
            return .notFound(.init(body: .json(Self.error(abort.reason))))
        } catch let abort as Abort where abort.status == .forbidden {
            return .forbidden(.init(body: .json(Self.error(abort.reason))))
        }
    }

    package func referral(_ listed: ReferralStore.Listed) throws -> Components.Schemas.Referral {
        let row = listed.referral
        return .init(
            id: row.id.uuidString.lowercased(), etat: try ContractToken.convert(row.state),
            service: .init(id: row.serviceID.uuidString.lowercased(), name: listed.serviceName, structure: listed.providerName),
            orienteePar: .init(id: row.referrerOrganisationID.uuidString.lowercased(), name: listed.referrerName),
            envoyeeLe: row.sentAt, expireLe: row.expiresAt, clotureeLe: row.closedAt, motifRefus: row.refusalReason?.rawValue, precisionsRefus: row.refusalDetails,
            personne: .init(prenom: row.personFirstName, nom: row.personLastName, publics: BarList.split(row.publics), situation: row.situation,
                            criteresVerifies: row.criteriaChecked, preferenceContact: try ContractToken.convert(row.contactPreference),
                            telephone: row.personPhone, courriel: row.personEmail, disponibilites: row.availability),
            referent: .init(nom: row.referentName, telephone: row.referentPhone), motif: row.reason, anonymisee: row.anonymisedAt != nil)
    }
}
