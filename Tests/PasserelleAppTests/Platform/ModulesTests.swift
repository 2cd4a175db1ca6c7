import Foundation
import Testing
import Yams
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// One list of modules drives the platform; each declares what it brings in one place.
@Suite("Modules")
struct ModulesTests {
    @Test func theListFollowsTheProductsModulesInOrder() {
        #expect(Modules.all.map { $0.module } == ProductModule.allCases.filter { $0 != .bench })
    }

    /// The migrations of all modules run in the order they were written in, as before modules
    /// declared them: 0001 to the last, none missing, none twice.
    @Test func migrationsRunInTheOrderOfTheirNumbers() {
        let names = Modules.migrations.map(\.name)
        let numbers = names.compactMap { Int($0.prefix(4)) }
        #expect(numbers == Array(1...numbers.count) && numbers.count == names.count, "\(names)")
    }

    /// Each module's migrations sit in its folder (or, for the platform, in Platform/).
    @Test func eachMigrationIsDeclaredByTheModuleWhoseFolderHoldsIt() throws {
        for module in Modules.all {
            for migration in module.migrations {
                let type = String(describing: type(of: migration))
                let files = try ModuleSources.all().map(\.path).filter { $0.hasSuffix("/\(type).swift") }
                #expect(files.count == 1 && files.first?.hasPrefix(module.module.folder + "/") == true, "\(type) : \(files)")
            }
        }
    }

    /// Every operation of the API contract belongs to one module, whose folder implements it.
    @Test func everyAPIOperationHasOneModuleThatImplementsIt() throws {
        let contract = try String(contentsOf: ModuleSources.contract, encoding: .utf8)
        let operations = contract.split(separator: "\n").compactMap { line -> String? in
            let text = line.trimmingCharacters(in: .whitespaces)
            return text.hasPrefix("operationId:") ? text.dropFirst("operationId:".count).trimmingCharacters(in: .whitespaces) : nil
        }
        let declared = Modules.all.flatMap { $0.apiOperations }
        #expect(Set(declared) == Set(operations) && declared.count == operations.count)
        for module in Modules.all {
            let sources = try ModuleSources.files(of: module.module).map { try $0.text() }.joined()
            for operation in module.apiOperations {
                #expect(sources.contains("func \(operation)("), "\(operation) n’est pas implémentée dans \(module.module.folder)/")
            }
        }
    }
}
