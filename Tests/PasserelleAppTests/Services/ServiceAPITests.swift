import Foundation
import PasserelleCore
@testable import PasserelleServices
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Services: demo, search around a commune in the API, service page")
struct ServiceAPITests {
    @Test func theDemoHasServicesOfEveryCategoryInHautsDeFrance() async throws {
        try await withPasserelle(.demo) { app in
            let services = try await ServiceStore.all(on: app.db)
            #expect(services.count >= 300)
            #expect(Set(services.flatMap(\.categories).map(\.slug)).count == 16)
            #expect(services.contains { $0.receptionModes == [.remote] })
            let gazetteer = try app.platform.reference.gazetteer
            #expect(services.compactMap(\.communeCode).allSatisfy { gazetteer.commune($0)?.regionCode == "32" })
            #expect(services.allSatisfy { ServiceRules.validate($0, gazetteer: gazetteer).isEmpty })
        }
    }

    @Test func frenchLessonsNearRoubaixNearestFirstWithRemoteOnesAmongThem() async throws {
        try await withPasserelle(.demo) { app in
            let body = try await app.get("/api/v1/services?commune=59512&thematique=lecture-ecriture-calcul&size=100").json
            let items = body["items"].array
            #expect(!items.isEmpty && body["total"].int == items.count)
            #expect(items.allSatisfy { $0["thematiques"].array.contains { $0.string?.hasPrefix("lecture-ecriture-calcul--") == true } })
            let distances = items.compactMap { $0["distance_km"].double }
            #expect(!distances.isEmpty && distances == distances.sorted() && distances.allSatisfy { $0 <= 50 })
            let remote = items.filter { $0["distance_km"].isNull }
            #expect(remote.allSatisfy { $0["modes_accueil"].array.contains { $0.string == "a-distance" } })
            #expect(items.allSatisfy { $0["structure"]["name"].string?.isEmpty == false && $0["score_qualite"].double != nil })
            // One thématique is narrower than its category.
            let one = try await app.get("/api/v1/services?commune=59512&thematique=lecture-ecriture-calcul--maitriser-le-francais&size=100").json
            #expect(one["total"].int ?? 0 > 0 && one["total"].int ?? 0 <= items.count)
            let paying = try await app.get("/api/v1/services?commune=59512&frais=payant&mode_accueil=en-presentiel&size=100").json
            #expect(paying["items"].array.allSatisfy { $0["frais"].string == "payant" && $0["modes_accueil"].array.contains { $0.string == "en-presentiel" } })
        }
    }

    @Test func unknownValuesAreRefusedWithTheAllowedOnes() async throws {
        try await withPasserelle(.demo) { app in
            let theme = try await app.get("/api/v1/services?commune=59512&thematique=cuisine")
            let themeBody = try theme.json
            #expect(theme.status == .badRequest && themeBody["error"].bool == true)
            #expect(themeBody["reason"].string?.contains("sante") == true)
            let commune = try await app.get("/api/v1/services?commune=99999")
            let communeReason = try commune.json["reason"].string
            #expect(commune.status == .badRequest && communeReason?.contains("99999") == true)
            let type = try await app.get("/api/v1/services?commune=59512&type=cours")
            let typeReason = try type.json["reason"].string
            #expect(type.status == .badRequest && typeReason?.contains("accompagnement, aide-financiere") == true)
            #expect(try await app.get("/api/v1/services").status == .badRequest)
            #expect(try await app.get("/api/v1/services/pas-un-uuid").status == .badRequest)
            #expect(try await app.get("/api/v1/services/\(UUID())").status == .notFound)
        }
    }

    @Test func theServicePageHidesContactsFromVisitors() async throws {
        try await withPasserelle(.demo) { app in
            let service = try #require(try await ServiceStore.all(on: app.db).first { $0.phone != nil && $0.isOnSite })
            let visitor = try await app.get(Links.service(service.id)).body.text
            #expect(visitor.contains(service.name) && visitor.contains("Connectez-vous</a> pour voir l’adresse"))
            #expect(!visitor.contains(service.phone!))
            let member = try await Persona.partner.browser(app)
            let page = try await member.get(Links.service(service.id)).body.text
            #expect(page.contains(service.phone!))
            let detail = try await app.get("/api/v1/services/\(service.id.uuidString.lowercased())").json
            #expect(detail["contact"].isNull && detail["description"].string == service.description)
            #expect(try await app.get(Links.service(UUID())).status == .notFound)
        }
    }

