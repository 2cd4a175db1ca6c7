import Foundation
import Testing
@testable import PasserelleCore

@Suite("One-line and multi-line text")
struct FormTextTests {
    @Test(arguments: ["Armentières", "Café « Le Relais »", "ÉTS Dupont & fils", "Ça va ?"])
    func ordinaryNamesPass(_ name: String) {
        #expect(OneLineText.problem(in: name) == nil)
    }

    @Test(arguments: [
        ("Ligne\r\nautre", "retours à la ligne"), ("Ligne\nautre", "retours à la ligne"), ("Ligne\rautre", "retours à la ligne"),
        ("Ligne\u{2028}autre", "retours à la ligne"), ("Arme\u{0}ntières", "caractère de contrôle"), ("A\tB", "tabulation"),
        ("Bcc: x@y.fr\u{1B}", "caractère de contrôle"),
    ])
    func controlCharactersAreRefused(_ text: String, _ words: String) {
        #expect(OneLineText.problem(in: text)?.contains(words) == true, "\(text.debugDescription)")
    }

    @Test func subjectsAreFlattened() {
        #expect(OneLineText.flattened("Nettoyage\r\nBcc: x@y.fr") == "Nettoyage  Bcc: x@y.fr")
        #expect(OneLineText.flattened("Sans rien") == "Sans rien")
    }

    @Test func lineEndsAreUnified() {
        #expect(MultiLineText.unifyingLineEnds("un\r\ndeux\rtrois\nquatre") == "un\ndeux\ntrois\nquatre")
        #expect(MultiLineText.unifyingLineEnds("a\tb") == "a\tb")
    }
}
