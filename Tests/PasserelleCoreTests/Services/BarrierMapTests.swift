import Foundation
import Testing
@testable import PasserelleCore

@Suite("Services: the barriers map of a commune")
struct BarrierMapTests {
    static func service(_ name: String, at commune: Commune?, modes: [ReceptionMode] = [.onSite], zone: [String] = [], themes: [String]) -> Service {
        ServiceSearchTests.service(name, at: commune, modes: modes, zone: zone, themes: themes)
    }

    @Test func eachCategoryIsOnSiteRemoteOnlyOrMissing() throws {
        let services = [
            Self.service("Français à Roubaix", at: Fixtures.roubaix, themes: ["lecture-ecriture-calcul--maitriser-le-francais"]),
            Self.service("Français à Lens", at: Fixtures.lens, themes: ["lecture-ecriture-calcul--maitriser-le-francais"]),
            // Too far from Lille for on site, and a zone that leaves Lille out.
            Self.service("Permis à Amiens", at: Fixtures.amiens, themes: ["mobilite--preparer-un-permis"]),
            Self.service("Logement hors zone", at: Fixtures.roubaix, zone: ["62"], themes: ["logement-hebergement--louer-un-logement"]),
            Self.service("Santé à distance", at: nil, modes: [.remote], zone: ["59"], themes: ["sante--acces-aux-soins"]),
            Self.service("Archivé", at: Fixtures.lille, themes: ["numerique--acceder-a-des-services-en-ligne"]),
        ]
        var all = services
        all[5].status = .archived
        let index = ServiceIndex(services: all, gazetteer: Fixtures.gazetteer)
        let map = try BarrierMap(around: Fixtures.lille.code, index: index)
        #expect(map.commune.code == "59350" && map.rows.count == ServiceVocabulary.categories.count)
        func row(_ slug: String) throws -> BarrierMap.Row { try #require(map.rows.first { $0.category.slug == slug }) }
        let french = try row("lecture-ecriture-calcul")
        #expect(french.coverage == .onSite && french.onSite == 2 && (french.nearestKm ?? 0) > 5 && (french.nearestKm ?? 99) < 15)
        #expect(!french.uncoveredThematiques.contains { $0.value == "lecture-ecriture-calcul--maitriser-le-francais" })
        #expect(try row("sante").coverage == .remoteOnly && row("sante").remote == 1)
        for missing in ["mobilite", "logement-hebergement", "numerique"] { #expect(try row(missing).coverage == .missing, "\(missing)") }
        #expect(map.gaps.count == ServiceVocabulary.categories.count - 1)
        #expect(throws: ServiceIndex.Failure.unknownCommune("00000")) { try BarrierMap(around: "00000", index: index) }
    }
}
