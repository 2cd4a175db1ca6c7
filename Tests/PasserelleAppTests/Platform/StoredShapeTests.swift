import Foundation
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// What a store reads is camel-cased Swift (`structureID`, read from `structure_id` by
/// `.snakeCaseColumns`): a snake-cased property is a row's shape leaking into the code. Only the
/// formats written for someone else keep the outside names: the data download (`Encodable`) and
/// the names of a form's fields (`Content`).
@Suite("Stores hand out Swift names")
struct StoredShapeTests {
    struct Finding: Equatable, CustomStringConvertible {
        var line: Int
        var property: String
        var description: String { "line \(line): \(property)" }
    }

    /// Snake-cased properties of `source` outside the types that write an outside format.
    static func snakeCasedProperties(in source: String) -> [Finding] {
        let property = try! Regex(#"\b(?:var|let)\s+([a-z][a-z0-9]*(?:_[a-z0-9]+)+)\s*[:=]"#)
        let declaration = try! Regex(#"^(\s*)(?:public |package |private |fileprivate )?(?:struct|enum|final class|class|extension)\s+\w+([^{]*)\{"#)
        var findings: [Finding] = []
        // The types being read, innermost last, with their indentation and whether they write an outside format.
        var open: [(indent: Int, writesOut: Bool)] = []
        for (index, line) in source.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indent = line.prefix { $0 == " " }.count
            open.removeAll { $0.indent >= indent && !line.trimmingCharacters(in: .whitespaces).isEmpty }
            if let match = line.firstMatch(of: declaration) {
                let conformances = String(match.output[2].substring ?? "")
                let writesOut = (conformances.contains("Encodable") && !conformances.contains("Decodable")) || conformances.contains("Content")
                open.append((indent, writesOut))
            }
            guard !(open.last?.writesOut ?? false) else { continue }
            for match in line.matches(of: property) {
                findings.append(Finding(line: index + 1, property: String(match.output[1].substring ?? "")))
            }
        }
        return findings
    }

    @Test func noStoredRowShapeLeaksIntoTheCode() throws {
        var findings: [String] = []
        let files = try ModuleSources.all()
        for file in files {
            findings += Self.snakeCasedProperties(in: try file.text()).map { "\(file.path) \($0)" }
        }
        #expect(files.count > 100, "the sources were not found at \(ModuleSources.sources.path)")
        #expect(findings == [], "name the property in camel case and decode with `keys: .snakeCaseColumns`")
    }

    /// The check finds what it is for, inline or not, and leaves the written-out formats alone.
    @Test func aSnakeCasedRowIsFound() {
        let source = """
            enum SomeStore {
                struct Row: Decodable {
                    var id: UUID
                    var created_at: Date
                }
                static func names() {
                    struct Local: Decodable { var user_id: UUID; var name: String }
                }
            }
            struct Download: Encodable {
                var exported_at: Date
            }
            package struct Form: Content {
                package var accepts_terms: String?
            }
            struct After: Decodable {
                var updated_at: Date
            }
            """
        #expect(Self.snakeCasedProperties(in: source) == [
            Finding(line: 4, property: "created_at"), Finding(line: 7, property: "user_id"), Finding(line: 17, property: "updated_at"),
        ])
    }
}