    @Test func theSearchPageFindsFrenchLessonsNearRoubaixAndExportsThem() async throws {
        try await withPasserelle(.demo) { app in
            let empty = try await app.get("/services")
            #expect(empty.status == .ok && empty.body.text.contains("Indiquez la commune où habite la personne"))
            let api = try await app.get("/api/v1/services?commune=59512&thematique=lecture-ecriture-calcul&size=100").json
            let page = try await app.get("/services?commune_q=Roubaix&thematique=lecture-ecriture-calcul").body.text
            let total = try #require(api["total"].int)
            #expect(page.contains("\(total) services pour une personne qui habite Roubaix"))
            #expect(page.contains(try #require(api["items"][0]["name"].string)))
            #expect(page.contains("id=\"cat-lecture-ecriture-calcul\" name=\"thematique\" value=\"lecture-ecriture-calcul\" checked"))
            let unknown = try await app.get("/services?commune_q=Nulle-part-sur-mer").body.text
            #expect(unknown.contains("Commune inconnue « Nulle-part-sur-mer »") && !unknown.contains("Télécharger la liste"))
            #expect(try await app.get("/services?commune=59512&type=cours").body.text.contains("type : valeur inconnue « cours »"))
            // Words instead of boxes: the same French lessons, through the synonyms.
            let french = try #require(try await app.get("/api/v1/services?commune=59512&thematique=lecture-ecriture-calcul--maitriser-le-francais").json["total"].int)
            let byWords = try await app.get("/api/v1/services?commune=59512&q=FLE&size=100").json
            #expect(try byWords["total"].int == french && french > 0)
            #expect(try await app.get("/services?commune_q=Roubaix&q=cours+de+fran%C3%A7ais").body.text.contains("\(french) services pour une personne qui habite Roubaix"))
            #expect(try await app.get("/services?commune_q=Roubaix&q=xylophone").body.text.contains("Aucun besoin ne correspond à « xylophone »"))

            let visitor = try await app.get("/services.csv?commune=59512&thematique=lecture-ecriture-calcul")
            #expect(visitor.headers.contentType?.subType == "csv")
            let rows = try CSV.parse(visitor.body.text).map(\.fields)
            #expect(rows.count == total + 1 && rows[0].first == "Service")
            let phone = try #require(rows[0].firstIndex(of: "Téléphone"))
            #expect(rows.dropFirst().allSatisfy { $0[phone].isEmpty })
            let member = try await Persona.partner.browser(app)
            let signedIn = try CSV.parse(try await member.get("/services.csv?commune=59512&thematique=lecture-ecriture-calcul").body.text).map(\.fields)
            #expect(signedIn.dropFirst().contains { !$0[phone].isEmpty })
            #expect(try await app.get("/services.csv").status == .badRequest)
        }
    }

    @Test func aServiceInDataInclusionFormWithContactsForTokenHolders() async throws {
        try await withPasserelle(.demo) { app in
            let service = try #require(try await ServiceStore.all(on: app.db).first { $0.phone != nil && $0.isOnSite })
            let path = "/api/v1/services/\(service.id.uuidString.lowercased())/data-inclusion"
            let visitor = try await app.get(path).json
            #expect(visitor["id"].string == "passerelle--\(service.id.uuidString.lowercased())" && visitor["source"].string == "passerelle")
            #expect(visitor["nom"].string == service.name && visitor["thematiques"].array.count == service.thematiques.count)
            #expect(visitor["telephone"].isNull && visitor["code_insee"].string == service.communeCode)
            let token = try await Persona.partner.token(app)
            let member = try await app.get(path, headers: ["Authorization": "Bearer \(token)"]).json
            #expect(member["telephone"].string == service.phone)
            #expect(try await app.get("/api/v1/services/\(UUID())/data-inclusion").status == .notFound)
        }
    }
}
