import Testing
@testable import PasserelleCore

@Suite("Distances")
struct DistanceTests {
    @Test func lilleToLensIsAboutTwentySevenKilometres() throws {
        let distance = try #require(Fixtures.lille.centre).distanceKm(to: try #require(Fixtures.lens.centre))
        #expect(abs(distance - 26.8) < 0.5)
    }

    @Test func distanceIsSymmetricAndZeroToItself() throws {
        let lille = try #require(Fixtures.lille.centre), amiens = try #require(Fixtures.amiens.centre)
        #expect(lille.distanceKm(to: lille) == 0)
        #expect(abs(lille.distanceKm(to: amiens) - amiens.distanceKm(to: lille)) < 1e-9)
    }

    @Test func parisToMarseilleIsAboutSixHundredSixtyKilometres() {
        let paris = GeoPoint(latitude: 48.8566, longitude: 2.3522)
        let marseille = GeoPoint(latitude: 43.2965, longitude: 5.3698)
        #expect(abs(paris.distanceKm(to: marseille) - 661) < 5)
    }

    @Test func antipodesAreHalfTheCircumference() {
        let north = GeoPoint(latitude: 90, longitude: 0), south = GeoPoint(latitude: -90, longitude: 0)
        #expect(abs(north.distanceKm(to: south) - .pi * GeoPoint.earthRadiusKm) < 1e-6)
    }

    @Test(arguments: [(12.0, "12 km"), (2.5, "2,5 km"), (30.04, "30 km"), (0.25, "0,3 km")])
    func kilometresAreWrittenTheFrenchWay(value: Double, text: String) {
        #expect(DistanceFormat.kilometres(value) == text)
    }
}

@Suite("Perimeters")
struct PerimeterTests {
    @Test(arguments: [
        ("commune:59350", Perimeter.commune("59350")),
        ("commune:2a004", Perimeter.commune("2A004")),
        ("epci:200093201", Perimeter.epci("200093201")),
        ("departement:62", Perimeter.departement("62")),
        ("departement:2B", Perimeter.departement("2B")),
        ("departement:971", Perimeter.departement("971")),
        ("region:32", Perimeter.region("32")),
        ("france", Perimeter.country),
        (" departement:59 ", Perimeter.departement("59")),
    ])
    func readsTokens(token: String, expected: Perimeter) {
        #expect(Perimeter(token: token) == expected)
        #expect(Perimeter(token: expected.token) == expected)
    }

    @Test(arguments: ["", "commune:", "commune:5935", "epci:12", "region:3", "ville:59350", "departement:5", "commune:59 50", "departement:62;drop"])
    func refusesNonsense(token: String) {
        #expect(Perimeter(token: token) == nil)
    }
}

@Suite("Reach covers a commune")
struct ReachTests {
    let lensCentre = Fixtures.lens.centre

    @Test func nationalCoversEverything() {
        for commune in Fixtures.gazetteer.communes {
            #expect(ReachRule.coverage(of: .national, from: nil, covering: commune) == .national)
        }
    }

    @Test func radiusCoversCommunesWhoseCentreIsWithin() throws {
        let coverage = try #require(ReachRule.coverage(of: .radius(km: 35), from: lensCentre, covering: Fixtures.lille))
        guard case .radius(let distance) = coverage else { Issue.record("expected a radius"); return }
        #expect(distance > 25 && distance < 35)
        #expect(ReachRule.coverage(of: .radius(km: 20), from: lensCentre, covering: Fixtures.lille) == nil)
        #expect(ReachRule.covers(.radius(km: 1), from: lensCentre, Fixtures.lens))
    }

    @Test func radiusBoundaryIsInclusive() throws {
        let distance = try #require(lensCentre).distanceKm(to: try #require(Fixtures.arras.centre))
        #expect(ReachRule.covers(.radius(km: distance), from: lensCentre, Fixtures.arras))
        #expect(!ReachRule.covers(.radius(km: distance - 0.01), from: lensCentre, Fixtures.arras))
    }

    @Test func radiusNeedsCoordinates() {
        #expect(!ReachRule.covers(.radius(km: 1000), from: nil, Fixtures.lille))
        #expect(!ReachRule.covers(.radius(km: 1000), from: lensCentre, Fixtures.celles))
    }

