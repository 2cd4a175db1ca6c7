import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// Services in the API: the same search as the page, read from the same index.
extension APIHandler {
    package func listServices(_ input: Operations.ListServices.Input) async throws -> Operations.ListServices.Output {
        let query = input.query
        let reference = try app.platform.reference
        let values: [String: [String]] = [
            "commune": [query.commune], "q": query.q.map { [$0] } ?? [], "thematique": query.thematique ?? [], "type": query._type ?? [], "frais": query.frais ?? [],
            "public": query._public ?? [], "mode_accueil": query.modeAccueil ?? [],
            "page": query.page.map { [String($0)] } ?? [], "size": query.size.map { [String($0)] } ?? [],
        ]
        let read = ServiceSearchInput.read({ values[$0] ?? [] }, gazetteer: reference.gazetteer, communeRequired: true)
        guard read.problems.isEmpty, let search = read.query else {
            return .badRequest(.init(body: .json(Self.error(read.problems.joined(separator: " ")))))
        }
        let hits = try await ServiceQueries.search(search, app: app, reference: reference)
        let shown = hits.dropFirst((read.page - 1) * read.size).prefix(read.size)
        let now = Date()
        return .ok(.init(body: .json(.init(
            items: shown.map { serviceSummary($0.service, distance: $0.distanceKm, gazetteer: reference.gazetteer, now: now) },
            total: hits.count, page: read.page, size: read.size, pages: max(1, (hits.count + read.size - 1) / read.size)
        ))))
    }

    package func serviceSummary(_ service: Service, distance: Double?, gazetteer: Gazetteer, now: Date) -> Components.Schemas.ServiceSummary {
        let commune = service.communeCode.flatMap(gazetteer.commune)
        return .init(
            id: service.id.uuidString.lowercased(), name: service.name,
            structure: .init(id: service.provider.structureId?.uuidString.lowercased() ?? service.provider.reference, name: service.provider.name),
            _type: service.type, thematiques: service.thematiques, publics: service.publics, frais: service.fee?.rawValue,
            modesAccueil: service.receptionModes.map(\.rawValue), latitude: service.coordinates?.latitude, longitude: service.coordinates?.longitude,
            commune: commune.map { .init(code: $0.code, name: $0.name.name) }, distanceKm: distance.map { ($0 * 10).rounded() / 10 },
            zoneEligibilite: service.zone.codes, scoreQualite: (QualityScore(service, source: service.source, now: now).value * 100).rounded() / 100,
            url: app.platform.config.publicURL + Links.service(service.id))
    }

    package func getService(_ input: Operations.GetService.Input) async throws -> Operations.GetService.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de service est un UUID."))))
        }
        guard let service = try await ServiceStore.service(id, on: app.db), service.status == .published else {
            return .notFound(.init(body: .json(Self.error("Aucun service publié n’a cet identifiant."))))
        }
        let reference = try app.platform.reference
        // Contacts go to people who sign in (a token), as on the page.
        let signedIn = try await APIRequest.bearerUser() != nil
        return .ok(.init(body: .json(.init(
            value1: serviceSummary(service, distance: nil, gazetteer: reference.gazetteer, now: Date()),
            value2: .init(
                description: service.description, conditionsAcces: service.accessConditions, publicsPrecisions: service.publicsDetails,
                fraisPrecisions: service.feeDetails, adresse: signedIn ? service.address : nil,
                modesMobilisation: service.mobilisationModes.map(\.rawValue), mobilisablePar: service.mobilisers,
                volumeHoraireHebdomadaire: service.weeklyHours, nombreSemaines: service.weeks, dateMaj: DateText.isoDay(service.updatedAt),
                contact: signedIn ? .init(telephone: service.phone, courriel: service.email, lienMobilisation: service.mobilisationLink) : nil
            )
        ))))
    }
}

extension APIHandler {
    package func getServiceDataInclusion(_ input: Operations.GetServiceDataInclusion.Input) async throws -> Operations.GetServiceDataInclusion.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de service est un UUID."))))
        }
        guard let service = try await ServiceStore.service(id, on: app.db), service.status == .published else {
            return .notFound(.init(body: .json(Self.error("Aucun service publié n’a cet identifiant."))))
        }
        var e = DataInclusionService(service, gazetteer: try app.platform.reference.gazetteer, pageURL: app.platform.config.publicURL + Links.service(id))
        // Contacts go to people who sign in, as on the page and in the service's detail.
        if try await APIRequest.bearerUser() == nil {
            e.withoutContacts()
        }
        return .ok(.init(body: .json(.init(
            id: e.id, source: e.source, structureId: e.structureId, nom: e.nom, description: e.description, lienSource: e.lienSource,
            dateMaj: e.dateMaj, _type: e.type, thematiques: e.thematiques, frais: e.frais, fraisPrecisions: e.fraisPrecisions, publics: e.publics,
            publicsPrecisions: e.publicsPrecisions, conditionsAcces: e.conditionsAcces, commune: e.commune, codePostal: e.codePostal,
            codeInsee: e.codeInsee, adresse: e.adresse, complementAdresse: e.complementAdresse, longitude: e.longitude, latitude: e.latitude,
            telephone: e.telephone, courriel: e.courriel, modesAccueil: e.modesAccueil, zoneEligibilite: e.zoneEligibilite,
            contactNomPrenom: e.contactNomPrenom, lienMobilisation: e.lienMobilisation, modesMobilisation: e.modesMobilisation,
            mobilisablePar: e.mobilisablePar, mobilisationPrecisions: e.mobilisationPrecisions,
            volumeHoraireHebdomadaire: e.volumeHoraireHebdomadaire, nombreSemaines: e.nombreSemaines, horairesAccueil: e.horairesAccueil
        ))))
    }
}
