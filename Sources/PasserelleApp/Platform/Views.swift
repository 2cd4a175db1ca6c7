import Foundation
import Leaf
import PasserelleCore
import Vapor

/// What every page shares: its title, where it sits (breadcrumb, active section) and the map
/// settings. Each page's context embeds one.
struct Layout: Encodable {
    struct Crumb: Encodable {
        var label: String
        var href: String?
    }

    var title: String
    var section: String
    var breadcrumbs: [Crumb]
    var mapTileURL: String
    var mapAttribution: String
    /// The logged-in user's name, and the token of the header's log-out form.
    var userName: String?
    var csrf: String?

    init(title: String, section: String, breadcrumbs: [Crumb], request: Request) {
        self.title = title
        self.section = section
        self.breadcrumbs = [Crumb(label: "Accueil", href: "/")] + breadcrumbs
        mapTileURL = request.platform.config.mapTileURL
        mapAttribution = request.platform.config.mapAttribution
        if let user = request.signedInUser {
            userName = user.name
            csrf = CSRF.token(for: request)
        }
    }
}

/// One choice of a radio group, a checkbox list or a select, as templates read it.
struct ChoiceOption: Encodable {
    var value: String
    var label: String
    var checked: Bool = false
}

/// Every internal link of the pages is built here.
enum Links {
    static func structure(_ id: UUID) -> String { "/structures/\(id.uuidString.lowercased())" }
    static func need(_ id: UUID) -> String { "/besoins/\(id.uuidString.lowercased())" }
    static func opportunities(_ structure: UUID) -> String { "/structures/\(structure.uuidString.lowercased())/opportunites" }
    static func dataInclusion(_ id: UUID) -> String { "/api/v1/structures/\(id.uuidString.lowercased())/data-inclusion" }
    static func event(_ id: UUID) -> String { "/evenements/\(id.uuidString.lowercased())" }
    static func knowledge(_ id: UUID) -> String { "/connaissances/\(id.uuidString.lowercased())" }
    static func service(_ id: UUID) -> String { "/services/\(id.uuidString.lowercased())" }
    static func referral(_ id: UUID) -> String { "/orientations/\(id.uuidString.lowercased())" }
    static func referTo(_ service: UUID) -> String { Self.service(service) + "/orienter" }
    static func registration(_ id: UUID) -> String { "/evenements/inscriptions/\(id.uuidString.lowercased())" }
    static func registrationCancel(_ id: UUID) -> String { registration(id) + "/annuler" }
    static func sessionCancel(_ registration: UUID, _ session: UUID) -> String { Self.registration(registration) + "/sessions/\(session.uuidString.lowercased())/annuler" }
    static func agenda(_ items: [(String, String)]) -> String {
        items.isEmpty ? "/evenements" : "/evenements?" + QueryItems.encode(items)
    }
    static func search(_ items: [(String, String)]) -> String {
        items.isEmpty ? "/structures" : "/structures?" + QueryItems.encode(items)
    }
    static func login(next: String?) -> String {
        guard let next, next != "/" else { return "/connexion" }
        return "/connexion?" + QueryItems.encode([("next", next)])
    }
    static func verification(token: String, publicURL: String) -> String {
        publicURL + "/compte/verifier?" + QueryItems.encode([("jeton", token)])
    }
    static func emailChange(token: String) -> String {
        "/compte/adresse/confirmer?" + QueryItems.encode([("jeton", token)])
    }
    static func newPassword(token: String) -> String {
        "/mot-de-passe/nouveau?" + QueryItems.encode([("jeton", token)])
    }
    static func csv(_ items: [(String, String)]) -> String {
        "/api/v1/structures.csv" + (items.isEmpty ? "" : "?" + QueryItems.encode(items))
    }
}

/// Query strings read and written by hand: repeated keys (`kind=aci&kind=ei`) must stay repeated.
enum QueryItems {
    static func parse(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(String(parts[0])), !key.isEmpty else { return nil }
            return (key, parts.count > 1 ? decode(String(parts[1])) ?? "" : "")
        }
    }

    static func encode(_ items: [(String, String)]) -> String {
        items.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
    }

    private static func decode(_ text: String) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    private static let allowed: CharacterSet = {
        var set = CharacterSet.alphanumerics
        set.insert(charactersIn: "-._~")
        return set
    }()

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}


/// The page shown for errors outside the API.
enum ErrorPage {
    struct Context: Encodable {
        var layout: Layout
        var status: Int
        var heading: String
        var reason: String
    }

    static func render(_ failure: PublicError, for request: Request) async throws -> Response {
        let heading: String
        switch failure.status.code {
        case 403: heading = "Accès réservé"
        case 404: heading = "Page introuvable"
        case 400..<500: heading = "Demande incorrecte"
        case 503: heading = "Service momentanément indisponible"
        default: heading = "Une erreur est survenue"
        }
        let context = Context(
            layout: Layout(title: "\(heading) — Passerelle", section: "", breadcrumbs: [Layout.Crumb(label: heading)], request: request),
            status: Int(failure.status.code), heading: heading, reason: failure.reason
        )
        let response = try await request.view.render("errors/error", context).encodeResponse(for: request)
        response.status = failure.status
        return response
    }
}
