import Fluent
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// What sign-up by role needs: the answer to « Vous êtes… » on the account; on the
/// organisation, its verification (every organisation made before is verified: the platform
/// team or the demo made it), the domain its people write from, the perimeter a facilitator or a
/// steward asked for, and who verified it when.
package struct M0022AddOnboarding: AsyncMigration {
    package var name: String { "0022-add-onboarding" }

    package func prepare(on database: any Database) async throws {
        try await database.schema("users").field("profile", .string).update()
        // One column per statement: SQLite adds them one ALTER TABLE at a time.
        try await database.schema("organisations").field("verification", .string, .required, .sql(.default("verifiee"))).update()
        for field in ["domain", "requested_territory", "verified_by"] {
            try await database.schema("organisations").field(.definition(name: .key(.string(field)), dataType: .string, constraints: [])).update()
        }
        try await database.schema("organisations").field("verified_at", .datetime).update()
        let sql = database.sql
        try await sql.create(index: "organisations_verification").on("organisations").column("verification").run()
        try await sql.create(index: "organisations_siret").on("organisations").column("siret").run()
        try await sql.create(index: "organisations_domain").on("organisations").column("domain").run()
    }

    package func revert(on database: any Database) async throws {
        let sql = database.sql
        for index in ["organisations_domain", "organisations_siret", "organisations_verification"] { try await sql.drop(index: index).run() }
        for field in ["verified_at", "verified_by", "requested_territory", "domain", "verification"] {
            try await database.schema("organisations").deleteField(.string(field)).update()
        }
        try await database.schema("users").deleteField("profile").update()
    }
}
