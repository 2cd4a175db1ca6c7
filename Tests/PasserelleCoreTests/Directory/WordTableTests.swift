import Testing
@testable import PasserelleCore

@Suite("Directory search: the word table of the index")
struct WordTableTests {
    @Test func eachWordOfAStructureGetsOnePostingWithItsBestField() {
        var table = WordTable()
        table.add("Nettoyage de Locaux", .description)
        table.add("NETTOYAGE", .name)
        table.add(nil, .brand)
        table.endStructure(at: 0)
        table.add("Espaces verts et nettoyage", .description)
        table.endStructure(at: 1)

        let postings = Dictionary(uniqueKeysWithValues: zip(table.words, table.postings))
        #expect(postings["nettoyage"]?.map(\.position) == [0, 1])
        #expect(postings["nettoyage"]?.map(\.field) == [.name, .description])
        #expect(postings["locaux"]?.map(\.position) == [0])
        #expect(postings["verts"]?.map(\.position) == [1])
    }

    @Test func smallWordsAreNotIndexed() {
        var table = WordTable()
        table.add("Le chantier de la Ville et des jardins", .description)
        table.endStructure(at: 0)
        let indexed = Set(zip(table.words, table.postings).filter { !$0.1.isEmpty }.map(\.0))
        #expect(indexed == ["chantier", "ville", "jardins"])
        #expect(table.ids(of: "de la").isEmpty)
    }

    @Test func wordsAreFoldedAndInternedOnceAcrossManyStructures() {
        var table = WordTable()
        // Enough distinct words to make the interning table grow several times.
        for position in 0..<3_000 {
            table.add("Métier\(position) Réemploi", .description)
            table.endStructure(at: position)
        }
        #expect(table.words.count == 3_001)
        let reuse = table.words.firstIndex(of: "reemploi")!
        #expect(table.postings[reuse].count == 3_000)
        #expect(table.words.contains("metier2999"))
        #expect(table.ids(of: "RÉEMPLOI") == [Int32(reuse)])
    }
}
