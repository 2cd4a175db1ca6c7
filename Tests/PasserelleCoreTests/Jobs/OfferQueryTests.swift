import Foundation
import Testing
@testable import PasserelleCore

@Suite struct OfferQueryTests {
    static func read(_ items: [(String, String)]) -> Result<OfferQuery, OfferQuery.Unreadable> {
        OfferQuery.read(items, rome: RomeTests.rome, knownCommune: { ["59350", "62041"].contains($0) })
    }

    @Test func aSearchIsReadAndWrittenBackTheSameWay() throws {
        let title = try #require(RomeTests.rome.titles.values.first { $0.job == "K2204" })
        let query = try Self.read([("near", "59350"), ("radius_km", "12"), ("rome", String(title.code)), ("q", "Agent de l’entretien"),
                                   ("contract", "cddi"), ("contract", "cddi"), ("employer_kind", "aci"), ("employer_kind", "entreprise"), ("page", "2")]).get()
        #expect(query.near == "59350" && query.radiusKm == 12 && query.rome == .title(title.code) && query.words == ["agent", "entretien"])
        #expect(query.contracts == [.cddi] && query.employerKinds == ["aci", "entreprise"] && query.page == 2 && query.size == 20)
        #expect(try Self.read(query.items).get() == OfferQuery(copying: query, page: 1))
        #expect(try Self.read([("rome", "k2204")]).get().rome == .job("K2204"))
    }

    @Test func whatCannotBeReadIsSaidInFrench() {
        guard case .failure(let unreadable) = Self.read([("near", "99999"), ("radius_km", "900"), ("rome", "Z9"), ("contract", "stage"),
                                                       ("employer_kind", "ong"), ("page", "0"), ("size", "500"), ("q", String(repeating: "a", count: 201))]) else {
            Issue.record("accepted"); return
        }
        #expect(unreadable.problems.count == 8 && unreadable.problems[0] == "Commune inconnue : « 99999 » (code INSEE attendu).")
    }

    @Test func theNearestComeFirstWithinTheRadius() {
        let lille = GeoPoint(latitude: 50.6292, longitude: 3.0573)
        let old = Date(timeIntervalSince1970: 1_000), new = Date(timeIntervalSince1970: 2_000)
        let a = UUID(), b = UUID(), c = UUID(), d = UUID()
        let found = OfferQuery.nearest([
            .init(id: a, place: GeoPoint(latitude: 50.6942, longitude: 3.1746), publishedAt: old),
            .init(id: b, place: lille, publishedAt: old),
            .init(id: c, place: lille, publishedAt: new),
            .init(id: d, place: GeoPoint(latitude: 50.2910, longitude: 2.7775), publishedAt: new),
            .init(id: UUID(), place: nil, publishedAt: new),
        ], to: lille, radiusKm: 20)
        #expect(found.map(\.id) == [c, b, a] && found[2].distanceKm == 11)
        let box = OfferQuery.boundingBox(around: lille, radiusKm: 20)
        #expect(box.minLatitude < 50.45 && box.maxLatitude > 50.80 && box.minLongitude < 2.78 && box.maxLongitude > 3.33)
    }
}

extension OfferQuery {
    init(copying query: OfferQuery, page: Int) {
        self = query
        self.page = page
    }
}
