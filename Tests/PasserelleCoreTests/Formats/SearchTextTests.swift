import Testing
@testable import PasserelleCore

@Suite("Text normalisation")
struct SearchTextTests {
    @Test(arguments: [
        ("Saint-Pol-sur-Ternoise", "saint pol sur ternoise"),
        ("SAINT POL SUR TERNOISE", "saint pol sur ternoise"),
        ("Évreux", "evreux"),
        ("L'Abergement-Clémenciat", "l abergement clemenciat"),
        ("L’Haÿ-les-Roses", "l hay les roses"),
        ("Œuvre  d'art", "oeuvre d art"),
        ("Cœur de Flandre", "coeur de flandre"),
        ("Ærø", "aero"),
        ("  espaces   verts ", "espaces verts"),
        ("Nettoyage/propreté", "nettoyage proprete"),
        ("Çà et là", "ca et la"),
        ("", ""),
        ("---", ""),
        ("Straße", "strasse"),
        ("n°1 — 2", "n 1 2"),
    ])
    func folds(input: String, expected: String) {
        #expect(SearchText.fold(input) == expected)
    }

    @Test func queryWordsExpandAbbreviationsAndDropSmallWords() {
        #expect(SearchText.queryWords("st pol") == ["saint", "pol"])
        #expect(SearchText.queryWords("Nettoyage de locaux à Lille") == ["nettoyage", "locaux", "lille"])
        #expect(SearchText.queryWords("Ste Catherine") == ["sainte", "catherine"])
    }

    @Test func placeQueryKeepsWordOrderAndSmallWords() {
        #expect(SearchText.placeQuery("st pol sur") == "saint pol sur")
        #expect(SearchText.placeQuery("Le Touquet") == "le touquet")
    }
}

@Suite("French lists")
struct FrenchListTests {
    @Test(arguments: [
        ([], ""),
        (["l’événement"], "l’événement"),
        (["l’événement", "la session « A »"], "l’événement et la session « A »"),
        (["a", "b", "c"], "a, b et c"),
    ] as [([String], String)])
    func itemsAreJoinedWithCommasAndAFinalEt(items: [String], expected: String) {
        #expect(French.list(items) == expected)
    }
}
