import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Publishing services through the API: the same form rules (`ServiceDraft`), rights and writes as
/// « Mes services ».
extension APIHandler {
    package func createService(_ input: Operations.CreateService.Input) async throws -> Operations.CreateService.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON.")))) }
        let memberships = try await OrganisationQueries.memberships(of: user.id, on: app.db)
        guard let organisation = body.organisation.flatMap(UUID.init(uuidString:)),
              let publisher = memberships.first(where: { $0.organisationID == organisation }),
              PublisherPages.publishingKinds.contains(publisher.kind) else {
            return .forbidden(.init(body: .json(Self.error("organisation : une organisation partenaire ou une structure inclusive dont vous êtes membre (voir /api/v1/me)."))))
        }
        let blank = Service(provider: ServiceProvider(name: publisher.name, organisationId: organisation,
                                                      structureId: publisher.kind == .structure ? publisher.structureID : nil),
                            source: "passerelle", name: "", description: "", status: .draft, updatedAt: Date())
        switch try written(body, onto: blank) {
        case .failure(let reason): return .badRequest(.init(body: .json(Self.error(reason))))
        case .success(var service):
            service.sourceId = service.id.uuidString.lowercased()
            try await PublisherPages.write(service, .serviceCreated, detail: service.name, by: user, address: try APIRequest.request().clientAddress, application: app)
            return .created(.init(body: .json(try saved(service))))
        }
    }

    package func updateService(_ input: Operations.UpdateService.Input) async throws -> Operations.UpdateService.Output {
        guard let user = try await APIRequest.bearerUser() else { return .unauthorized(.init(body: .json(Self.error(Self.missingToken)))) }
        guard let id = UUID(uuidString: input.path.id) else { return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de service est un UUID.")))) }
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(Self.error("Le corps doit être un objet JSON.")))) }
        guard let existing = try await ServiceStore.service(id, on: app.db) else { return .notFound(.init(body: .json(Self.error("Aucun service n’a cet identifiant.")))) }
        guard Policy.decide(.edit, on: .init(existing), for: try await Policy.Actor.of(user.id, on: app.db)) == .allowed else {
            // A draft or archived service is its publisher's: to others it does not exist.
            guard existing.status == .published else { return .notFound(.init(body: .json(Self.error("Aucun service n’a cet identifiant.")))) }
            return .forbidden(.init(body: .json(Self.error("Seuls les membres de l’organisation qui publie « \(existing.name) » le modifient."))))
        }
        switch try written(body, onto: existing) {
        case .failure(let reason): return .badRequest(.init(body: .json(Self.error(reason))))
        case .success(let service):
            try await PublisherPages.write(service, .serviceEdited, detail: service.name, by: user, address: try APIRequest.request().clientAddress, application: app)
            return .ok(.init(body: .json(try saved(service))))
        }
    }

    /// The body read as the form would be, checked by the same rules.
    private func written(_ body: Components.Schemas.ServiceInput, onto service: Service) throws -> Result<Service, String> {
        var draft = ServiceDraft()
        draft.name = body.nom
        draft.description = body.description
        draft.type = body._type ?? ""
        draft.thematiques = body.thematiques
        draft.publics = body.publics ?? []
        draft.publicsDetails = body.publicsPrecisions ?? ""
        draft.fee = body.frais ?? ""
        draft.feeDetails = body.fraisPrecisions ?? ""
        draft.accessConditions = body.conditionsAcces ?? ""
        draft.receptionModes = body.modesAccueil.map(\.rawValue)
        draft.zone = (body.zoneEligibilite ?? []).joined(separator: " ")
        draft.address = body.adresse ?? ""
        draft.communeCode = body.codeInsee ?? ""
        draft.phone = body.telephone ?? ""
        draft.email = body.courriel ?? ""
        draft.contactName = body.contactNomPrenom ?? ""
        draft.mobilisationLink = body.lienMobilisation ?? ""
        draft.mobilisationModes = (body.modesMobilisation ?? []).map(\.rawValue)
        draft.mobilisers = body.mobilisablePar ?? []
        draft.mobilisationDetails = body.mobilisationPrecisions ?? ""
        draft.weeklyHours = body.volumeHoraireHebdomadaire.map { String($0) } ?? ""
        draft.weeks = body.nombreSemaines.map(String.init) ?? ""
        var (service, problems) = draft.apply(to: service, gazetteer: try app.platform.reference.gazetteer, now: Date())
        if let status = body.statut { service.status = try ContractToken.convert(status) }
        return problems.isEmpty ? .success(service) : .failure(problems.map { "\($0.field) : \($0.message)" }.joined(separator: " "))
    }

    private func saved(_ service: Service) throws -> Components.Schemas.ServiceSaved {
        let quality = QualityScore(service, source: service.source, now: Date())
        return .init(id: service.id.uuidString.lowercased(), statut: try ContractToken.convert(service.status),
                     scoreQualite: (quality.value * 100).rounded() / 100, aAmeliorer: quality.toImprove.compactMap(\.advice),
                     url: app.platform.config.publicURL + Links.service(service.id))
    }
}
