/// The words of the field and of the platform that pages use without explaining them each time.
/// Editors write them in `Resources/Content/glossaire.csv` (identifier; term; definition); the
/// glossary page lists them, and pages link a word to its entry (`/glossaire#stpa`).
public struct Glossary: Sendable, Equatable {
    public struct Entry: Sendable, Equatable {
        /// The anchor of the entry on the glossary page.
        public var id: String
        public var term: String
        public var definition: String
    }

    public var entries: [Entry]

    public enum Problem: Error, Equatable {
        case unreadable(String)
        case line(Int, String)

        public var message: String {
            switch self {
            case .unreadable(let reason): "glossaire.csv illisible : \(reason)"
            case .line(let number, let reason): "glossaire.csv, ligne \(number) : \(reason)"
            }
        }
    }

    /// Reads the file: a header line, then one entry a line, identifiers unique and made of
    /// lower-case letters, digits and hyphens (they are anchors in links).
    public static func read(_ text: String) throws(Problem) -> Glossary {
        let records: [CSV.Record]
        do { records = try CSV.parse(text) } catch { throw .unreadable("\(error)") }
        var entries: [Entry] = []
        for (offset, record) in records.dropFirst().enumerated() {
            let number = offset + 2
            guard record.fields.count == 3 else { throw .line(number, "trois champs attendus (identifiant ; terme ; définition)") }
            let id = record.fields[0], term = record.fields[1], definition = record.fields[2]
            guard !id.isEmpty, id.allSatisfy({ ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }) else {
                throw .line(number, "identifiant « \(id) » : minuscules, chiffres et tirets seulement")
            }
            guard !entries.contains(where: { $0.id == id }) else { throw .line(number, "identifiant « \(id) » en double") }
            guard !term.isEmpty, !definition.isEmpty else { throw .line(number, "terme et définition obligatoires") }
            entries.append(Entry(id: id, term: term, definition: definition))
        }
        return Glossary(entries: entries)
    }

    public func entry(_ id: String) -> Entry? { entries.first { $0.id == id } }
}
