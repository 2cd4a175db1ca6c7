import Fluent
import Foundation
import PasserelleAccounts
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform

/// Who posts offers, and in whose name: the team of an inclusive structure (for the structure of
/// the directory it runs) and a company. The policy's memberships decide; the names and kinds come
/// from the directory and the organisations.
package enum OfferEmployers {
    /// The organisations in whose name `actor` may write offers.
    package static func of(_ actor: Policy.Actor) -> [UUID] {
        var seen = Set<UUID>()
        return actor.memberships.compactMap { membership -> UUID? in
            guard let organisation = membership.organisation else { return nil }
            let employs = (membership.kind == .structure && membership.structure != nil) || membership.kind == .company
            return employs && seen.insert(organisation).inserted ? organisation : nil
        }
    }

    package static func manages(_ organisation: UUID, actor: Policy.Actor) -> Bool { of(actor).contains(organisation) }

    /// The employers `actor` may write for, named, in the order of their names.
    package static func employers(of actor: Policy.Actor, user: UUID, on database: any Database) async throws -> [OfferEmployer] {
        let allowed = Set(of(actor))
        var employers: [OfferEmployer] = []
        for membership in try await OrganisationQueries.memberships(of: user, on: database) where allowed.contains(membership.organisationID) {
            if let structureID = membership.structureID {
                guard let structure = try await DirectoryQueries.structure(id: structureID, on: database) else { continue }
                employers.append(OfferEmployer(organisation: membership.organisationID, structure: structureID, name: structure.name, kind: structure.kind.rawValue))
            } else {
                employers.append(OfferEmployer(organisation: membership.organisationID, structure: nil, name: membership.name, kind: OfferQuery.companyKind))
            }
        }
        return employers.sorted { $0.name < $1.name }
    }
}
