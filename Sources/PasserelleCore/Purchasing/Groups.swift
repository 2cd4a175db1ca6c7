import Foundation

/// Where a structure stands in a group (groupement momentané d'entreprises, co-traitance).
public enum GroupMemberStatus: String, CaseIterable, Codable, Sendable {
    case invited = "invitee"
    case accepted = "acceptee"
    case refused = "refusee"

    public var label: String {
        switch self {
        case .invited: "Invitée"
        case .accepted: "Membre"
        case .refused: "A décliné"
        }
    }
}

/// The rules of groups that answer a need as one: who may join, who is suggested, how an
/// invitation is decided and who represents the group.
public enum GroupRules {
    public static let maximumMembers = 12

    /// Why `structure` cannot be in a group answering this need, if it cannot: one of its
    /// activities (any sector: a group joins trades) must reach the need's place, and its kind must
    /// be admitted by the reserved clauses, which bind every co-contractor.
    public static func joinProblem(_ structure: Structure, content: NeedContent, matcher: NeedMatcher) -> String? {
        guard let location = content.location else { return "Le besoin n’a pas de lieu d’exécution : aucun groupement ne peut s’y former." }
        let sectors = Set(structure.activities.map(\.sectorSlug))
        guard !sectors.isEmpty else { return "« \(structure.name) » n’a aucune activité sur sa fiche : elle ne peut pas rejoindre un groupement." }
        // The need's own reservations bind every member; a lot's reservation binds that lot only.
        let target = NeedTarget(sectors: sectors, location: location, acceptsNationalSuppliers: content.acceptsNationalSuppliers,
                                kinds: content.kinds, clauses: content.clauses.map(\.kind))
        if !target.admittedKinds.contains(structure.kind) {
            return "« \(structure.name) » (\(structure.kind.acronym)) n’est pas admise par les clauses de ce besoin : un marché réservé l’est pour chaque membre du groupement."
        }
        guard matcher.rank(target).contains(where: { matcher.structure(at: $0.position).id == structure.id }) else {
            return "« \(structure.name) » n’intervient pas sur le lieu du besoin : aucune de ses zones d’intervention ne le couvre. Elle ne peut pas rejoindre ce groupement."
        }
        return nil
    }

    /// Structures to invite, best first: those that bring the need's sectors the group lacks,
    /// then those of the same trades nearby; none already in the group.
    public static func suggestions(for content: NeedContent, group members: [Structure], matcher: NeedMatcher, limit: Int = 12) -> [NeedMatch] {
        guard let location = content.location else { return [] }
        let present = Set(members.map(\.id))
        let covered = Set(members.flatMap { $0.activities.map(\.sectorSlug) })
        let needSectors = content.sectors.union(content.lots.flatMap(\.sectors))
        let clauses = content.clauses.map(\.kind)
        var picked: [NeedMatch] = []
        var seen = present
        func take(_ sectors: Set<String>, reason: String, upTo count: Int) {
            guard !sectors.isEmpty else { return }
            let target = NeedTarget(sectors: sectors, location: location, acceptsNationalSuppliers: content.acceptsNationalSuppliers, kinds: content.kinds, clauses: clauses)
            var added = 0
            for candidate in matcher.rank(target) where picked.count < limit && added < count {
                var match = matcher.explain(candidate, for: target)
                guard seen.insert(match.structure.id).inserted else { continue }
                match.reasons.insert(reason, at: 0)
                picked.append(match)
                added += 1
            }
        }
        for sector in needSectors.subtracting(covered).sorted() {
            take([sector], reason: "complète le groupement", upTo: 4)
        }
        take(needSectors.intersection(covered), reason: "même métier, à proximité", upTo: limit)
        return picked
    }

    /// The status after an invited structure's decision; only an invitation is decided.
    public static func decide(_ status: GroupMemberStatus, accept: Bool) -> Result<GroupMemberStatus, NeedTransitionRefused> {
        guard status == .invited else {
            return .failure(NeedTransitionRefused(message: "Cette invitation a déjà reçu une réponse (« \(status.label.lowercased()) »)."))
        }
        return .success(accept ? .accepted : .refused)
    }

    /// Whether the representative (mandataire) may be handed to `member`: only to a structure that
    /// accepted.
    public static func mandateProblem(to status: GroupMemberStatus?) -> String? {
        status == .accepted ? nil : "Le mandataire est choisi parmi les structures qui ont accepté de faire partie du groupement."
    }
}
