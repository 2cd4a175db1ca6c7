import Foundation

/// The part of JSON Schema (draft 2020-12) that data·inclusion's schemas use: types, `anyOf`,
/// `enum`, `$ref` to `$defs`, string lengths, patterns and formats, arrays with unique items,
/// required properties. Enough to hold our exports to the national schema in tests.
struct JSONSchema {
    let root: [String: Any]

    init(file: String) throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: file))
        root = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    func validate(_ value: Any) -> [String] {
        check(value, against: root, at: "$")
    }

    private func check(_ value: Any, against schema: [String: Any], at path: String) -> [String] {
        var problems: [String] = []
        if let reference = schema["$ref"] as? String {
            let name = String(reference.split(separator: "/").last ?? "")
            let definitions = root["$defs"] as? [String: Any] ?? [:]
            return check(value, against: definitions[name] as? [String: Any] ?? [:], at: path)
        }
        if let options = schema["anyOf"] as? [[String: Any]] {
            if !options.contains(where: { check(value, against: $0, at: path).isEmpty }) {
                problems.append("\(path): matches no allowed form")
            }
            return problems
        }
        if let type = schema["type"] as? String, !matches(value, type: type) {
            return ["\(path): expected \(type), got \(value)"]
        }
        if let allowed = schema["enum"] as? [Any], !allowed.contains(where: { "\($0)" == "\(value)" }) {
            problems.append("\(path): \(value) is not an allowed value")
        }
        if let text = value as? String {
            if let minimum = schema["minLength"] as? Int, text.count < minimum { problems.append("\(path): shorter than \(minimum)") }
            if let maximum = schema["maxLength"] as? Int, text.count > maximum { problems.append("\(path): longer than \(maximum)") }
            if let pattern = schema["pattern"] as? String, text.range(of: pattern, options: .regularExpression) == nil {
                problems.append("\(path): does not match \(pattern)")
            }
            switch schema["format"] as? String {
            case "date":
                if text.range(of: #"^\d{4}-\d{2}-\d{2}$"#, options: .regularExpression) == nil { problems.append("\(path): not a date") }
            case "email":
                if text.range(of: #"^[^@\s]+@[^@\s]+\.[^@\s]+$"#, options: .regularExpression) == nil { problems.append("\(path): not an e-mail") }
            case "uri":
                if URL(string: text)?.scheme == nil { problems.append("\(path): not a URI") }
            default: break
            }
        }
        if let list = value as? [Any] {
            if let items = schema["items"] as? [String: Any] {
                for (index, item) in list.enumerated() { problems += check(item, against: items, at: "\(path)[\(index)]") }
            }
            if schema["uniqueItems"] as? Bool == true, Set(list.map { "\($0)" }).count != list.count {
                problems.append("\(path): items are not unique")
            }
        }
        if let object = value as? [String: Any] {
            for name in schema["required"] as? [String] ?? [] where object[name] == nil {
                problems.append("\(path).\(name): required")
            }
            let properties = schema["properties"] as? [String: Any] ?? [:]
            for (name, property) in object {
                guard let propertySchema = properties[name] as? [String: Any] else { continue }
                problems += check(property, against: propertySchema, at: "\(path).\(name)")
            }
        }
        return problems
    }

    private func matches(_ value: Any, type: String) -> Bool {
        switch type {
        case "null": return value is NSNull
        case "string": return value is String
        case "boolean": return value is Bool
        case "integer": return (value as? NSNumber).map { $0.doubleValue == $0.doubleValue.rounded() } ?? false
        case "number": return value is NSNumber
        case "array": return value is [Any]
        case "object": return value is [String: Any]
        default: return true
        }
    }
}
