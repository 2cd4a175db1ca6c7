import Fluent
import Foundation
import PasserelleDirectory
import PasserellePlatform
import SQLKit

/// The accounts that act for a directory structure: members of the organisation that runs it.
package enum StructureMembers {
    package static func emails(of structure: UUID, on database: any Database) async throws -> [String] {
        try await emails(of: [structure], on: database)[structure] ?? []
    }

    /// The verified addresses of each structure's team.
    package static func emails(of structures: [UUID], on database: any Database) async throws -> [UUID: [String]] {
        struct Row: Decodable {
            package var structureID: UUID
            package var email: String
        }
        guard !structures.isEmpty else { return [:] }
        let rows = try await database.sql.select()
            .column(SQLColumn("structure_id", table: "organisations")).column(SQLColumn("email", table: "users")).from("users")
            .join("memberships", on: SQLColumn("user_id", table: "memberships"), .equal, SQLColumn("id", table: "users"))
            .join("organisations", on: SQLColumn("id", table: "organisations"), .equal, SQLColumn("organisation_id", table: "memberships"))
            .where(SQLColumn("structure_id", table: "organisations"), .in, SQLBind.group(structures))
            .where(SQLColumn("email_verified_at", table: "users"), .isNot, SQLLiteral.null)
            .orderBy(SQLColumn("email", table: "users")).all(decoding: Row.self, table: "memberships", keys: .snakeCaseColumns)
        return Dictionary(grouping: rows, by: \.structureID).mapValues { $0.map(\.email) }
    }
}
