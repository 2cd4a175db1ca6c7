import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import Vapor

/// A service's public page: what it offers, for whom, where; its contacts for people signed in.
package struct ServicePages: RouteCollection {
    package func boot(routes: any RoutesBuilder) throws {
        routes.get(ServicesPaths.service, use: show)
    }

    package struct Fact: Encodable {
        package var label: String
        package var value: String
        package var href: String? = nil
    }

    package struct ServiceContext: Encodable {
        package var layout: Layout
        package var name: String
        package var provider: String
        package var providerHref: String?
        package var type: String?
        package var description: [String]
        package var categories: [String]
        package var thematiques: [String]
        package var facts: [Fact]
        package var contacts: [Fact]
        package var loginHref: String?
        package var referHref: String
        package var quality: Int
        package var updated: String
        package var apiHref: String
    }

    package func show(request: Request) async throws -> View {
        guard let id = request.parameters.get("id").flatMap(UUID.init(uuidString:)),
              let service = try await ServiceStore.service(id, on: request.db), service.status == .published else {
            throw Abort(.notFound, reason: "Ce service n’existe pas ou n’est plus publié.")
        }
        let gazetteer = try request.platform.reference.gazetteer
        let commune = service.communeCode.flatMap(gazetteer.commune)
        var facts: [Fact] = []
        func add(_ label: String, _ value: String?) {
            if let value, !value.isEmpty { facts.append(Fact(label: label, value: value)) }
        }
        add("Publics", service.publics.map { ServiceVocabulary.label($0, in: ServiceVocabulary.publics) }.joined(separator: ", "))
        add("Précisions sur les publics", service.publicsDetails)
        add("Conditions d’accès", service.accessConditions)
        add("Frais", service.fee.map { ServiceVocabulary.label($0.rawValue, in: ServiceVocabulary.fees) + (service.feeDetails.map { " — \($0)" } ?? "") })
        add("Accueil", service.receptionModes.map { ServiceVocabulary.label($0.rawValue, in: ServiceVocabulary.receptionModes) }.joined(separator: ", "))
        add("Lieu", commune.map { "\($0.name.name) (\($0.departementCode))" })
        add("Zone d’éligibilité", service.zone.describe(in: gazetteer))
        add("Mobilisation", service.mobilisationModes.map { ServiceVocabulary.label($0.rawValue, in: ServiceVocabulary.mobilisationModes) }.joined(separator: ", "))
        add("Mobilisable par", service.mobilisers.map { ServiceVocabulary.label($0, in: ServiceVocabulary.mobilisers) }.joined(separator: ", "))
        add("Durée", [service.weeklyHours.map { "\(String(format: "%g", $0).replacingOccurrences(of: ".", with: ",")) h par semaine" }, service.weeks.map { "\($0) semaine\($0 > 1 ? "s" : "")" }].compactMap { $0 }.joined(separator: ", "))
        let signedIn = request.signedInUser != nil
        var contacts: [Fact] = []
        if signedIn {
            for (label, value) in [("Adresse", service.address.map { [$0, commune.map { "\($0.postalCodes.first ?? "") \($0.name.name)" }].compactMap { $0 }.joined(separator: ", ") }),
                                   ("Téléphone", service.phone), ("Courriel", service.email), ("Lien", service.mobilisationLink), ("Contact", service.contactName)] {
                guard let value, !value.isEmpty else { continue }
                let href: String? = switch label {
                case "Téléphone": "tel:" + value.filter { $0.isNumber || $0 == "+" }
                case "Courriel": "mailto:" + value
                case "Lien": value
                default: nil
                }
                contacts.append(Fact(label: label, value: value, href: href))
            }
        }
        return try await request.view.render("services/service", ServiceContext(
            layout: Layout(title: "\(service.name) — \(service.provider.name) — Passerelle", section: "services",
                           breadcrumbs: [.init(label: "Services des partenaires", href: ServicesPaths.search.link()), .init(label: service.name)], request: request),
            name: service.name, provider: service.provider.name, providerHref: service.provider.structureId.map(Links.structure),
            type: service.type.map { ServiceVocabulary.label($0, in: ServiceVocabulary.types) }, description: Paragraphs.of(service.description),
            categories: service.categories.map(\.label), thematiques: service.thematiques.compactMap { ServiceVocabulary.thematique($0)?.label },
            facts: facts, contacts: contacts, loginHref: signedIn ? nil : Links.login(next: Links.service(service.id)), referHref: Links.referTo(service.id),
            quality: QualityScore(service, source: service.source, now: Date()).percent, updated: DateText.frenchDay(service.updatedAt),
            apiHref: "/api/v1/services/\(service.id.uuidString.lowercased())"
        ))
    }
}
