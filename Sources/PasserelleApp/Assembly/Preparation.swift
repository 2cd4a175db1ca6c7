import Fluent
import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform
import PasserelleTerritory
import Vapor

/// What `serve` and the other commands do before working: bring the schema up to date, load the
/// reference data that changed, keep it in memory.
enum Preparation {
    static func prepare(_ app: Application) async throws {
        try await prepareSchema(app)
        try await loadReference(app)
        try await loadFirstContent(app)
    }

    /// The content the platform starts with, written once by the modules that have some (the 2023
    /// regional meeting of Hauts-de-France and what its proceedings teach).
    static func loadFirstContent(_ app: Application) async throws {
        try await Modules.loadFirstContent(app)
    }

    /// Brings the schema and the stored reference data up to date, without reading them.
    static func prepareSchema(_ app: Application) async throws {
        try await SQLiteTuning.apply(to: app.db)
        try await app.autoMigrate()
        let directory = app.directory.resourcesDirectory + "Reference/"
        for file in Modules.referenceFiles {
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

    /// Each module's demo data, in the order of `Modules.all` (the directory, then the accounts
    /// that run some of its structures, then the needs sent to them, the services, the events).
    static func loadDemo(_ app: Application, leaving: Set<ProductModule> = []) async throws {
        try await Modules.loadDemo(app, leaving: leaving)
    }
}
