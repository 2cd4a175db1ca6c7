import Fluent
import Foundation
import PasserelleCore
import Vapor

/// What `serve` and the other commands do before working: bring the schema up to date, load the
/// reference data that changed, keep it in memory.
enum Preparation {
    static func prepare(_ app: Application) async throws {
        try await prepareSchema(app)
        try await loadReference(app)
        try await loadFirstContent(app)
    }

    /// The content the platform starts with, once: the 2023 regional meeting of Hauts-de-France and
    /// what its proceedings teach.
    static func loadFirstContent(_ app: Application) async throws {
        try await Meeting2023.load(app)
    }

    /// Brings the schema and the stored reference data up to date, without reading them.
    static func prepareSchema(_ app: Application) async throws {
        try await SQLiteTuning.apply(to: app.db)
        try await app.autoMigrate()
        let directory = app.directory.resourcesDirectory + "Reference/"
        for file in TerritoryReference.files + SectorReference.files {
            if try await file.load(from: directory, on: app.db) {
                app.logger.info("Reference data loaded", metadata: ["table": "\(file.table)"])
            }
        }
    }

    /// Reads the reference data from the database into memory.
    static func loadReference(_ app: Application) async throws {
        let gazetteer = try await TerritoryQueries.gazetteer(on: app.db)
        let taxonomy = try await SectorReference.taxonomy(on: app.db)
        app.platform.setReference(ReferenceData(gazetteer: gazetteer, taxonomy: taxonomy))
    }

    /// Loads the demo directory when the database holds no structure yet besides the first
    /// content's, and the demo accounts that do not exist yet.
    static func loadDemo(_ app: Application) async throws {
        if try await DirectoryQueries.count(excludingSource: SeedOrganisations.source, on: app.db) == 0 {
            let reference = try app.platform.reference
            let structures = SampleDirectory.demo(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
            try await DirectoryImport.write(structures.map { (line: 0, structure: $0, id: nil) }, actor: "démonstration", on: app.db)
            app.logger.info("Demo data loaded", metadata: ["structures": "\(structures.count)"])
        } else {
            app.logger.info("Demo directory not loaded: the directory already holds structures")
        }
        try await DemoAccounts.load(on: app.db, hasher: app.password, logger: app.logger)
        try await DemoEvents.load(app)
        try await DemoServices.load(app)
        try await DemoReferrals.load(app)
    }
}
