import Foundation
import Testing
import Vapor
import VaporTesting
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

@Suite("The API says in French which field is wrong")
struct APIInputTests {
    @Test(arguments: [
        ("/api/v1/auth/token", "{}", "champ obligatoire absent : « email »"),
        ("/api/v1/auth/token", #"{"email": 3, "password": "x", "name": "y"}"#, "« email » : attendu un texte, reçu un nombre"),
        ("/api/v1/auth/token", "{pas du json", "n’est pas du JSON valide"),
    ])
    func bodies(_ path: String, _ body: String, _ words: String) async throws {
        try await withPasserelle(.reference) { app in
            let response = try await API.postJSON(app, path, body)
            let reason = try response.json["reason"].string ?? ""
            #expect(response.status == .badRequest && reason.contains(words), "\(reason)")
            #expect(!reason.contains("CodingKeys") && !reason.contains("DecodingError") && !reason.contains("Expected"), "\(reason)")
        }
    }

    @Test func queryParameters() async throws {
        try await withPasserelle(.reference) { app in
            let page = try await app.get("/api/v1/structures?page=abc").json["reason"].string ?? ""
            #expect(page.contains("paramètre « page » : attendu un nombre entier, reçu « abc »"), "\(page)")
            let kind = try await app.get("/api/v1/structures?kind=zzz").json["reason"].string ?? ""
            #expect(kind.contains("paramètre « kind » : la valeur « zzz » n’est pas permise"), "\(kind)")
        }
    }
}
