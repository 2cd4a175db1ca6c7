import Testing
@testable import PasserelleCore

@Suite struct ReviewDecisionTests {
    @Test func aRefusalNeedsItsReasonAndAnUnknownValueIsRefused() throws {
        let told = "aux membres de l’organisation"
        #expect(try ReviewDecision.read(decision: "verifier", reason: "  ", accept: "verifier", toldTo: told).get() == .init(accepted: true, reason: nil))
        #expect(try ReviewDecision.read(decision: "refuser", reason: " Inconnue à ce SIRET ", accept: "verifier", toldTo: told).get()
            == .init(accepted: false, reason: "Inconnue à ce SIRET"))
        #expect(ReviewDecision.read(decision: "refuser", reason: "", accept: "verifier", toldTo: told) == .failure(.missingReason(toldTo: told)))
        #expect(ReviewDecision.Problem.missingReason(toldTo: told).message == "Indiquez le motif du refus : il est envoyé aux membres de l’organisation.")
        #expect(ReviewDecision.read(decision: "accepter", reason: "", accept: "verifier", toldTo: told) == .failure(.unknown))
        #expect(ReviewDecision.read(decision: "refuser", reason: String(repeating: "x", count: 1001), accept: "verifier", toldTo: told) == .failure(.reasonTooLong))
    }
}
