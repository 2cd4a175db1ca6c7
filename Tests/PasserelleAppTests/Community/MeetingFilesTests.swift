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
        #expect(problems.count == 5, "\(problems)")
        #expect(problems.contains { $0.contains("session inconnue atelier-99") })
        #expect(problems.contains { $0.contains("thème inconnu theme-inconnu") })
        #expect(problems.contains { $0.contains("commune inconnue 00000") })
        #expect(problems.contains { $0.contains("secteur inconnu") })
        #expect(problems.contains { $0.hasPrefix("evenement.yaml : un texte contient") })
        #expect(throws: ContentFileError.self) {
            _ = try files.structures(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
        }
    }
}
