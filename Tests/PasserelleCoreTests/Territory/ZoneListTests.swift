import Testing
import PasserelleCore

@Suite("Zone lists of the reach editor")
struct ZoneListTests {
    let gazetteer = Fixtures.gazetteer

    @Test func everyLabelReadsBackAsItsPlace() {
        let perimeters: [Perimeter] = [.region("32"), .departement("62"), .departement("59"), .commune("62498"), .commune("80021"), .epci("200093201")]
        let text = ZoneList.text(of: perimeters, in: gazetteer)
        #expect(text == "Hauts-de-France (région) ; Pas-de-Calais (62) ; Nord (59) ; Lens (62300) ; Amiens (80000) ; Métropole Européenne de Lille (EPCI)")
        let read = ZoneList.read(text, gazetteer: gazetteer)
        #expect(read.perimeters == perimeters)
        #expect(read.problems.isEmpty)
    }

    @Test(arguments: [
        ("62", Perimeter.departement("62")), ("pas de calais", .departement("62")), ("Hauts de France", .region("32")),
        ("lens", .commune("62498")), ("62300", .commune("62498")), ("62041", .commune("62041")), ("Arras (62)", .commune("62041")),
        ("departement:80", .departement("80")), ("France entière", .country), ("200093201", .epci("200093201")),
        ("metropole europeenne de lille", .epci("200093201")), ("Saint-Pol-sur-Ternoise (62130)", .commune("62767")),
    ])
    func typedZonesAreUnderstood(typed: String, expected: Perimeter) {
        let read = ZoneList.read(typed, gazetteer: gazetteer)
        #expect(read.perimeters == [expected], "\(typed)")
        #expect(read.problems.isEmpty, "\(typed)")
    }

    @Test func separatorsAndRepeatsAreForgiven() {
        let read = ZoneList.read("Nord, Somme\nLens ;; Nord", gazetteer: gazetteer)
        #expect(read.perimeters == [.departement("59"), .departement("80"), .commune("62498")])
    }

    @Test func unknownAndAmbiguousZonesAreExplainedInFrench() {
        let read = ZoneList.read("Nord ; Atlantide ; 59000 ; Lens (59)", gazetteer: gazetteer)
        #expect(read.perimeters == [.departement("59"), .commune("59350")])
        #expect(read.problems == ["Zone inconnue : « Atlantide ». Écrivez une commune, un département, une région ou un EPCI, séparés par des points-virgules.", "Zone inconnue : « Lens (59) »."])
    }

    @Test func suggestionsPutLargerPlacesFirst() {
        let found = ZoneList.suggestions(for: "pa", limit: 10, gazetteer: gazetteer)
        #expect(found.first == .departement("62"))
        #expect(ZoneList.suggestions(for: "lil", limit: 10, gazetteer: gazetteer) == [.epci("200093201"), .commune("59350")])
        #expect(ZoneList.suggestions(for: "  ", limit: 10, gazetteer: gazetteer).isEmpty)
    }
}
