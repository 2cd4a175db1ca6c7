import Foundation
import PasserelleCore
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("Editing a profile: pages, API, history, search")
struct ProfileEditPageTests {
    struct Managed { var id: UUID; var name: String; var commune_code: String? }

    /// The demo ACI that structure@demo administers.
    static func managed(_ app: Application) async throws -> Managed {
        let structure = try #require(try await DirectoryQueries.structure(id: try await Persona.structure.structureID(app), on: app.db))
        return Managed(id: structure.id, name: structure.name, commune_code: structure.communeCode)
    }

    static func field(_ name: String, in html: String) -> String? {
        html.range(of: "name=\"\(name)\" value=\"").map { String(html[$0.upperBound...].prefix { $0 != "\"" }) }
    }

    @Test func onlyMembersAndThePlatformTeamMayEdit() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Self.managed(app)
            let edit = Links.structure(structure.id) + "/modifier"
            let visitor = try await Browser(app).get(edit)
            #expect(visitor.status == .seeOther)
            #expect(visitor.headers.first(name: .location)?.hasPrefix("/connexion?next=") == true)
            for who in [Persona.buyer, .partner, .facilitator, .steward] {
                let refused = try await who.browser(app).get(edit)
                #expect(refused.status == .forbidden, "\(who)")
                #expect(refused.body.text.contains("Seuls les membres"), "\(who)")
            }
            #expect(try await Persona.admin.browser(app).get(edit).status == .ok)
            let member = try await Persona.structure.browser(app)
            #expect(try await member.get(edit).status == .ok)
            #expect(try await member.get(Links.structure(structure.id)).body.text.contains("Modifier la fiche"))
            // A member of another structure.
            _ = try await Factories.confirmedAccount(app, email: "camille@orange.fr")
            let other = try await Browser.loggedIn(app, email: "camille@orange.fr")
            #expect(try await other.get(edit).status == .forbidden)
            #expect(!(try await other.get(Links.structure(structure.id)).body.text.contains("Modifier la fiche")))
            // Without the form's token, nothing is written.
            #expect(try await member.post(edit, [("name", "Piratée")], withToken: false).status == .forbidden)
            #expect(try await DirectoryQueries.structure(id: structure.id, on: app.db)?.name == structure.name)
        }
    }

    @Test func aMemberEditsTheProfileAndTheHistorySaysWho() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Self.managed(app)
            let member = try await Persona.structure.browser(app)
            let edit = Links.structure(structure.id) + "/modifier"
            let form = try await member.get(edit).body.text
            let version = try #require(Self.field("version", in: form))
            let fields: [(String, String)] = [
                ("version", version), ("name", structure.name), ("brand", ""), ("description", "Chantiers d’insertion <b>du Nord</b>."),
                ("address", "12 rue des Tisserands"), ("commune_q", "Roubaix"), ("commune", ""), ("phone", "03 20 00 00 00"),
                ("email", "contact@aci-demo.example"), ("website", ""), ("insertion_staff", "42"), ("permanent_staff", ""),
                ("year_founded", "1998"), ("networks", "Chantier école\nCOORACE"), ("labels", ""), ("client_references", ""),
            ]
            let saved = try await member.post(edit, fields)
            #expect(saved.status == .seeOther)
            let stored = try #require(try await DirectoryQueries.structure(id: structure.id, on: app.db))
            #expect(stored.communeCode == "59512")
            #expect(stored.phone == "03 20 00 00 00")
            #expect(stored.insertionStaff == 42)
            #expect(stored.networks == ["Chantier école", "COORACE"])

            let page = try await member.get(try #require(saved.headers.first(name: .location))).body.text
            #expect(page.contains("Modifications enregistrées"))
            #expect(page.contains("Chantiers d’insertion &lt;b&gt;du Nord&lt;/b&gt;."))
            #expect(page.contains("Sacha Structure (démo) (Membre de la structure)"))
            #expect(page.contains("modifié : description, adresse, commune, coordonnées, téléphone, courriel, réseaux, effectifs en insertion, effectifs permanents, année de création"))
            // The public reads the role, not the name.
            let public_ = try await Browser(app).get(Links.structure(structure.id)).body.text
            #expect(public_.contains("Membre de la structure") && !public_.contains("Sacha Structure"))
            let audit = try #require(try await Audit.entries(action: .profileEdited, on: app.db).first)
            #expect(audit.actor == "structure@demo.passerelle.test")
            #expect(audit.object == "structure:\(structure.id.uuidString.lowercased())")

            // The same form sent again: the version is stale.
            let stale = try await member.post(edit, fields.map { $0.0 == "phone" ? ($0.0, "03 20 11 11 11") : $0 })
            #expect(stale.status == .unprocessableEntity)
            #expect(stale.body.text.contains("Quelqu’un a modifié cette fiche"))
            #expect(try await DirectoryQueries.structure(id: structure.id, on: app.db)?.phone == "03 20 00 00 00")
        }
    }

    @Test func wrongFieldsAreShownNextToThemInFrench() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Self.managed(app)
            let member = try await Persona.structure.browser(app)
            let edit = Links.structure(structure.id) + "/modifier"
            let version = try #require(Self.field("version", in: try await member.get(edit).body.text))
            let refused = try await member.post(edit, [
                ("version", version), ("name", "A"), ("commune_q", "Atlantide"), ("email", "pas une adresse"), ("insertion_staff", "douze"),
            ])
            #expect(refused.status == .unprocessableEntity)
            let html = refused.body.text
            #expect(html.contains("Le formulaire contient 4 erreurs"))
            #expect(html.contains("Le nom doit compter de 3 à 150 caractères."))
            #expect(html.contains("Adresse électronique invalide"))
            #expect(html.contains("Écrivez un nombre entier"))
            #expect(html.contains("Commune inconnue"))
            #expect(html.contains("value=\"pas une adresse\""))
            #expect(try await DirectoryQueries.structure(id: structure.id, on: app.db)?.name == structure.name)
        }
    }

    @Test func aNewReachShowsInTheNextSearch() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Self.managed(app)
            let member = try await Persona.structure.browser(app)
            // Amiens (Somme) is far from the demo ACI: not covered before.
            let search = "/api/v1/structures?covers=80021&q=\(structure.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&size=100"
            let before = try await app.get(search).json["items"].array.compactMap { $0["id"].string }
            #expect(!before.contains(structure.id.uuidString.lowercased()))

            let add = Links.structure(structure.id) + "/activites/nouvelle"
            let version = try #require(Self.field("version", in: try await member.get(add).body.text))
            let incomplete = try await member.post(add, [("version", version), ("sector", ""), ("reach", "perimeters"), ("zones", "Atlantide")])
            #expect(incomplete.status == .unprocessableEntity)
            #expect(incomplete.body.text.contains("Choisissez le secteur"))
            #expect(incomplete.body.text.contains("Zone inconnue : « Atlantide »"))
            let saved = try await member.post(add, [
                ("version", version), ("sector", "nettoyage-de-locaux-16"), ("service_types", "prestation-de-services"),
                ("service_types", "mise-a-disposition"), ("reach", "perimeters"), ("zones", "Somme (80) ; Lens (62300)"), ("description", "Bureaux"),
            ])
            #expect(saved.status == .seeOther)
            let after = try await app.get(search).json["items"].array.compactMap { $0["id"].string }
            #expect(after.contains(structure.id.uuidString.lowercased()))
            let stored = try #require(try await DirectoryQueries.structure(id: structure.id, on: app.db))
            #expect(stored.activities.last?.reach == .perimeters([.departement("80"), .commune("62498")]))
            #expect(stored.activities.last?.serviceTypes == [.services, .staffing])

            // The editor shows the stored zones as it reads them; deleting asks first.
            let number = stored.activities.count
            let editor = try await member.get(Links.structure(structure.id) + "/activites/\(number)").body.text
            #expect(editor.contains("Somme (80) ; Lens (62300)"))
            let confirm = try await member.get(Links.structure(structure.id) + "/activites/\(number)/supprimer")
            #expect(confirm.body.text.contains("Supprimer l’activité « Nettoyage de locaux » ?"))
            let deleted = try await member.post(Links.structure(structure.id) + "/activites/\(number)/supprimer", [("version", try #require(Self.field("version", in: confirm.body.text)))])
            #expect(deleted.status == .seeOther)
            #expect(try await DirectoryQueries.structure(id: structure.id, on: app.db)?.activities.count == number - 1)
            let gone = try await app.get(search).json["items"].array.compactMap { $0["id"].string }
            #expect(!gone.contains(structure.id.uuidString.lowercased()))
            #expect(try await member.get(Links.structure(structure.id) + "/activites/\(number)").status == .notFound)
        }
    }

    static func patch(_ app: Application, _ id: String, _ body: String, token: String?) async throws -> TestingHTTPResponse {
        var headers = HTTPHeaders()
        headers.contentType = .json
        if let token { headers.bearerAuthorization = BearerAuthorization(token: token) }
        return try await app.testing().sendRequest(.PATCH, "/api/v1/structures/\(id)", headers: headers, body: ByteBuffer(string: body))
    }

    @Test func theAPIEditsWithTheRightToken() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await Self.managed(app)
            let id = structure.id.uuidString.lowercased()
            let body = #"{"phone": "03 21 00 00 00", "clear": ["website"], "activities": [{"sector": "nettoyage-de-locaux-16", "service_types": ["prestation-de-services"], "reach": {"kind": "perimeters", "perimeters": ["departement:62", "commune:59350"]}}]}"#
            let anonymous = try await Self.patch(app, id, body, token: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(try anonymous.json["error"].bool == true)
            let buyer = try await Self.patch(app, id, body, token: try await Persona.buyer.token(app))
            #expect(buyer.status == .forbidden)
            #expect(try buyer.json["reason"].string?.contains("Seuls les membres") == true)

            let token = try await Persona.structure.token(app)
            let edited = try await Self.patch(app, id, body, token: token)
            #expect(edited.status == .ok)
            let json = try edited.json
            #expect(json["phone"].string == "03 21 00 00 00")
            #expect(json["website"].isNull)
            #expect(json["activities"].array.count == 1)
            #expect(json["activities"][0]["reach"]["perimeters"].array.compactMap(\.string) == ["departement:62", "commune:59350"])
            #expect(json["name"].string == structure.name)

            let invalid = try await Self.patch(app, id, #"{"email": "pas une adresse", "activities": [{"sector": "inconnu", "service_types": ["prestation-de-services"], "reach": {"kind": "radius"}}]}"#, token: token)
            #expect(invalid.status == .badRequest)
            let reason = try #require(try invalid.json["reason"].string)
            #expect(reason.contains("Courriel : Adresse électronique invalide"))
            #expect(reason.contains("Secteur inconnu « inconnu »"))
            #expect(reason.contains("Le rayon d’intervention"))
            #expect(try await Self.patch(app, UUID().uuidString, body, token: token).status == .notFound)
            #expect(try await Self.patch(app, "pas-un-uuid", body, token: token).status == .badRequest)
            #expect(try await Self.patch(app, id, "[1, 2]", token: token).status == .badRequest)
            #expect(try await DirectoryQueries.history(of: structure.id, on: app.db, names: app.directoryParticipants.accountNames).count == 2)
        }
    }

    @Test func placesAreSuggestedLargestFirst() async throws {
        try await withPasserelle(.reference) { app in
            let found = try await app.get("/api/v1/places?q=pas%20de&limit=3").json
            #expect(found["items"][0]["token"].string == "departement:62")
            #expect(found["items"][0]["label"].string == "Pas-de-Calais (62)")
            #expect(found["items"][0]["kind_label"].string == "département")
            let region = try await app.get("/api/v1/places?q=hauts").json
            #expect(region["items"][0]["label"].string == "Hauts-de-France (région)")
            #expect(try await app.get("/api/v1/places?q=").status == .badRequest)
            #expect(try await app.get("/api/v1/places?q=lens&limit=0").status == .badRequest)
        }
    }
}

