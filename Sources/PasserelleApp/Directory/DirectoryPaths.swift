import Foundation
import PasserellePlatform
/// The directory's pages.
enum DirectoryPaths {
    static let search = PagePath("/structures")
    static let profile = PagePath("/structures/:id")
    static let editProfile = PagePath("/structures/:id/modifier")
    static let newActivity = PagePath("/structures/:id/activites/nouvelle")
    static let activity = PagePath("/structures/:id/activites/:number")
    static let deleteActivity = PagePath("/structures/:id/activites/:number/supprimer")
    static let hide = PagePath("/structures/:id/masquer")
    static let restore = PagePath("/structures/:id/retablir")
    static let hiddenProfiles = PagePath("/admin/fiches-masquees")
    static let hiddenProfilesCSV = PagePath("/admin/fiches-masquees.csv")
}

extension Links {
    static func structure(_ id: UUID) -> String { DirectoryPaths.profile.link(id) }
    static func search(_ items: [(String, String)]) -> String { DirectoryPaths.search.link(query: items) }
    static func dataInclusion(_ id: UUID) -> String { "/api/v1/structures/\(id.uuidString.lowercased())/data-inclusion" }
    static func csv(_ items: [(String, String)]) -> String {
        "/api/v1/structures.csv" + (items.isEmpty ? "" : "?" + QueryItems.encode(items))
    }
}
