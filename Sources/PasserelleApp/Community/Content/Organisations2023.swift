import Fluent
import Foundation
import PasserelleCore
import SQLKit
import Vapor

/// The inclusive employers of the 2023 regional meeting, put in the directory once, and the
/// meeting's experience reports tied to their profiles.
enum Organisations2023 {
    static let stateKey = "community.organisations-2023"

    /// The directory record each report's organisation is, where the report names it differently.
    static let directoryNames: [String: String] = [
        "ACI Devenir en Vermandois": "Devenir en Vermandois",
        "AFEJI": "AFEJI — ateliers et chantiers d’insertion",
        "EA Malécot (Les Papillons blancs de Lille)": "EA Malécot",
        "Entreprise adaptée Cadiflor": "Cadiflor",
        "Les Astelles": "Les Astelles — atelier et chantier d’insertion",
        "Urbilog & Compéthance": "Compéthance",
    ]

    static func load(_ app: Application) async throws {
        guard try await PlatformState.value(stateKey, on: app.db) == nil else { return }
        let reference = try app.platform.reference
        let structures = SeedOrganisations.structures(gazetteer: reference.gazetteer, taxonomy: reference.taxonomy, now: Date())
        let plan = try await DirectoryImport.write(structures.map { (line: 0, structure: $0, id: nil) }, actor: "contenu initial", on: app.db)
        let linked = try await linkReports(on: app.db)
        try await PlatformState.set(stateKey, to: "\(structures.count)", on: app.db)
        app.logger.info("Organisations of the 2023 meeting in the directory",
                        metadata: ["created": "\(plan.creations.count)", "reports linked": "\(linked)"])
    }

    /// Ties the reports that name one of the organisations, and no structure yet, to its record.
    static func linkReports(on database: any Database) async throws -> Int {
        struct Named: Decodable {
            var id: UUID
            var name: String
        }
        let sql = database.sql
        let records = try await DirectoryQueries.names(fromSource: SeedOrganisations.source, on: database)
        let byName = Dictionary(records.map { ($0.name, $0.id) }, uniquingKeysWith: { first, _ in first })
        let reports = try await sql.select().column("id").column(SQLColumn("organisation_name"), as: "name").from("knowledge_items")
            .where("structure_id", .is, SQLLiteral.null).where("organisation_name", .isNot, SQLLiteral.null)
            .all(decoding: Named.self)
        var linked = 0
        for report in reports {
            guard let structure = byName[directoryNames[report.name] ?? report.name] else { continue }
            try await sql.update("knowledge_items").set("structure_id", to: SQLBind(structure)).where("id", .equal, SQLBind(report.id)).run()
            linked += 1
        }
        return linked
    }
}