    @Test func perimetersCoverTheirCommunes() {
        let reach = Reach.perimeters([.departement("62"), .commune("59350")])
        #expect(ReachRule.coverage(of: reach, from: nil, covering: Fixtures.arras) == .perimeter(.departement("62")))
        #expect(ReachRule.coverage(of: reach, from: nil, covering: Fixtures.lille) == .perimeter(.commune("59350")))
        #expect(ReachRule.coverage(of: reach, from: nil, covering: Fixtures.roubaix) == nil)
        #expect(ReachRule.coverage(of: reach, from: nil, covering: Fixtures.amiens) == nil)
    }

    @Test func epciRegionAndCountry() {
        #expect(ReachRule.covers(.perimeters([.epci("200093201")]), from: nil, Fixtures.roubaix))
        #expect(!ReachRule.covers(.perimeters([.epci("200093201")]), from: nil, Fixtures.lens))
        #expect(ReachRule.covers(.perimeters([.region("32")]), from: nil, Fixtures.laon))
        #expect(!ReachRule.covers(.perimeters([.region("32")]), from: nil, Fixtures.marseille))
        #expect(ReachRule.covers(.perimeters([.country]), from: nil, Fixtures.celles))
        #expect(!ReachRule.covers(.perimeters([]), from: nil, Fixtures.lille))
    }

    @Test func theMostPreciseCoverageExplainsBest() {
        let reach = Reach.perimeters([.region("32"), .departement("59"), .commune("59350")])
        #expect(ReachRule.coverage(of: reach, from: nil, covering: Fixtures.lille) == .perimeter(.commune("59350")))
        #expect(ReachRule.coverage(of: reach, from: nil, covering: Fixtures.roubaix) == .perimeter(.departement("59")))
    }

    @Test func anArrondissementLiesInItsCity() {
        #expect(ReachRule.covers(.perimeters([.commune("13055")]), from: nil, Fixtures.marseille1))
        #expect(!ReachRule.covers(.perimeters([.commune("13201")]), from: nil, Fixtures.marseille))
    }

    @Test func explanationsReadAsFrench() {
        let gazetteer = Fixtures.gazetteer
        #expect(gazetteer.explain(.radius(distanceKm: 12.4), for: Fixtures.lens) == "intervient à 12 km de Lens")
        #expect(gazetteer.explain(.radius(distanceKm: 8), for: Fixtures.arras) == "intervient à 8 km d’Arras")
        #expect(gazetteer.explain(.radius(distanceKm: 3), for: Fixtures.touquet) == "intervient à 3 km du Touquet-Paris-Plage")
        #expect(gazetteer.explain(.radius(distanceKm: 0.2), for: Fixtures.lens) == "intervient à Lens")
        #expect(gazetteer.explain(.perimeter(.departement("62")), for: Fixtures.lens) == "intervient dans tout le Pas-de-Calais")
        #expect(gazetteer.explain(.perimeter(.departement("80")), for: Fixtures.amiens) == "intervient dans toute la Somme")
        #expect(gazetteer.explain(.perimeter(.departement("02")), for: Fixtures.laon) == "intervient dans tout le département de l’Aisne")
        #expect(gazetteer.explain(.perimeter(.region("32")), for: Fixtures.laon) == "intervient dans toute la région Hauts-de-France")
        #expect(gazetteer.explain(.national, for: Fixtures.laon) == "intervient dans toute la France")
        #expect(gazetteer.explain(.perimeter(.commune("59350")), for: Fixtures.lille) == "intervient à Lille")
    }

    @Test func reachesAreDescribed() {
        let gazetteer = Fixtures.gazetteer
        #expect(gazetteer.describe(.national, aroundCommune: nil) == "France entière")
        #expect(gazetteer.describe(.radius(km: 30), aroundCommune: "62498") == "Dans un rayon de 30 km autour de Lens")
        #expect(gazetteer.describe(.perimeters([.departement("62"), .departement("59")]), aroundCommune: nil) == "Nord (59), Pas-de-Calais (62)")
    }
}

@Suite("Commune search")
struct CommuneSearchTests {
    let gazetteer = Fixtures.gazetteer

