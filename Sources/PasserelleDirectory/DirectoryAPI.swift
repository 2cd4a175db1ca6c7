import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserellePlatform
import Vapor

extension APIHandler {
    package func listStructures(_ input: Operations.ListStructures.Input) async throws -> Operations.ListStructures.Output {
        var raw = input.query.searchInput
        raw.page = input.query.page.map(String.init)
        raw.size = input.query.size.map(String.init)
        let reference = try app.platform.reference
        switch raw.validate(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy) {
        case .failure(let problem):
            return .badRequest(.init(body: .json(Self.error(problem.reason))))
        case .success(let checked):
            let result = try await app.directoryIndex().search(checked)
            var counts: [String: Int] = [:]
            for (kind, count) in result.countsByKind { counts[kind.rawValue] = count }
            return .ok(.init(body: .json(.init(
                items: result.hits.map { Self.summary($0, gazetteer: reference.gazetteer) },
                total: result.total, page: result.page, size: result.size, pages: result.pages,
                countsByKind: .init(additionalProperties: counts)
            ))))
        }
    }

    package func exportStructures(_ input: Operations.ExportStructures.Input) async throws -> Operations.ExportStructures.Output {
        let raw = input.query.searchInput
        let reference = try app.platform.reference
        switch raw.validate(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy) {
        case .failure(let problem):
            return .badRequest(.init(body: .json(Self.error(problem.reason))))
        case .success(let checked):
            let hits = try await app.directoryIndex().allHits(checked)
            let text = DirectoryExport.csv(hits: hits, reference: reference, withSearchColumns: true)
            return .ok(.init(
                headers: .init(contentDisposition: "attachment; filename=\"structures-\(DateText.isoDay(Date())).csv\""),
                body: .csv(HTTPBody(text))
            ))
        }
    }

    package func getStructure(_ input: Operations.GetStructure.Input) async throws -> Operations.GetStructure.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de structure est un UUID."))))
        }
        guard let structure = try await DirectoryQueries.structure(id: id, on: app.db, includingHidden: false) else {
            return .notFound(.init(body: .json(Self.error("Aucune structure n’a cet identifiant."))))
        }
        return .ok(.init(body: .json(Self.detail(structure, reference: try app.platform.reference))))
    }

    package func getStructureDataInclusion(_ input: Operations.GetStructureDataInclusion.Input) async throws -> Operations.GetStructureDataInclusion.Output {
        guard let id = UUID(uuidString: input.path.id) else {
            return .badRequest(.init(body: .json(Self.error("Identifiant invalide : un identifiant de structure est un UUID."))))
        }
        guard let structure = try await DirectoryQueries.structure(id: id, on: app.db, includingHidden: false) else {
            return .notFound(.init(body: .json(Self.error("Aucune structure n’a cet identifiant."))))
        }
        let exported = DataInclusion.export(structure, gazetteer: try app.platform.reference.gazetteer, profileURL: app.platform.config.publicURL + Links.structure(id))
        return .ok(.init(body: .json(.init(
            id: exported.id, source: exported.source, nom: exported.nom, dateMaj: exported.dateMaj, siret: exported.siret,
            description: exported.description, adresse: exported.adresse, complementAdresse: exported.complementAdresse,
            commune: exported.commune, codePostal: exported.codePostal, codeInsee: exported.codeInsee,
            latitude: exported.latitude, longitude: exported.longitude, telephone: exported.telephone,
            courriel: exported.courriel, siteWeb: exported.siteWeb, lienSource: exported.lienSource,
            horairesAccueil: exported.horairesAccueil, accessibiliteLieu: exported.accessibiliteLieu,
            reseauxPorteurs: exported.reseauxPorteurs
        ))))
    }

    package func listSectors(_ input: Operations.ListSectors.Input) async throws -> Operations.ListSectors.Output {
        let taxonomy = try app.platform.reference.taxonomy
        let groups = taxonomy.groups.map { group in
            Components.Schemas.SectorGroup(slug: group.slug, name: group.name, sectors: group.sectors.map { .init(slug: $0.slug, name: $0.name) })
        }
        return .ok(.init(body: .json(.init(items: groups, total: groups.count))))
    }

    // MARK: Mapping core → contract

    package static func summary(_ hit: StructureHit, gazetteer: Gazetteer) -> Components.Schemas.StructureSummary {
        let structure = hit.structure
        let commune = structure.communeCode.flatMap(gazetteer.commune)
        return Components.Schemas.StructureSummary(
            id: structure.id.uuidString.lowercased(), siret: structure.siret, name: structure.name, brand: structure.brand,
            kind: Components.Schemas.StructureKind(rawValue: structure.kind.rawValue)!,
            commune: commune.map { .init(code: $0.code, name: $0.name.name) }, departement: commune?.departementCode,
            latitude: structure.coordinates?.latitude, longitude: structure.coordinates?.longitude,
            sectors: structure.sectorSlugs, distanceKm: hit.distanceKm.map { ($0 * 10).rounded() / 10 }, reasons: hit.reasons
        )
    }

    package static func detail(_ structure: Structure, reference: ReferenceData) -> Components.Schemas.StructureDetail {
        let gazetteer = reference.gazetteer
        let commune = structure.communeCode.flatMap(gazetteer.commune)
        let departement = commune.flatMap { gazetteer.departement($0.departementCode) }
        let region = commune.flatMap { gazetteer.region($0.regionCode) }
        return Components.Schemas.StructureDetail(
            id: structure.id.uuidString.lowercased(), siret: structure.siret, name: structure.name, brand: structure.brand,
            kind: Components.Schemas.StructureKind(rawValue: structure.kind.rawValue)!, kindLabel: structure.kind.label,
            description: structure.description, address: structure.address,
            commune: commune.map { .init(code: $0.code, name: $0.name.name) }, postalCode: commune?.postalCodes.first,
            departement: departement.map { .init(code: $0.code, name: $0.name.name) },
            region: region.map { .init(code: $0.code, name: $0.name.name) },
            latitude: structure.coordinates?.latitude, longitude: structure.coordinates?.longitude,
            phone: structure.phone, email: structure.email, website: structure.website, networks: structure.networks,
            labels: structure.labels, insertionStaff: structure.insertionStaff, permanentStaff: structure.permanentStaff,
            yearFounded: structure.yearFounded, clientReferences: structure.clientReferences, inQpv: structure.inQPV,
            inZrr: structure.inZRR, updatedAt: DateText.isoDay(structure.updatedAt),
            activities: structure.activities.map { activity in
                let reach: Components.Schemas.Reach
                switch activity.reach {
                case .national:
                    reach = .init(kind: .national, description: gazetteer.describe(activity.reach, aroundCommune: structure.communeCode))
                case .radius(let km):
                    reach = .init(kind: .radius, radiusKm: km, description: gazetteer.describe(activity.reach, aroundCommune: structure.communeCode))
                case .perimeters(let perimeters):
                    reach = .init(kind: .perimeters, perimeters: perimeters.map(\.token), description: gazetteer.describe(activity.reach, aroundCommune: structure.communeCode))
                }
                return Components.Schemas.Activity(
                    sector: activity.sectorSlug, sectorName: reference.taxonomy.sector(activity.sectorSlug)?.name ?? activity.sectorSlug,
                    serviceTypes: activity.serviceTypes.compactMap { Components.Schemas.ServiceType(rawValue: $0.rawValue) },
                    reach: reach, description: activity.description
                )
            }
        )
    }
}

