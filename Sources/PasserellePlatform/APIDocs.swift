import Foundation
import PasserelleAPI
import Vapor
import Yams

/// The contract served as JSON (`/api/openapi.json`) and as a readable page (`/api/docs`), both
/// from `openapi.yaml`, read once.
package struct APIDocs {
    package let json: ByteBuffer
    package let page: PageContext
    /// The operations the contract puts behind a token, as `METHOD /api/v1/structures/:id`.
    package let tokenOperations: Set<String>

    package init() throws {
        let document = try Yams.load(yaml: try APIDocument.yaml()) as? [String: Any] ?? [:]
        let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
        json = ByteBuffer(data: data)
        page = PageContext(document: document)
        var operations = Set<String>()
        for (path, methods) in document["paths"] as? [String: Any] ?? [:] {
            let pattern = path.replacingOccurrences(of: "{", with: ":").replacingOccurrences(of: "}", with: "")
            for (method, operation) in methods as? [String: Any] ?? [:] where (operation as? [String: Any])?["security"] != nil {
                operations.insert(method.uppercased() + " " + pattern)
            }
        }
        tokenOperations = operations
    }

    package func register(on app: Application) {
        app.get(PlatformPaths.apiDocument) { _ -> Response in
            var headers = HTTPHeaders()
            headers.contentType = .json
            headers.add(name: .accessControlAllowOrigin, value: "*")
            return Response(status: .ok, headers: headers, body: .init(buffer: json))
        }
        app.get(PlatformPaths.apiDocs) { request async throws -> View in
            var context = page
            context.layout = Layout(title: "API — Passerelle", section: "api",
                                    breadcrumbs: [Layout.Crumb(label: "Développeurs", href: PlatformPaths.developers.link()), Layout.Crumb(label: "Référence de l’API")],
                                    request: request)
            return try await request.view.render("platform/api-docs", context)
        }
    }

    /// Inline code of the contract's Markdown (`sector`) shown as « sector »: templates only escape.
    package static func plain(_ text: String) -> String {
        var output = ""
        var open = false
        for character in text {
            if character == "`" {
                output += open ? " »" : "« "
                open.toggle()
            } else {
                output.append(character)
            }
        }
        return output
    }

    package struct PageContext: Encodable {
        package struct Parameter: Encodable {
            package var name: String
            package var location: String
            package var required: Bool
            package var type: String
            package var description: String
        }

        package struct Response: Encodable {
            package var status: String
            package var description: String
        }

        package struct Operation: Encodable {
            package var anchor: String
            package var method: String
            package var path: String
            package var summary: String
            package var description: String
            package var parameters: [Parameter]
            package var responses: [Response]
        }

        package struct Tag: Encodable {
            package var name: String
            package var description: String
            package var operations: [Operation]
        }

        package var layout: Layout?
        package var title: String
        package var version: String
        package var descriptionLines: [String]
        package var tags: [Tag]

        package init(document: [String: Any]) {
            let info = document["info"] as? [String: Any] ?? [:]
            title = info["title"] as? String ?? "API"
            version = info["version"] as? String ?? ""
            descriptionLines = (info["description"] as? String ?? "").components(separatedBy: "\n\n").map { APIDocs.plain($0.replacingOccurrences(of: "\n", with: " ")) }.filter { !$0.isEmpty }
            let components = document["components"] as? [String: Any] ?? [:]
            let sharedParameters = components["parameters"] as? [String: Any] ?? [:]
            let sharedResponses = components["responses"] as? [String: Any] ?? [:]
            func resolve(_ object: Any, in shared: [String: Any]) -> [String: Any] {
                guard let dictionary = object as? [String: Any] else { return [:] }
                if let reference = dictionary["$ref"] as? String, let name = reference.split(separator: "/").last {
                    return shared[String(name)] as? [String: Any] ?? [:]
                }
                return dictionary
            }
            func typeName(_ schema: [String: Any]) -> String {
                if let values = schema["enum"] as? [Any] { return "une valeur parmi : " + values.map { "\($0)" }.joined(separator: ", ") }
                if let reference = schema["$ref"] as? String { return String(reference.split(separator: "/").last ?? "") }
                if let type = schema["type"] as? String {
                    if type == "array", let items = schema["items"] as? [String: Any] {
                        if let reference = items["$ref"] as? String, let name = reference.split(separator: "/").last,
                           let schemas = components["schemas"] as? [String: Any], let target = schemas[String(name)] as? [String: Any] {
                            return "liste répétable ; " + typeName(target)
                        }
                        return "liste répétable de " + typeName(items)
                    }
                    return type
                }
                return ""
            }
            var byTag: [String: [Operation]] = [:]
            let paths = document["paths"] as? [String: Any] ?? [:]
            for path in paths.keys.sorted() {
                guard let methods = paths[path] as? [String: Any] else { continue }
                for method in ["get", "post", "put", "patch", "delete"] {
                    guard let operation = methods[method] as? [String: Any] else { continue }
                    let parameters = (operation["parameters"] as? [Any] ?? []).map { resolve($0, in: sharedParameters) }.map { parameter in
                        Parameter(
                            name: parameter["name"] as? String ?? "", location: parameter["in"] as? String ?? "",
                            required: parameter["required"] as? Bool ?? false,
                            type: typeName(parameter["schema"] as? [String: Any] ?? [:]),
                            description: APIDocs.plain(parameter["description"] as? String ?? "")
                        )
                    }
                    let responses = (operation["responses"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { status, value in
                        Response(status: status, description: APIDocs.plain(resolve(value, in: sharedResponses)["description"] as? String ?? ""))
                    }
                    let id = operation["operationId"] as? String ?? path
                    let tag = (operation["tags"] as? [String])?.first ?? "API"
                    byTag[tag, default: []].append(Operation(
                        anchor: id, method: method.uppercased(), path: path, summary: operation["summary"] as? String ?? "",
                        description: APIDocs.plain(operation["description"] as? String ?? ""), parameters: parameters, responses: responses
                    ))
                }
            }
            let tagDescriptions = (document["tags"] as? [[String: Any]] ?? []).reduce(into: [String: String]()) {
                $0[$1["name"] as? String ?? ""] = $1["description"] as? String ?? ""
            }
            tags = byTag.keys.sorted().map { Tag(name: $0, description: tagDescriptions[$0] ?? "", operations: byTag[$0]!) }
        }
    }
}