@Suite("Moderation of profiles: hide, restore")
struct ProfileModerationTests {
    @Test func aStewardHidesAProfileOfItsTerritoryAndRestoresIt() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await ProfileEditPageTests.managed(app)
            let id = structure.id.uuidString.lowercased()
            let profile = Links.structure(structure.id)
            let byName = "/api/v1/structures?q=\(structure.name.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)&size=100"
            #expect(try await app.get(byName).json["items"].array.contains { $0["id"].string == id })

            // Who may: the platform team and the stewards of its territory; not its members, not others.
            #expect(try await Browser(app).get(profile + "/masquer").status == .seeOther)
            for who in [Persona.structure, .buyer, .facilitator] {
                #expect(try await who.browser(app).get(profile + "/masquer").status == .forbidden, "\(who)")
            }
            let steward = try await Persona.steward.browser(app)
            #expect(try await steward.get(profile).body.text.contains("Masquer cette fiche"))
            let form = try await steward.get(profile + "/masquer")
            #expect(form.status == .ok)
            let noReason = try await steward.post(profile + "/masquer", [("reason", " ")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.text.contains("Indiquez le motif"))
            let hidden = try await steward.post(profile + "/masquer", [("reason", "Doublon de la fiche de l’association")])
            #expect(hidden.status == .seeOther)

            // Gone for the public: search, API, profile page.
            #expect(!(try await app.get(byName).json["items"].array.contains { $0["id"].string == id }))
            #expect(try await app.get("/api/v1/structures/\(id)").status == .notFound)
            #expect(try await app.get("/api/v1/structures/\(id)/data-inclusion").status == .notFound)
            #expect(try await Browser(app).get(profile).status == .notFound)
            // Its members still see it, with the reason, and were told by mail.
            let member = try await Persona.structure.browser(app)
            let seen = try await member.get(profile)
            #expect(seen.status == .ok)
            #expect(seen.body.text.contains("Motif : Doublon de la fiche de l’association"))
            let mail = try #require(try await Outbox.messages(to: "structure@demo.passerelle.test", on: app.db).first)
            #expect(mail.subject.contains("est masquée"))
            // The back-office lists it; a steward elsewhere neither sees nor restores it.
            let list = try await steward.get("/admin/fiches-masquees")
            #expect(list.body.text.contains("1 fiche masquée") && list.body.text.contains("Doublon de la fiche"))
            #expect(try await steward.get("/admin/fiches-masquees.csv").body.text.contains("Doublon de la fiche"))
            #expect(try await Audit.entries(action: .profileHidden, on: app.db).count == 1)

            let restored = try await steward.post(profile + "/retablir", [])
            #expect(restored.status == .seeOther)
            #expect(try await app.get(byName).json["items"].array.contains { $0["id"].string == id })
            #expect(try await Browser(app).get(profile).body.text.contains("fiche rétablie"))
            #expect(try await steward.get("/admin/fiches-masquees").body.text.contains("Aucune fiche masquée"))
            #expect(try await Audit.entries(action: .profileRestored, on: app.db).count == 1)
        }
    }

    @Test func anImportDoesNotDuplicateAHiddenStructure() async throws {
        try await withPasserelle(.demo) { app in
            let structure = try await ProfileEditPageTests.managed(app)
            let stored = try #require(try await DirectoryQueries.structure(id: structure.id, on: app.db))
            let steward = try await Persona.steward.browser(app)
            try await steward.get(Links.structure(structure.id) + "/masquer")
            try await steward.post(Links.structure(structure.id) + "/masquer", [("reason", "Structure fermée")])
            var again = stored
            again.phone = "03 20 99 99 99"
            let plan = try await DirectoryImport.write([(line: 2, structure: again, id: nil)], actor: "import", on: app.db)
            #expect(plan.creations.isEmpty)
            #expect(plan.updates.count == 1)
            #expect(try await DirectoryQueries.moderation(of: structure.id, on: app.db)?.hiddenAt != nil)
        }
    }
}
