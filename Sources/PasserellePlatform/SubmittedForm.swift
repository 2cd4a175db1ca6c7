import PasserelleCore
import Vapor

/// The fields of a submitted HTML form (`application/x-www-form-urlencoded`), with repeated names
/// (checkboxes) kept in order.
package struct SubmittedForm {
    package let items: [(String, String)]

    /// Line ends are `\n` in every value: browsers send a textarea's as `\r\n`. One-line fields
    /// are checked by the core (`OneLineText`), which refuses any line break.
    package init(_ request: Request) {
        items = QueryItems.parse(request.body.string).map { ($0.0, MultiLineText.unifyingLineEnds($0.1)) }
    }

    /// The first value of `name`, or "" when the form did not send it.
    package subscript(name: String) -> String { items.first { $0.0 == name }?.1 ?? "" }

    package func all(_ name: String) -> [String] { items.filter { $0.0 == name }.map(\.1) }

    /// A textarea of one item per line.
    package func lines(_ name: String) -> [String] { self[name].split(whereSeparator: \.isNewline).map(String.init) }
}

/// Errors of a form as its template shows them: next to each field (`errors`), and listed at the
/// top with links to the fields (`errorList`), in the order of the form.
package struct FormErrors: Encodable {
    package struct Listed: Encodable {
        package var href: String
        package var message: String

        package init(href: String, message: String) {
            self.href = href
            self.message = message
        }
    }

    package var errors: [String: String] = [:]
    package var errorList: [Listed] = []

    package init() {}

    /// The messages of `errors`, listed in the order of the page's `fields` (names).
    package init(_ errors: FieldErrors, order fields: [String]) {
        self.errors = errors.messages
        errorList = fields.compactMap { name in errors[name].map { Listed(href: "#" + name, message: $0) } }
    }

    /// - Parameter fields: the core's labels and the form's field names, in the form's order.
    package init(_ problems: FieldProblems, fields: [(label: String, name: String)], fallback: String) {
        for problem in problems.list {
            let name = fields.first { $0.label == problem.field }?.name ?? fallback
            if errors[name] == nil { errors[name] = problem.message } else { errors[name]! += " " + problem.message }
        }
        var listed = Set<String>()
        for name in fields.map(\.name) + [fallback] where listed.insert(name).inserted {
            if let message = errors[name] { errorList.append(Listed(href: "#" + name, message: message)) }
        }
    }
}
