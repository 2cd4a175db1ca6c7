import Foundation
import Testing
@testable import PasserelleCore

@Suite struct FrenchTests {
    @Test(arguments: [
        ("Lille", "de Lille"), ("Amiens", "d’Amiens"), ("Atelier Lille", "d’Atelier Lille"), ("Éclat", "d’Éclat"), ("Île-de-France", "d’Île-de-France"),
        ("Hazebrouck", "d’Hazebrouck"), ("Hautmont", "de Hautmont"), ("handicap", "de handicap"), ("Yvelines", "d’Yvelines"), ("Yutz", "de Yutz"),
        ("onze structures", "de onze structures"), ("ACI FAIRE", "d’ACI FAIRE"), ("EA Malécot", "d’EA Malécot"), ("GEIQ 3A", "de GEIQ 3A"), ("", "de "),
    ])
    func deIsElidedBeforeAVowelOrAMuteH(word: String, expected: String) {
        #expect(French.de(word) == expected)
    }

    @Test func articlesAreElidedToo() {
        #expect(French.article("atelier", feminine: false) == "l’atelier")
        #expect(French.article("entreprise", feminine: true) == "l’entreprise")
        #expect(French.article("structure", feminine: true) == "la structure")
        #expect(French.article("hameau", feminine: false) == "le hameau")
        #expect(French.article("habitat", feminine: false) == "l’habitat")
    }

    @Test func pluralsCountFromTwo() {
        #expect(French.count(0, "structure") == "0 structure")
        #expect(French.count(1, "structure") == "1 structure")
        #expect(French.count(2, "réponse reçue", "réponses reçues") == "2 réponses reçues")
        #expect(French.count(12_500, "heure") == "12\u{202F}500 heures")
    }

    @Test func typographyPutsNoBreakSpacesAndCurlyApostrophes() {
        #expect(FrenchTypography.typeset("Motif : refusé ; voir ici ! Pourquoi ?") == "Motif\u{202F}: refusé\u{202F}; voir ici\u{202F}! Pourquoi\u{202F}?")
        #expect(FrenchTypography.typeset("« Ateliers »") == "«\u{00A0}Ateliers\u{00A0}»")
        #expect(FrenchTypography.typeset("«Ateliers»") == "«\u{00A0}Ateliers\u{00A0}»")
        #expect(FrenchTypography.typeset("l'atelier d'insertion") == "l’atelier d’insertion")
        // Hours, addresses and quotations stay as written.
        #expect(FrenchTypography.typeset("à 10:30 sur https://exemple.fr") == "à 10:30 sur https://exemple.fr")
        #expect(FrenchTypography.typeset("'cité'") == "'cité'")
        // Typesetting twice changes nothing more.
        let once = FrenchTypography.typeset("Bonjour : « l'équipe » !")
        #expect(FrenchTypography.typeset(once) == once)
    }

    @Test func onlyTheTextOfAPageIsTypeset() {
        let html = #"<p title="a : b">Motif : <a href="/x?a=1">l'équipe</a></p><textarea name="t">Motif : l'écrit</textarea><code>a : b</code><p>Fin !</p>"#
        #expect(FrenchTypography.typesetHTML(html)
            == "<p title=\"a : b\">Motif\u{202F}: <a href=\"/x?a=1\">l’équipe</a></p><textarea name=\"t\">Motif : l'écrit</textarea><code>a : b</code><p>Fin\u{202F}!</p>")
    }
}

@Suite struct GlossaryTests {
    @Test func theFileIsReadAndItsMistakesNamedByLine() throws {
        let glossary = try Glossary.read("identifiant;terme;définition\nstpa;STPA;\"EA et ESAT ; marchés réservés, article L2113-12.\"\n")
        #expect(glossary.entries == [.init(id: "stpa", term: "STPA", definition: "EA et ESAT ; marchés réservés, article L2113-12.")])
        #expect(throws: Glossary.Problem.line(3, "identifiant « stpa » en double")) {
            try Glossary.read("identifiant;terme;définition\nstpa;STPA;a\nstpa;STPA;b\n")
        }
        #expect(throws: Glossary.Problem.line(2, "identifiant « Jeton API » : minuscules, chiffres et tirets seulement")) {
            try Glossary.read("identifiant;terme;définition\nJeton API;Jeton;c\n")
        }
    }
}
