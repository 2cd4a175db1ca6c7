import Fluent
import PasserellePlatform
import Vapor

/// Places: régions, départements, EPCI and communes, their search.
enum TerritoryModule: ModuleDefinition {
    static let module = ProductModule.territory
    static var migrations: [any AsyncMigration] { [M0002CreateTerritory()] }
    static var referenceFiles: [ReferenceFile] { TerritoryReference.files }
    static let apiOperations: Set<String> = ["searchCommunes", "searchPlaces"]
}
