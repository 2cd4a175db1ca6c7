import Foundation
import PasserellePlatform

/// The pages of journeys: for now their public rules and the platform team's versions of them.
package enum JourneysPaths {
    package static let rules = PagePath("/parcours/regles")
    package static let eligibilityAdmin = PagePath("/admin/eligibilite")
}
