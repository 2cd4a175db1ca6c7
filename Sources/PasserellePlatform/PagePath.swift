import Foundation
import Vapor

/// A page's address, declared once in its module's `<Module>Paths`: the same value registers the
/// route and builds every link to it, in Swift and, through the contexts, in templates.
/// `PagePath("/structures/:id/modifier")` registers `structures/:id/modifier`, and
/// `.link(id)` gives `/structures/3f…/modifier` (identifiers in lowercase).
package struct PagePath: Sendable, Hashable, CustomStringConvertible {
    package let segments: [String]

    package init(_ pattern: String) {
        segments = pattern.split(separator: "/").map(String.init)
    }

    /// The pattern, as written (`/structures/:id`).
    package var description: String { "/" + segments.joined(separator: "/") }

    package var pathComponents: [PathComponent] { segments.map { PathComponent(stringLiteral: $0) } }

    package var parameterCount: Int { segments.filter { $0.hasPrefix(":") }.count }

    /// The address with its parameters filled in, in order; a wrong count is a programming error
    /// caught by `PagePathTests`, which builds every declared path.
    package func link(_ values: any LinkValue...) -> String {
        precondition(values.count == parameterCount, "\(self) takes \(parameterCount) parameter(s)")
        var remaining = values.makeIterator()
        return "/" + segments.map { $0.hasPrefix(":") ? remaining.next()!.linkText : $0 }.joined(separator: "/")
    }

    /// The address followed by a query (`?page=2`), when there is one.
    package func link(_ values: any LinkValue..., query: [(String, String)]) -> String {
        precondition(values.count == parameterCount, "\(self) takes \(parameterCount) parameter(s)")
        var remaining = values.makeIterator()
        let path = "/" + segments.map { $0.hasPrefix(":") ? remaining.next()!.linkText : $0 }.joined(separator: "/")
        return query.isEmpty ? path : path + "?" + QueryItems.encode(query)
    }
}

/// A value that fills a path's parameter.
package protocol LinkValue: Sendable {
    var linkText: String { get }
}

extension UUID: LinkValue {
    package var linkText: String { uuidString.lowercased() }
}

extension String: LinkValue {
    package var linkText: String { addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? self }
}

extension Int: LinkValue {
    package var linkText: String { String(self) }
}

extension RoutesBuilder {
    @discardableResult
    package func get<Response: VaporSendableMetatype & AsyncResponseEncodable>(_ path: PagePath, use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        get(path.pathComponents, use: closure)
    }

    @discardableResult
    package func post<Response: VaporSendableMetatype & AsyncResponseEncodable>(_ path: PagePath, use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        post(path.pathComponents, use: closure)
    }

    /// A form that carries a file (`multipart/form-data`): its body may reach `FileForm.maximumBytes`,
    /// which the CSRF check, reading the body first, learns from the route.
    @discardableResult
    package func postFile<Response: VaporSendableMetatype & AsyncResponseEncodable>(_ path: PagePath, use closure: @Sendable @escaping (Request) async throws -> Response) -> Route {
        let route = on(.POST, path.pathComponents, body: .collect(maxSize: ByteCount(value: FileForm.maximumBytes)), use: closure)
        route.userInfo[FileForm.key] = FileForm.maximumBytes
        return route
    }
}

/// The forms that send a file: a structure's spreadsheet, not a national dump.
package enum FileForm {
    package static let maximumBytes = 4 << 20
    static let key = "passerelle.file-form"

    /// The most a form's body may weigh on this request's route.
    package static func limit(_ request: Request) -> Int {
        request.route?.userInfo[key] as? Int ?? request.application.routes.defaultMaxBodySize.value
    }
}
