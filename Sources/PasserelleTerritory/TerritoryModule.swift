import Fluent
import PasserellePlatform
import Vapor

/// Places: régions, départements, EPCI and communes, their search.
package enum TerritoryModule: ModuleDefinition {
    package static let module = ProductModule.territory
    package static var migrations: [any AsyncMigration] { [M0002CreateTerritory()] }
    package static var referenceFiles: [ReferenceFile] { TerritoryReference.files }
    package static let apiOperations: Set<String> = ["searchCommunes", "searchPlaces"]
}
