/// The two-level sector taxonomy (groups and sectors) in which structures describe what they sell;
/// the same as Le marché de l'inclusion's, so that data flows between the two.
public struct SectorTaxonomy: Sendable {
    public struct Group: Hashable, Sendable {
        public var slug: String
        public var name: String
        public var sectors: [Sector]
    }

    public struct Sector: Hashable, Sendable {
        public var slug: String
        public var name: String
        public var groupSlug: String
    }

    public let groups: [Group]
    private let sectorsBySlug: [String: Sector]
    private let groupsBySlug: [String: Group]

    /// - Parameter rows: (group slug, group name, sector slug, sector name), in the reference order.
    ///   Within a group, the "Autre (…)" catch-all goes last, as users expect.
    public init(rows: [(groupSlug: String, groupName: String, sectorSlug: String, sectorName: String)]) {
        var order: [String] = []
        var names: [String: String] = [:]
        var members: [String: [Sector]] = [:]
        for row in rows {
            if names[row.groupSlug] == nil {
                order.append(row.groupSlug)
                names[row.groupSlug] = row.groupName
            }
            members[row.groupSlug, default: []].append(Sector(slug: row.sectorSlug, name: row.sectorName, groupSlug: row.groupSlug))
        }
        let groups = order.map { slug in
            let sectors = members[slug, default: []].sorted { lhs, rhs in
                let lhsOther = lhs.name.hasPrefix("Autre"), rhsOther = rhs.name.hasPrefix("Autre")
                if lhsOther != rhsOther { return rhsOther }
                return SearchText.fold(lhs.name) < SearchText.fold(rhs.name)
            }
            return Group(slug: slug, name: names[slug]!, sectors: sectors)
        }.sorted { SearchText.fold($0.name) < SearchText.fold($1.name) }
        self.groups = groups
        sectorsBySlug = Dictionary(groups.flatMap(\.sectors).map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        groupsBySlug = Dictionary(groups.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public var sectors: [Sector] { groups.flatMap(\.sectors) }
    public func sector(_ slug: String) -> Sector? { sectorsBySlug[slug] }
    public func group(_ slug: String) -> Group? { groupsBySlug[slug] }

    /// Finds a sector by slug or by its name as people write it ("Nettoyage de locaux").
    public func resolveSector(_ text: String) -> Sector? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let sector = sectorsBySlug[trimmed] { return sector }
        let key = SearchText.fold(trimmed)
        return sectors.first { SearchText.fold($0.name) == key }
    }
}

import Foundation
