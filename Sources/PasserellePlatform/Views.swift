import Foundation
import Leaf
import PasserelleCore
import Vapor

/// What every page shares: its title, where it sits (breadcrumb, active section) and the map
/// settings. Each page's context embeds one.
package struct Layout: Encodable {
    package struct Crumb: Encodable {
        package var label: String
        package var href: String?

        package init(label: String, href: String? = nil) {
            self.label = label
            self.href = href
        }
    }

    package var title: String
    package var section: String
    package var breadcrumbs: [Crumb]
    package var mapTileURL: String
    package var mapAttribution: String
    /// The logged-in user's name, and the token of the header's log-out form.
    package var userName: String?
    package var csrf: String?
    /// Every page's links, by name (`TemplateLinks`).
    package var links: [String: String]
    /// Pages about a person: search engines must not index them even if a link leaks.
    package var noindex = false
    /// The header's sections for the viewer (`MainMenu`).
    package var menu: [MenuEntry] = []

    package struct MenuEntry: Encodable {
        package var label: String
        package var href: String
        package var current: Bool
    }

    package init(title: String, section: String, breadcrumbs: [Crumb], request: Request) {
        self.title = title
        self.section = section
        self.breadcrumbs = [Crumb(label: "Accueil", href: "/")] + breadcrumbs
        mapTileURL = request.platform.config.mapTileURL
        mapAttribution = request.platform.config.mapAttribution
        links = request.application.storage[ModuleStateKey<TemplateLinks>.self]?.byName ?? [:]
        let links = links
        menu = MainMenu.sections(for: request.actorIfRead ?? .visitor).compactMap { entry in
            links[entry.linkName].map { MenuEntry(label: entry.label, href: $0, current: entry.pageSection == section) }
        }
        if let user = request.signedInUser {
            userName = user.name
            csrf = CSRF.token(for: request)
        }
    }
}

/// One choice of a radio group, a checkbox list or a select, as templates read it.
package struct ChoiceOption: Encodable {
    package var value: String
    package var label: String
    package var checked: Bool = false
    /// A line under the label that says what the choice means.
    package var hint: String?

    package init(value: String, label: String, checked: Bool = false, hint: String? = nil) {
        self.value = value
        self.label = label
        self.checked = checked
        self.hint = hint
    }
}

/// One step of a stepper (`components/stepper`): a form in several steps, or the way from
/// sign-up to the workspace.
package struct StepperStep: Encodable, Sendable {
    package var number: Int
    package var title: String
    /// Where the step is, when it can be gone back to.
    package var href: String?
    package var current: Bool
    package var done: Bool

    package init(number: Int, title: String, href: String? = nil, current: Bool, done: Bool = false) {
        self.number = number
        self.title = title
        self.href = href
        self.current = current
        self.done = done
    }
}

/// The links the pages use most. Each module adds those to its own pages, built from its paths,
/// in an extension in its `<Module>Paths.swift`.
package enum Links {}

/// Query strings read and written by hand: repeated keys (`kind=aci&kind=ei`) must stay repeated.
package enum QueryItems {
    package static func parse(_ query: String?) -> [(String, String)] {
        guard let query, !query.isEmpty else { return [] }
        return query.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let key = decode(String(parts[0])), !key.isEmpty else { return nil }
            return (key, parts.count > 1 ? decode(String(parts[1])) ?? "" : "")
        }
    }

    package static func encode(_ items: [(String, String)]) -> String {
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
package enum ErrorPage {
    package struct Context: Encodable {
        package var layout: Layout
        package var status: Int
        package var heading: String
        package var reason: String
    }

    package static func render(_ failure: PublicError, for request: Request) async throws -> Response {
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
