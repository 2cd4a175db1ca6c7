import Fluent
import PasserellePlatform

/// The day a person's identity was erased by the retention job; their facts stay for the figures.
package struct M0026AddPersonAnonymisation: AsyncMigration {
    package var name: String { "0026-add-person-anonymisation" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("people").field("anonymised_at", .datetime).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("people").deleteField("anonymised_at").update()
    }
}
