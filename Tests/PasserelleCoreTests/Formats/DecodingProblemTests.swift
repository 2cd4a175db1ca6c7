import Foundation
import Testing
@testable import PasserelleCore

@Suite("Decoding failures said in French")
struct DecodingProblemTests {
    struct Lot: Decodable { var titre: String }
    struct Body: Decodable {
        var email: String
        var heures: Int?
        var lots: [Lot]?
        var publics: [String]?
    }

    static func problem(_ json: String) -> String {
        do {
            _ = try JSONDecoder().decode(Body.self, from: Data(json.utf8))
            return "décodé"
        } catch let error as DecodingError {
            return DecodingProblem.french(error)
        } catch {
            return "\(error)"
        }
    }

    @Test func fieldsAreNamedAndTypesSaid() {
        #expect(Self.problem("{}") == "champ obligatoire absent : « email ».")
        #expect(Self.problem(#"{"email": 3}"#) == "« email » : attendu un texte, reçu un nombre.")
        #expect(Self.problem(#"{"email": null}"#) == "« email » : attendu un texte, reçu null.")
        #expect(Self.problem(#"{"email": "a", "heures": "dix"}"#) == "« heures » : attendu un nombre entier, reçu un texte.")
        #expect(Self.problem(#"{"email": "a", "publics": "jeunes"}"#) == "« publics » : attendu une liste, reçu un texte.")
        #expect(Self.problem(#"{"email": "a", "lots": [{"titre": "un"}, {}]}"#) == "champ obligatoire absent : « lots[1].titre ».")
        #expect(Self.problem("{pas du json") == "le corps de la requête n’est pas du JSON valide.")
        for message in ["{}", #"{"email": 3}"#, #"{"email": "a", "lots": [{}]}"#].map(Self.problem) {
            #expect(!message.contains("CodingKeys") && !message.contains("Expected"), "\(message)")
        }
    }

    @Test func aQueryParameterIsNamedByItsValue() {
        let mismatch = DecodingError.typeMismatch(Int.self, .init(codingPath: [], debugDescription: "Failed to convert to the requested type."))
        #expect(DecodingProblem.french(mismatch, query: [("size", "20"), ("page", "abc")]) == "paramètre « page » : attendu un nombre entier, reçu « abc ».")
        #expect(DecodingProblem.french(mismatch, query: [("q", "lille"), ("page", "abc")]) == "l’un des paramètres « q », « page » : attendu un nombre entier, reçu autre chose.")
        let unknown = DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "Cannot initialize StructureKind from invalid String value zzz"))
        #expect(DecodingProblem.french(unknown, query: [("kind", "zzz")]) == "paramètre « kind » : la valeur « zzz » n’est pas permise.")
    }
}
