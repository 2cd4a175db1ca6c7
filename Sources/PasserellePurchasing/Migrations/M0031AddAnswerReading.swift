import Fluent
import PasserellePlatform
import SQLKit

/// When the buyer's team last read a structure's answer: an answer is « to read » in « Mon
/// espace » until then, and again once the structure changes it. Answers given before this
/// column are counted as read: their buyers had them on the need's page already.
package struct M0031AddAnswerReading: AsyncMigration {
    package var name: String { "0031-add-answer-reading" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("need_answers").field("buyer_read_at", .datetime).update()
        try await database.sql.update("need_answers").set("buyer_read_at", to: SQLColumn("updated_at")).run()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("need_answers").deleteField("buyer_read_at").update()
    }
}