    @Test func abbreviatedSaintFindsBothSaintPolLargerFirst() {
        let found = gazetteer.searchCommunes("st pol").map(\.code)
        #expect(found == ["29259", "62767"])
    }

    @Test func moreWordsNarrowTheSearch() {
        #expect(gazetteer.searchCommunes("st pol sur").map(\.code) == ["62767"])
        #expect(gazetteer.searchCommunes("SAINT-POL-SUR-TERNOISE").map(\.code) == ["62767"])
        #expect(gazetteer.searchCommunes("saint pol sur ternoise").map(\.code) == ["62767"])
    }

    @Test func accentsAndCaseDoNotMatter() {
        #expect(gazetteer.searchCommunes("saint pol de leon").map(\.code) == ["29259"])
        #expect(gazetteer.searchCommunes("AMIENS").map(\.code) == ["80021"])
    }

    @Test func exactNameComesBeforeLongerNames() {
        let found = gazetteer.searchCommunes("lens").map(\.code)
        #expect(found.first == "62498")
    }

    @Test func nameWithoutArticleIsFound() {
        #expect(gazetteer.searchCommunes("touquet").map(\.code) == ["62826"])
        #expect(gazetteer.searchCommunes("le touquet").map(\.code) == ["62826"])
    }

    @Test func postalCodesAndInseeCodes() {
        #expect(gazetteer.searchCommunes("62300").map(\.code) == ["62498"])
        #expect(gazetteer.searchCommunes("59350").map(\.code) == ["59350"])
        #expect(gazetteer.searchCommunes("59160").map(\.code) == ["59350"])
        #expect(Set(gazetteer.searchCommunes("59").map(\.code)) == ["59350", "59512"])
        #expect(gazetteer.searchCommunes("13001").map(\.code) == ["13055", "13201"])
        #expect(gazetteer.searchCommunes("02408").map(\.code) == ["02408"])
    }

    @Test func emptyOrUnknownFindsNothing() {
        #expect(gazetteer.searchCommunes("").isEmpty)
        #expect(gazetteer.searchCommunes("   ").isEmpty)
        #expect(gazetteer.searchCommunes("zzz").isEmpty)
        #expect(gazetteer.searchCommunes("-'").isEmpty)
        #expect(gazetteer.searchCommunes("lille", limit: 0).isEmpty)
    }

    @Test func limitIsRespected() {
        #expect(gazetteer.searchCommunes("l", limit: 2).count <= 2)
    }
}

@Suite("Reach table")
struct ReachTableTests {
    /// The table must answer exactly as the rule, for every kind of reach and every commune.
    @Test func answersAsTheRuleOnThousandsOfCases() {
        let gazetteer = Fixtures.gazetteer
        var random = SeededRandom(seed: 7)
        let perimeterChoices: [Perimeter] = [
            .commune("59350"), .commune("13055"), .commune("13201"), .commune("99999"), .epci("200093201"), .epci("123456789"),
            .departement("62"), .departement("13"), .departement("99"), .region("32"), .region("93"), .country,
        ]
        var reaches: [Reach] = [.national, .perimeters([])]
        for _ in 0..<300 {
            switch random.nextInt(3) {
            case 0: reaches.append(.radius(km: Double(random.nextInt(400)) + random.nextDouble()))
            case 1: reaches.append(.perimeters((0..<(1 + random.nextInt(3))).map { _ in perimeterChoices[random.nextInt(perimeterChoices.count)] }))
            default: reaches.append(.national)
            }
        }
        for origin in gazetteer.communes.map(\.centre) + [nil] {
            var table = ReachTable(gazetteer: gazetteer)
            for reach in reaches { table.append(reach, from: origin) }
            #expect(table.count == reaches.count)
            for target in gazetteer.communes {
                let place = table.place(of: target)
                var covering = Set<Int>()
                table.covering(place) { covering.insert($0) }
                for (index, reach) in reaches.enumerated() {
                    let expected = ReachRule.covers(reach, from: origin, target)
                    #expect(table.covers(index, place) == expected, "\(reach) → \(target.code)")
                    #expect(covering.contains(index) == expected, "covering: \(reach) → \(target.code)")
                }
            }
        }
    }
}
