import Fluent
import PasserelleDirectory
import PasserellePlatform

/// A mailed link may carry a value: the new address of a change of e-mail.
package struct M0008AddTokenPayload: AsyncMigration {
    package var name: String { "0008-add-token-payload" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("email_tokens").field("payload", .string).update()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("email_tokens").deleteField("payload").update()
    }
}
