import Fluent
import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The directory of inclusive structures: profiles, search, imports, profile editing and moderation.
package enum DirectoryModule: ModuleDefinition {
    package static let module = ProductModule.directory
    package static let templateLinks: [String: PagePath] = ["directory": DirectoryPaths.search, "hiddenProfiles": DirectoryPaths.hiddenProfiles]

    package static func configure(_ app: Application) {
        app.setModuleState(DirectoryIndexCache())
        app.setModuleState(DirectoryParticipants())
    }
    package static var migrations: [any AsyncMigration] { [M0003CreateSectors(), M0004CreateStructures(), M0012AddEditorsAndModeration()] }
    package static var referenceFiles: [ReferenceFile] { SectorReference.files }
    package static let apiOperations: Set<String> = [
        "listStructures", "exportStructures", "getStructure", "updateStructure", "getStructureDataInclusion", "listSectors",
    ]

    package static func registerPages(on pages: any RoutesBuilder) throws {
        try pages.register(collection: DirectoryPages())
        try pages.register(collection: ProfileEditPages())
        try pages.register(collection: ProfileModerationPages())
    }

    /// The demo directory, when the directory holds no structure yet besides the first content's;
    /// the search index is rebuilt for the modules after it (the demo needs go to its structures).
    package static func loadDemo(_ app: Application) async throws {
        if try await DirectoryQueries.count(excludingSource: SeedOrganisations.source, on: app.db) == 0 {
            let reference = try app.platform.reference
            let structures = SampleDirectory.demo(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
            try await DirectoryImport.write(structures.map { (line: 0, structure: $0, id: nil) }, actor: "démonstration", on: app.db)
            app.logger.info("Demo data loaded", metadata: ["structures": "\(structures.count)"])
        } else {
            app.logger.info("Demo directory not loaded: the directory already holds structures")
        }
        try await app.directoryIndexCache.rebuild(on: app.db, reference: app.platform.reference, logger: app.logger)
    }
}
