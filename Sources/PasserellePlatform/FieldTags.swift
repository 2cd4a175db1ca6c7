import Leaf
import PasserelleCore
import LeafKit

/// A form field's error, written once for every form: `#fieldError(errors.title, "title")` gives
/// `<p class="field-error" id="title-error">…</p>` when the field has an error, nothing otherwise.
/// Leaf's partials take no arguments, so the two halves of a field's error are tags; the error
/// summary at the top of a form is the partial `components/error-summary`.
package struct FieldErrorTag: UnsafeUnescapedLeafTag {

    package init() {

    }
    package func render(_ ctx: LeafContext) throws -> LeafData {
        let (message, id) = try FieldTagArguments.read(ctx, tag: "fieldError", count: 2...2)
        guard let message else { return .string("") }
        return .string("<p class=\"field-error\" id=\"\(HTMLFragments.escape(id))-error\">\(HTMLFragments.escape(message))</p>")
    }
}

/// The attributes that tie a control to its hint and its error, for screen readers:
/// `<input … #fieldAria(errors.title, "title", "title-hint")>` gives
/// ` aria-describedby="title-hint title-error" aria-invalid="true"` when the field has an error,
/// ` aria-describedby="title-hint"` otherwise (nothing without a hint).
package struct FieldAriaTag: UnsafeUnescapedLeafTag {

    package init() {

    }
    package func render(_ ctx: LeafContext) throws -> LeafData {
        let (message, id) = try FieldTagArguments.read(ctx, tag: "fieldAria", count: 2...3)
        let hint = ctx.parameters.count == 3 ? ctx.parameters[2].string : nil
        let described = [hint, message == nil ? nil : id + "-error"].compactMap { $0 }.map(HTMLFragments.escape)
        var attributes = described.isEmpty ? "" : " aria-describedby=\"\(described.joined(separator: " "))\""
        if message != nil { attributes += " aria-invalid=\"true\"" }
        return .string(attributes)
    }
}

private enum FieldTagArguments {
    /// The field's error (nil when empty or absent) and its id.
    static func read(_ ctx: LeafContext, tag: String, count: some RangeExpression<Int>) throws -> (message: String?, id: String) {
        guard count.contains(ctx.parameters.count), let id = ctx.parameters[1].string, !id.isEmpty else {
            throw LeafError(.unknownError("#\(tag)(erreur, \"id\"…) : paramètres attendus"))
        }
        let message = ctx.parameters[0].string.flatMap { $0.isEmpty ? nil : $0 }
        return (message, id)
    }
}

/// « de » before a name, elided as French says it: `Opportunités #de(name)` gives « Opportunités
/// d’Atelier Lille » or « Opportunités de Lille » (`French.de`). The name is escaped as any value.
package struct ElidedDeTag: LeafTag {
    package init() {}

    package func render(_ ctx: LeafContext) throws -> LeafData {
        guard ctx.parameters.count == 1, let word = ctx.parameters[0].string else {
            throw LeafError(.unknownError("#de(texte) : un paramètre attendu"))
        }
        return .string(French.de(word))
    }
}
