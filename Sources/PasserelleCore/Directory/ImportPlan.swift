import Foundation

/// What an import will do to the directory: which rows create a structure, which update one, which
/// bring nothing new. A row is matched to an existing structure by SIRET, else by its source and
/// source id, else by the platform identifier it carries, else by its name and commune, so that
/// importing the same file twice changes nothing.
public struct ImportPlan: Sendable {
    public struct Update: Sendable {
        public var before: Structure
        public var after: Structure
    }

    public var creations: [Structure] = []
    public var updates: [Update] = []
    public var unchanged = 0
    /// Rows that describe a structure already described by an earlier row of the same file.
    public var duplicates: [(line: Int, firstLine: Int)] = []

    public init(incoming: [(line: Int, structure: Structure, id: UUID?)], existing: [Structure], now: Date) {
        var bySiret: [String: Int] = [:]
        var bySource: [String: Int] = [:]
        var byId: [UUID: Int] = [:]
        var byName: [String: Int] = [:]
        for (position, structure) in existing.enumerated() {
            if let siret = structure.siret { bySiret[siret] = position }
            if let key = Self.sourceKey(structure) { bySource[key] = position }
            byId[structure.id] = position
            byName[Self.nameKey(structure)] = position
        }
        var seen: [String: Int] = [:]
        for row in incoming {
            let fileKey = row.structure.siret.map { "siret:\($0)" } ?? Self.sourceKey(row.structure).map { "source:\($0)" } ?? row.id.map { "id:\($0)" } ?? "name:\(Self.nameKey(row.structure))"
            if let first = seen[fileKey] {
                duplicates.append((row.line, first))
                continue
            }
            seen[fileKey] = row.line
            let match = row.structure.siret.flatMap { bySiret[$0] }
                ?? Self.sourceKey(row.structure).flatMap { bySource[$0] }
                ?? row.id.flatMap { byId[$0] }
                ?? byName[Self.nameKey(row.structure)]
            if let match {
                let before = existing[match]
                var after = row.structure
                after.id = before.id
                // A file without source keeps the structure's own.
                if after.source == nil && after.sourceId == nil {
                    after.source = before.source
                    after.sourceId = before.sourceId
                }
                if after.hasSameContent(as: before) {
                    unchanged += 1
                } else {
                    after.updatedAt = now
                    updates.append(Update(before: before, after: after))
                }
            } else {
                var created = row.structure
                if let id = row.id, byId[id] == nil { created.id = id }
                created.updatedAt = now
                creations.append(created)
            }
        }
    }

    static func sourceKey(_ structure: Structure) -> String? {
        guard let source = structure.source, let id = structure.sourceId else { return nil }
        return "\(source)\u{1F}\(id)"
    }

    static func nameKey(_ structure: Structure) -> String {
        "\(SearchText.fold(structure.name))\u{1F}\(structure.communeCode ?? "")"
    }

    /// What changed, in French, for the structure's history.
    public static func summary(from before: Structure, to after: Structure) -> String {
        var fields: [String] = []
        func check<T: Equatable>(_ label: String, _ path: KeyPath<Structure, T>) {
            if before[keyPath: path] != after[keyPath: path] { fields.append(label) }
        }
        check("nom", \.name)
        check("enseigne", \.brand)
        check("type", \.kind)
        check("Nᵒ SIRET", \.siret)
        check("description", \.description)
        check("adresse", \.address)
        check("commune", \.communeCode)
        check("coordonnées", \.coordinates)
        check("téléphone", \.phone)
        check("courriel", \.email)
        check("site web", \.website)
        check("réseaux", \.networks)
        check("labels", \.labels)
        check("effectifs en insertion", \.insertionStaff)
        check("effectifs permanents", \.permanentStaff)
        check("année de création", \.yearFounded)
        check("références clients", \.clientReferences)
        check("QPV", \.inQPV)
        check("ZRR", \.inZRR)
        if before.activities != after.activities { fields.append(activityChanges(from: before.activities, to: after.activities)) }
        check("source", \.sourceId)
        return fields.isEmpty ? "aucun changement" : "modifié : " + fields.joined(separator: ", ")
    }

    /// "activités (2 : zone d’intervention ; 1 ajoutée)": which activity changed, and how.
    static func activityChanges(from before: [Activity], to after: [Activity]) -> String {
        // Activities removed from the list, the others kept in order: say which went.
        if after.count < before.count {
            var removed: [Int] = []
            var next = 0
            for (position, activity) in before.enumerated() {
                if next < after.count && after[next] == activity { next += 1 } else { removed.append(position + 1) }
            }
            if next == after.count {
                return "activités (" + removed.map { "\($0) supprimée" }.joined(separator: " ; ") + ")"
            }
        }
        var parts: [String] = []
        for (position, (old, new)) in zip(before, after).enumerated() where old != new {
            var aspects: [String] = []
            if old.sectorSlug != new.sectorSlug { aspects.append("secteur") }
            if old.serviceTypes != new.serviceTypes { aspects.append("type de prestation") }
            if old.reach != new.reach { aspects.append("zone d’intervention") }
            if old.description != new.description { aspects.append("description") }
            parts.append("\(position + 1) : " + aspects.joined(separator: ", "))
        }
        if after.count > before.count { parts.append(after.count - before.count == 1 ? "1 ajoutée" : "\(after.count - before.count) ajoutées") }
        if before.count > after.count { parts.append(before.count - after.count == 1 ? "1 supprimée" : "\(before.count - after.count) supprimées") }
        return "activités (" + parts.joined(separator: " ; ") + ")"
    }
}
