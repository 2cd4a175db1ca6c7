import Foundation
import PasserelleCore
import PasserellePlatform
import Vapor

/// The contracts' legal bounds, read once from `Resources/Reference/contrats-insertion.json`: they
/// change with the law, that is with a release, never from a form.
package struct ContractRules: Sendable {
    package var bounds: [ContractBounds]
    /// Why the file could not be read; `prepare` stops the start with it.
    package var problem: String?

    package static func load(resources: String) -> ContractRules {
        let path = resources + "Reference/contrats-insertion.json"
        guard let data = FileManager.default.contents(atPath: path) else {
            return ContractRules(bounds: [], problem: ReferenceFile.LoadError.missing(path).description)
        }
        do {
            return ContractRules(bounds: try ContractReference.read(data), problem: nil)
        } catch {
            return ContractRules(bounds: [], problem: error.description)
        }
    }
}

extension Application {
    package var contractRules: ContractRules { moduleState(ContractRules.self) }
}
