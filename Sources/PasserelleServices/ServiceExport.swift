import Foundation
import PasserelleCore
import PasserelleDirectory
import PasserellePlatform

/// Published services as data·inclusion v1 files.
package enum ServiceExport {
    package static func dataInclusion(_ services: [Service], reference: ReferenceData, publicURL: String) throws -> Data {
        let items = services.map { DataInclusionService($0, gazetteer: reference.gazetteer, pageURL: publicURL + Links.service($0.id)) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(items)
    }
}
