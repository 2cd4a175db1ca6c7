import Foundation
@testable import PasserelleCommunity
import PasserelleCore
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// The 2023 meeting's files, as an editor leaves them: they read, every reference in them
/// resolves, and no text holds a way to reach a person.
@Suite("The 2023 meeting's content files")
struct MeetingFilesTests {
    static let resources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Resources").path + "/"

    @Test func theShippedFilesHaveNoProblem() async throws {
        let files = try MeetingFiles.load(resources: Self.resources)
        let reference = try await TestDatabases.shared.reference()
        #expect(files.problems(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy) == [])
        #expect(files.event.sessions.count == 12 && files.organisations.count == 17 && files.knowledge.count > 50)
        _ = try files.eventPlan()
        #expect(try files.structures(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date()).count == 17)
    }

    @Test func anEditorsMistakesAreSaid() async throws {
        var files = try MeetingFiles.load(resources: Self.resources)
        let reference = try await TestDatabases.shared.reference()
        files.knowledge[0].session = "atelier-99"
        files.knowledge[1].theme = "theme-inconnu"
        files.organisations[0].commune = "00000"
        files.organisations[1].activities = ["secteur-inconnu | prestation-de-services | france | Rien"]
        files.event.sessions[0].speakers[0].role = "joignable au 06 12 34 56 78"
        let problems = files.problems(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy)
        #expect(problems.count == 6, "\(problems)")
        #expect(problems.contains { $0.contains("session inconnue atelier-99") })
        #expect(problems.contains { $0.contains("thème inconnu theme-inconnu") })
        #expect(problems.contains { $0.contains("commune inconnue 00000") })
        #expect(problems.contains { $0.contains("secteur inconnu") })
        // The activities added to the second record do not say where the proceedings give them.
        #expect(problems.contains { $0.contains("« activites » ne dit pas d’où il vient") })
        #expect(problems.contains { $0.hasPrefix("evenement.yaml : un texte contient") })
        #expect(throws: ContentFileError.self) {
            _ = try files.structures(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
        }
    }

    /// Every fact about a real organisation says where the proceedings state it; a field without
    /// a source, a source without a field and a source that names no session are each said.
    @Test func aFactWithoutItsSourceIsSaid() async throws {
        var files = try MeetingFiles.load(resources: Self.resources)
        let reference = try await TestDatabases.shared.reference()
        #expect(files.organisations.allSatisfy { Set(($0.sources ?? [:]).keys) == Set($0.statedFields) })
        files.organisations[2].networks = ["Un réseau supposé"]
        files.organisations[3].sources?["salaries_en_insertion"] = "atelier-2 — retour de la MSA"
        files.organisations[4].sources?["nom"] = "quelque part dans les actes"
        let problems = files.problems(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy)
        #expect(problems.count == 3, "\(problems)")
        #expect(problems.contains { $0.contains("« \(files.organisations[2].name) » : le champ « reseaux » ne dit pas d’où il vient") })
        #expect(problems.contains { $0.contains("sources nomme « salaries_en_insertion », que la fiche ne donne pas") })
        #expect(problems.contains { $0.contains("la source de « nom » commence par l’identifiant d’une session") })
    }

    /// Our summaries share no run of ten words with the proceedings (their fingerprint ships with
    /// the files); a sentence taken over is said with the words it shares.
    @Test func aSentenceOfTheProceedingsIsSaid() async throws {
        var files = try MeetingFiles.load(resources: Self.resources)
        let reference = try await TestDatabases.shared.reference()
        #expect(files.proceedings.hashes.count > 9_000)
        let taken = try #require(files.knowledge[3].actions)
        files.proceedings = SourceFingerprint(source: "Une page des actes. " + taken)
        let problems = files.problems(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy)
        #expect(problems.allSatisfy { $0.contains(" : dix mots de suite sont ceux des actes (« ") }, "\(problems)")
        #expect(problems.contains { $0.hasPrefix("connaissances.yaml : dix mots de suite sont ceux des actes (« un accompagnement renforce") }, "\(problems)")
    }

    /// No way to reach a real person in the content or the demo data: every e-mail address is on a
    /// domain kept for examples and every phone number in the ranges kept for fiction (ARCEP).
    @Test func noContactOfAPersonInTheContentOrTheDemo() throws {
        let root = URL(fileURLWithPath: Self.resources).deletingLastPathComponent()
        var files = try FileManager.default.subpathsOfDirectory(atPath: Self.resources + "Content").map { "Resources/Content/" + $0 }
        files += try FileManager.default.subpathsOfDirectory(atPath: root.appendingPathComponent("Sources").path)
            .filter { $0.hasSuffix(".swift") && (($0 as NSString).lastPathComponent.hasPrefix("Demo") || $0.hasSuffix("SampleDirectory.swift")) }
            .map { "Sources/" + $0 }
        #expect(files.count(where: { $0.hasPrefix("Sources/") }) >= 5)
        var found: [String] = []
        for path in files {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            found += Self.realContacts(in: text).map { "\(path) : \($0)" }
        }
        #expect(found == [])
        #expect(Self.realContacts(in: "Écrire à jean.dupont@exemple-reel.fr ou au 06 35 54 05 81 ; demo@demo.passerelle.test, 03 53 01 12 34.")
                == ["jean.dupont@exemple-reel.fr", "06 35 54 05 81"])
    }

    static func realContacts(in text: String) -> [String] {
        let reservedDomains = [".test", ".example", ".invalid", "example.org", "example.com", "example.net"]
        let fictionPhones = ["01 99 00", "02 61 91", "03 53 01", "04 65 71", "05 36 49", "06 39 98"]
        var found: [String] = []
        for match in text.matches(of: #/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/#) {
            let address = String(match.output).lowercased()
            if !reservedDomains.contains(where: { address.hasSuffix($0) }) { found.append(String(match.output)) }
        }
        for match in text.matches(of: #/(?:\+33 ?|\b0)[1-9](?:[ .-]?\d{2}){4}\b/#) {
            let digits = String(match.output).filter(\.isNumber)
            let spaced = stride(from: 0, to: digits.count, by: 2).map { start -> String in
                let from = digits.index(digits.startIndex, offsetBy: start)
                return String(digits[from..<digits.index(from, offsetBy: min(2, digits.count - start))])
            }.joined(separator: " ")
            if !fictionPhones.contains(where: { spaced.hasPrefix($0) }) { found.append(String(match.output)) }
        }
        return found
    }
}
