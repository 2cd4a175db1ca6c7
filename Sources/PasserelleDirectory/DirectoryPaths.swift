import Foundation
import PasserellePlatform
/// The directory's pages.
package enum DirectoryPaths {
    package static let search = PagePath("/structures")
    package static let profile = PagePath("/structures/:id")
    package static let editProfile = PagePath("/structures/:id/modifier")
    package static let newActivity = PagePath("/structures/:id/activites/nouvelle")
    package static let activity = PagePath("/structures/:id/activites/:number")
    package static let deleteActivity = PagePath("/structures/:id/activites/:number/supprimer")
    package static let hide = PagePath("/structures/:id/masquer")
    package static let restore = PagePath("/structures/:id/retablir")
    package static let hiddenProfiles = PagePath("/admin/fiches-masquees")
    package static let hiddenProfilesCSV = PagePath("/admin/fiches-masquees.csv")
}

extension Links {
    package static func structure(_ id: UUID) -> String { DirectoryPaths.profile.link(id) }
    package static func search(_ items: [(String, String)]) -> String { DirectoryPaths.search.link(query: items) }
    package static func dataInclusion(_ id: UUID) -> String { "/api/v1/structures/\(id.uuidString.lowercased())/data-inclusion" }
    package static func csv(_ items: [(String, String)]) -> String {
        "/api/v1/structures.csv" + (items.isEmpty ? "" : "?" + QueryItems.encode(items))
    }
}
