import Testing
@testable import PasserelleCore

@Suite("CSV")
struct CSVTests {
    @Test func readsSemicolonsQuotesAndLineBreaks() throws {
        let text = "\u{FEFF}Nom;Description\r\n\"A; B\";\"dit \"\"bonjour\"\"\nsur deux lignes\"\r\nC;\n"
        let records = try CSV.parse(text)
        #expect(records.count == 3)
        #expect(records[1].fields == ["A; B", "dit \"bonjour\"\nsur deux lignes"])
        #expect(records[1].line == 2)
        #expect(records[2].line == 4)
        #expect(records[2].fields == ["C", ""])
    }

    @Test func detectsCommas() throws {
        let records = try CSV.parse("a,b,c\n1,\"2,5\",3")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "2,5", "3"]])
    }

    @Test func skipsBlankLinesAndToleratesMissingFinalNewline() throws {
        #expect(try CSV.parse("a;b\n\n1;2").map(\.fields) == [["a", "b"], ["1", "2"]])
        #expect(try CSV.parse("").isEmpty)
    }

    @Test func reportsBrokenQuotes() {
        #expect(throws: CSV.ParseError.unterminatedQuote(line: 2)) { try CSV.parse("a;b\n\"open;2\n3;4") }
        #expect(throws: CSV.ParseError.quoteInsideField(line: 1)) { try CSV.parse("a\"b;c") }
        #expect(throws: CSV.ParseError.quoteInsideField(line: 1)) { try CSV.parse("\"a\"b;c") }
    }

    @Test func writerQuotesAndNeutralisesFormulas() throws {
        var writer = CSV.Writer()
        writer.append(["Nom", "Note"])
        writer.append(["A;B", "=1+1"])
        writer.append(["dit \"oui\"", "-12"])
        #expect(writer.text == "\u{FEFF}Nom;Note\r\n\"A;B\";'=1+1\r\n\"dit \"\"oui\"\"\";-12\r\n")
        let back = try CSV.parse(writer.text)
        #expect(back[1].fields == ["A;B", "'=1+1"])
    }
}