/// The search parameters shared by the list and the CSV export, whose generated query types are
/// distinct but alike.
package protocol StructureSearchParameters {
    var q: Components.Parameters.Q? { get }
    var kind: Components.Parameters.Kind? { get }
    var sector: Components.Parameters.Sector? { get }
    var sectorGroup: Components.Parameters.SectorGroup? { get }
    var serviceType: Components.Parameters.ServiceType? { get }
    var covers: Components.Parameters.Covers? { get }
    var near: Components.Parameters.Near? { get }
    var radiusKm: Components.Parameters.RadiusKm? { get }
    var departement: Components.Parameters.Departement? { get }
    var region: Components.Parameters.Region? { get }
    var sort: Components.Parameters.Sort? { get }
}

extension StructureSearchParameters {
    /// The parameters as the core checks them, whatever the page or API they came from.
    package var searchInput: StructureQuery.Input {
        StructureQuery.Input(
            q: q, kind: (kind ?? []).map(\.rawValue), sector: sector ?? [], sectorGroup: sectorGroup ?? [],
            serviceType: (serviceType ?? []).map(\.rawValue), covers: covers, near: near,
            radiusKm: radiusKm.map { String($0) }, departement: departement, region: region, sort: sort?.rawValue
        )
    }
}

extension Operations.ListStructures.Input.Query: StructureSearchParameters {}
extension Operations.ExportStructures.Input.Query: StructureSearchParameters {}

/// The directory's CSV files: the same columns for the API export, the page's download and
/// `passerelle export structures --format csv`.
package enum DirectoryExport {
    package static func csv(hits: [StructureHit], reference: ReferenceData, withSearchColumns: Bool) -> String {
        let columns = withSearchColumns ? StructureSheet.Column.allCases : StructureSheet.exportColumns
        var writer = CSV.Writer()
        writer.append(columns.map(\.rawValue))
        for hit in hits {
            writer.append(StructureSheet.row(
                for: hit.structure, gazetteer: reference.gazetteer, taxonomy: reference.taxonomy,
                distanceKm: hit.distanceKm, reasons: hit.reasons, columns: columns
            ))
        }
        return writer.text
    }
}
