import Foundation
import OpenAPIRuntime
import PasserelleAPI
import PasserelleCore
import PasserellePlatform
import Vapor

/// The companies' public pages in the API: the same query (`CompanyStore.search`) as the list
/// and its CSV; a page not public answers 404, as on the site.
extension APIHandler {
    package func listCompanies(_ input: Operations.ListCompanies.Input) async throws -> Operations.ListCompanies.Output {
        let parameters = input.query
        guard (parameters.bridge?.count ?? 0) <= 5 else { return .badRequest(.init(body: .json(Self.error("bridge se répète 5 fois au plus.")))) }
        if let page = parameters.page, !(1...100_000).contains(page) {
            return .badRequest(.init(body: .json(Self.error("page : de 1 à 100 000."))))
        }
        if let size = parameters.size, !(1...100).contains(size) { return .badRequest(.init(body: .json(Self.error("size : de 1 à 100.")))) }
        if (parameters.q ?? "").count > 200 { return .badRequest(.init(body: .json(Self.error("q : 200 caractères au plus.")))) }
        var query = CompanyQuery()
        query.words = Array(SearchText.words(parameters.q ?? "").prefix(5))
        query.bridges = (parameters.bridge ?? []).compactMap { CompanyBridge(rawValue: $0.rawValue) }
        if let departement = parameters.departement, !departement.isEmpty {
            guard try app.platform.reference.gazetteer.departement(departement) != nil else {
                return .badRequest(.init(body: .json(Self.error("departement : un code de département, comme 59 ou 2A."))))
            }
            query.departement = departement
        }
        query.page = parameters.page ?? 1
        query.size = parameters.size ?? 20
        let found = try await CompanyStore.search(query, on: app.db)
        return .ok(.init(body: .json(.init(items: try found.companies.map(companyBody), total: found.total, page: query.page, size: query.size,
                                           pages: (found.total + query.size - 1) / query.size))))
    }

    package func getCompany(_ input: Operations.GetCompany.Input) async throws -> Operations.GetCompany.Output {
        guard let id = UUID(uuidString: input.path.id) else { return .badRequest(.init(body: .json(Self.error("id : un identifiant (UUID) est attendu.")))) }
        guard let company = try await CompanyStore.company(id, on: app.db), company.isPublic else {
            return .notFound(.init(body: .json(Self.error("Aucune page d’entreprise publique ne porte cet identifiant."))))
        }
        return .ok(.init(body: .json(try companyBody(company))))
    }

    func companyBody(_ company: CompanyRecord) throws -> Components.Schemas.Company {
        let gazetteer = try app.platform.reference.gazetteer
        let reference = app.jobsReference
        // Only a public page is answered, and a public page was written.
        guard let page = company.page, let size = Components.Schemas.Company.SizeBandPayload(rawValue: page.size.rawValue) else {
            throw Abort(.notFound, reason: "Aucune page d’entreprise publique ne porte cet identifiant.")
        }
        let commune = company.communeCode.flatMap(gazetteer.commune)
        return Components.Schemas.Company(
            id: company.id.uuidString.lowercased(), name: company.name, siret: company.siret,
            commune: commune.map { .init(code: $0.code, name: $0.name.name) },
            naf: page.naf.flatMap { code in reference.naf.label(code).map { .init(code: code, label: $0) } },
            sizeBand: size, bridges: page.bridges.compactMap { .init(rawValue: $0.rawValue) },
            immersionTitles: page.immersionTitles.compactMap { code in reference.rome.title(code).map { .init(code: code, label: $0.label) } },
            presentation: page.presentation, commitments: page.commitments, labels: page.labels, website: page.website,
            url: app.platform.config.publicURL + JobsPaths.company.link(company.id))
    }
}
