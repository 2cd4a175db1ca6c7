import Foundation

/// What a decoding failure means for whoever sent the request, in French: which field, what was
/// expected, what came — never the decoder's internals (`CodingKeys(stringValue: …)`).
public enum DecodingProblem {
    /// - Parameter query: the request's query items, to name a query parameter when the decoder
    ///   lost its name.
    public static func french(_ error: DecodingError, query: [(String, String)] = []) -> String {
        switch error {
        case .keyNotFound(let key, let context):
            return "champ obligatoire absent : « \(path(context.codingPath + [key])) »."
        case .valueNotFound(let type, let context):
            return "\(subject(context, query: query, value: nil)) : attendu \(expected(type)), reçu null."
        case .typeMismatch(let type, let context):
            // The URI decoder forgets the parameter's name: the values that cannot be of the
            // type expected point to it.
            let suspects = query.filter { !fits($0.1, type) }
            let value = suspects.count == 1 ? suspects[0].1 : nil
            var who = subject(context, query: query, value: value)
            if value == nil, suspects.count > 1, context.codingPath.isEmpty {
                who = "l’un des paramètres " + suspects.map { "« \($0.0) »" }.joined(separator: ", ")
            }
            return "\(who) : attendu \(expected(type)), reçu \(found(in: context.debugDescription) ?? (value.map { "« \($0) »" } ?? "autre chose"))."
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty, context.debugDescription.contains("not valid JSON") {
                return "le corps de la requête n’est pas du JSON valide."
            }
            if let range = context.debugDescription.range(of: "invalid String value ") {
                let value = String(context.debugDescription[range.upperBound...])
                return "\(subject(context, query: query, value: value)) : la valeur « \(value) » n’est pas permise."
            }
            if context.debugDescription.localizedCaseInsensitiveContains("date") {
                return "\(subject(context, query: query, value: nil)) : attendu une date au format ISO 8601 (2026-03-01T09:00:00Z)."
            }
            return "\(subject(context, query: query, value: nil)) : valeur invalide."
        @unknown default:
            return "la requête n’a pas la forme attendue."
        }
    }

    /// `lots[2].titre`: the field's place in the body.
    static func path(_ keys: [any CodingKey]) -> String {
        var text = ""
        for key in keys {
            if let index = key.intValue, Int(key.stringValue) == index || key.stringValue.hasPrefix("Index ") {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    /// « « email » », or the query parameter that holds `value`, or a general subject.
    private static func subject(_ context: DecodingError.Context, query: [(String, String)], value: String?) -> String {
        let named = context.codingPath.filter { key in key.intValue == nil || (Int(key.stringValue) != key.intValue && !key.stringValue.hasPrefix("Index ")) }
        if !named.isEmpty { return "« \(path(context.codingPath)) »" }
        if let value, let item = query.first(where: { $0.1 == value || $0.1.split(separator: ",").contains(Substring(value)) }) {
            return "paramètre « \(item.0) »"
        }
        return query.isEmpty ? "le corps de la requête" : "un paramètre de la requête"
    }

    static func expected(_ type: Any.Type) -> String {
        let name = String(describing: type)
        if name == "String" || name == "Substring" { return "un texte" }
        if name.hasPrefix("Int") || name.hasPrefix("UInt") { return "un nombre entier" }
        if ["Double", "Float", "Decimal"].contains(name) { return "un nombre" }
        if name == "Bool" { return "true ou false" }
        if name == "Date" { return "une date" }
        if name.hasPrefix("Array") || name.hasPrefix("[") { return "une liste" }
        return "un objet"
    }

    /// What JSONDecoder says it found (« but found a string instead »), in French.
    static func found(in description: String) -> String? {
        guard let range = description.range(of: "found ") else { return nil }
        let what = description[range.upperBound...].prefix { $0 != "." }.replacingOccurrences(of: " instead", with: "")
        switch what.trimmingCharacters(in: .whitespaces) {
        case "a string", "string": return "un texte"
        case "a number", "number": return "un nombre"
        case "a bool", "bool", "a boolean", "boolean": return "un booléen"
        case "null", "a null value", "null value": return "null"
        case "an array", "array": return "une liste"
        case "a dictionary", "dictionary", "an object", "object": return "un objet"
        default: return nil
        }
    }

    /// Whether a query value reads as the expected type (to find the parameter at fault).
    private static func fits(_ value: String, _ type: Any.Type) -> Bool {
        switch expected(type) {
        case "un nombre entier": Int(value) != nil
        case "un nombre": Double(value) != nil
        case "true ou false": value == "true" || value == "false"
        default: true
        }
    }
}
