import Fluent
import PasserellePlatform

/// Régions, départements, EPCI and communes of the Code officiel géographique.
package struct M0002CreateTerritory: AsyncMigration {
    package var name: String { "0002-create-territory" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("regions")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("article_type", .int, .required)
            .create()
        try await database.schema("departements")
            .field("code", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("article_type", .int, .required)
            .field("region_code", .string, .required)
            .create()
        try await database.schema("epcis")
            .field("siren", .string, .identifier(auto: false))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .create()
        try await database.schema("communes")
            .field("code", .string, .identifier(auto: false))
            .field("kind", .string, .required)
            .field("name", .string, .required)
            .field("bare_name", .string, .required)
            .field("article_type", .int, .required)
            .field("parent_code", .string)
            .field("departement_code", .string, .required)
            .field("region_code", .string, .required)
            .field("epci_siren", .string)
            .field("postal_codes", .string, .required)
            .field("latitude", .double)
            .field("longitude", .double)
            .field("population", .int, .required)
            .create()
    }

    package func revert(on database: any Database) async throws {
        for table in ["communes", "epcis", "departements", "regions"] {
            try await database.schema(table).delete()
        }
    }
}
