import Fluent
import Foundation
@testable import PasserelleCommunity
import PasserelleCore
import SQLKit
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// A database written by an earlier version of the 2023 content (invented facts about real
/// organisations, distorted figures, items missing) is brought to the files' version once, at
/// start, without undoing what a structure's team or a moderator changed.
@Suite("The 2023 meeting's content corrected in a database written before")
struct MeetingCorrectionTests {
    @Test func anEarlierVersionIsCorrectedOnceAndEditsAreKept() async throws {
        try await withPasserelle(.reference) { app in
            let db = app.db
            let reference = try app.platform.reference
            let seeded = try await DirectoryQueries.allStructures(on: db).filter { $0.source == SeedOrganisations.source }
            let event = try #require(try await EventStore.eventID(titled: "Rencontres régionales de l’inclusion dans l’emploi 2023", on: db))
            let sessions = try await EventStore.sessions(of: event, on: db)
            let items = try await KnowledgeStore.items(fromEvent: event, on: db)
            let files = try Meeting2023.files(app)

            // What the earlier version wrote: a network and a reach the proceedings do not give,
            // a distorted objective, a resource missing, a workshop's title reworded.
            var cadiflor = try #require(seeded.first { $0.name == "Cadiflor" })
            cadiflor.networks = ["UNEA"]
            cadiflor.activities = [Activity(sectorSlug: "creation-et-entretien-des-espaces-verts", serviceTypes: [.services], reach: .perimeters([.region("32")]))]
            _ = try await DirectoryImport.write([(line: 0, structure: cadiflor, id: cadiflor.id)], actor: "contenu initial", on: db)
            // A record its team has edited since.
            var fibre = try #require(seeded.first { $0.name == "Fibr’&Co" })
            fibre.description = "Notre présentation, écrite par l’équipe."
            _ = try await DirectoryImport.write([(line: 0, structure: fibre, id: fibre.id)], actor: "Équipe Fibr’&Co", on: db)
            let cd2e = try #require(items.first { $0.organisationName == "CD2E" })
            var distorted = try #require(files.knowledgePlans().first { $0.organisation == "CD2E" })
            distorted.actions = "Tous les marchés publics avec une considération environnementale d’ici août 2026."
            try await KnowledgeStore.correct(cd2e.id, with: distorted, gazetteer: reference.gazetteer, on: db, now: cd2e.createdAt)
            // An item a moderator changed since: kept.
            let practice = try #require(items.first { $0.title == "Mutualiser les moyens" })
            var moderated = try #require(files.knowledgePlans().first { $0.title == "Mutualiser les moyens" })
            moderated.summary = "Texte revu par la modération."
            try await KnowledgeStore.correct(practice.id, with: moderated, gazetteer: reference.gazetteer, on: db, now: practice.createdAt.addingTimeInterval(60))
            // A resource under an earlier title: known by its address.
            let guide = try #require(items.first { $0.title.hasPrefix("Construire de nouvelles relations aux entreprises") })
            var retitled = try #require(files.knowledgePlans().first { $0.title == guide.title })
            retitled.title = "Construire de nouvelles relations aux entreprises dans les parcours d’inclusion"
            try await KnowledgeStore.correct(guide.id, with: retitled, gazetteer: reference.gazetteer, on: db, now: guide.createdAt)
            let dreets = try #require(items.first { $0.title.hasPrefix("Retour sur les rencontres régionales") })
            // The earlier version had no such item: removed here as no product path removes one.
            try await db.sql.delete(from: "knowledge_items").where("id", .equal, SQLBind(dreets.id)).run()
            let workshop = try #require(sessions.first { $0.title.hasPrefix("Adapter les outils d’accompagnement") })
            var reworded = try #require(try files.eventPlan().sessions.first { $0.title == workshop.title })
            reworded.title = "Adapter les outils d’accompagnement pour lever les freins à la reprise d’emploi"
            reworded.room = "Atelier 9"
            try await EventWriter.replace(workshop.id, with: reworded, on: db)
            try await PlatformState.remove(Meeting2023.faithfulKey, on: db)

            try await Meeting2023.load(app)

            let after = try #require(try await DirectoryQueries.structure(id: cadiflor.id, on: db))
            #expect(after.networks.isEmpty && after.activities.isEmpty && after.labels.isEmpty)
            let history = try await DirectoryQueries.history(of: cadiflor.id, on: db, names: { _, _ in [:] })
            #expect(history.first?.actor == Meeting2023.correctionActor)
            #expect(try await DirectoryQueries.structure(id: fibre.id, on: db)?.description == "Notre présentation, écrite par l’équipe.")
            let corrected = try #require(try await KnowledgeStore.item(cd2e.id, on: db))
            #expect(corrected.actions?.contains("des clauses et des critères environnementaux obligatoires") == true && corrected.state == .published)
            #expect(try await KnowledgeStore.item(practice.id, on: db)?.summary == "Texte revu par la modération.")
            #expect(try await KnowledgeStore.item(guide.id, on: db)?.title == guide.title)
            let now = try await KnowledgeStore.items(fromEvent: event, on: db)
            #expect(now.count == items.count && now.contains { $0.title == dreets.title && $0.state == .published && $0.sessionID == nil })
            let session = try #require(try await EventStore.session(workshop.id, on: db))
            #expect(session.title == workshop.title && session.room == nil)
            #expect(try await PlatformState.value(Meeting2023.faithfulKey, on: db) == "1")

            // Once: a later start changes nothing.
            try await Meeting2023.load(app)
            #expect(try await DirectoryQueries.history(of: cadiflor.id, on: db, names: { _, _ in [:] }).count == history.count)
            #expect(try await KnowledgeStore.items(fromEvent: event, on: db).count == items.count)
        }
    }

    /// A database that had nothing written gets the files as they are, and the mark with them.
    @Test func aNewDatabaseNeedsNoCorrection() async throws {
        try await withPasserelle(.reference) { app in
            #expect(try await PlatformState.value(Meeting2023.faithfulKey, on: app.db) == "1")
            let seeded = try await DirectoryQueries.allStructures(on: app.db).filter { $0.source == SeedOrganisations.source }
            for structure in seeded {
                let history = try await DirectoryQueries.history(of: structure.id, on: app.db, names: { _, _ in [:] })
                #expect(history.map(\.actor) == ["contenu initial"])
            }
        }
    }
}
