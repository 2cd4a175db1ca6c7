import PasserelleCore
import PasserellePlatform

/// A commune typed in a form with the autocomplete (`commune_q`, and the code it picked in
/// `commune`): the INSEE code it means, or the text itself (40 characters at most) for the form's
/// check to report when it means none.
package enum CommuneInput {
    package static func code(typed: String, picked: String, gazetteer: Gazetteer) -> String {
        let text = typed.trimmingCharacters(in: .whitespaces)
        if text.isEmpty { return "" }
        if !picked.isEmpty, let commune = gazetteer.commune(picked), text.hasPrefix(commune.name.name) { return commune.code }
        let code = text.uppercased()
        if code.count == 5, gazetteer.commune(code) != nil { return code }
        let withoutQualifier = text.firstIndex(of: "(").map { String(text[..<$0]).trimmingCharacters(in: .whitespaces) } ?? text
        let qualifier = text.firstIndex(of: "(").map { String(text[text.index(after: $0)...]).filter { $0.isNumber || $0.isLetter } } ?? ""
        let candidates = gazetteer.communes(named: SearchText.fold(withoutQualifier))
        if let exact = candidates.first(where: { $0.postalCodes.contains(qualifier) || $0.code == qualifier }) ?? (candidates.count == 1 ? candidates.first : nil) {
            return exact.code
        }
        return gazetteer.searchCommunes(text, limit: 1).first?.code ?? String(text.prefix(40))
    }
}
