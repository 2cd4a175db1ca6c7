import Fluent
import PasserellePlatform
import SQLKit

/// The versions of the IAE eligibility rules. A version is never changed once stored: the law's
/// next change is a new version with its own effective day, so that a diagnosis keeps being judged
/// by the rules of its day and the history reads from the table itself.
package struct M0023CreateEligibilityRuleSets: AsyncMigration {
    package var name: String { "0023-create-eligibility-rule-sets" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("eligibility_rule_sets")
            .id()
            .field("effective_from", .string, .required)
            .field("source", .string, .required)
            // The version as the reference file writes it (criteria and thresholds), checked by the core before storing.
            .field("content", .string, .required)
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .field("created_by", .uuid, .references("users", "id", onDelete: .setNull))
            .field("created_by_label", .string, .required)
            .unique(on: "effective_from")
            .create()
    }

    package func revert(on database: any Database) async throws {
        try await database.schema("eligibility_rule_sets").delete()
    }
}
