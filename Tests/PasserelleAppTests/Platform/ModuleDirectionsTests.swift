import Foundation
import Testing
@testable import PasserelleApp
@testable import PasserelleDirectory
@testable import PasserellePlatform

/// The modules call downwards only, in the order of `ProductModule` (Platform lowest, Community
/// highest); Assembly and Bench sit above them all. The compiler does not see the folders, so this
/// reads the sources: a name declared in one module's folder (a type, or a member that a module
/// adds to `Links`, `Request` or `Application`) used in a lower module's folder is an upward call.
@Suite("Modules call downwards")
struct ModuleDirectionsTests {
    static let layers: [String] = ProductModule.allCases.filter { $0 != .bench }.map(\.rawValue) + ["Assembly", "Bench"]

    static func rank(of folder: String) -> Int {
        // Assembly and Bench share the top: each prepares the whole platform.
        min(layers.firstIndex(of: folder) ?? layers.count, layers.count - 2)
    }

    struct Source {
        var path: String
        var folder: String
        var code: String
        /// The words of its code, to look types up in.
        var words: Set<Substring>

        init(path: String, folder: String, code: String) {
            self.path = path
            self.folder = folder
            self.code = code
            words = Set(code.split { !($0.isLetter || $0.isNumber || $0 == "_") })
        }
    }

    /// How a declared name is found in a file: a type by its word, a member by its pattern.
    enum Use {
        case word(String)
        case pattern(Regex<AnyRegexOutput>)

        func isFound(in source: Source) -> Bool {
            switch self {
            case .word(let word): source.words.contains(Substring(word))
            case .pattern(let pattern): source.code.contains(pattern)
            }
        }
    }

    /// The code without its comments and string literals: a name in a message is not a call.
    static func code(of source: String) -> String {
        source.replacing(try! Regex(#""""[\s\S]*?"""|"(?:[^"\\\n]|\\.)*"|//[^\n]*"#), with: "\"\"")
    }

    /// A pattern whose `\b` falls between `AnswerStore` and `.`, as in code (Unicode's word
    /// boundaries take `AnswerStore.unreadCount` for one word).
    static func regex(_ pattern: String) -> Regex<AnyRegexOutput> {
        try! Regex(pattern).wordBoundaryKind(.simple)
    }

    /// The names each folder declares, with the pattern that finds their uses.
    static func declarations(in sources: [Source]) -> [(name: String, folder: String, use: Use)] {
        let type = try! Regex(#"(?m)^(?:(?:package|private|fileprivate|final) )*(?:struct|enum|class|protocol|typealias|actor)\s+([A-Z]\w*)"#)
        let extensionBody = try! Regex(#"(?m)^(?:package )?extension (Links|Request|Application)\b[^{]*\{([\s\S]*?)^\}"#)
        let member = try! Regex(#"(?m)^    (?:@\w+\s+)?(?:package )?(?:static )?(func|var)\s+(\w+)(?:\((\w+))?"#)
        var found: [(String, String, Use)] = []
        for source in sources {
            for match in source.code.matches(of: type) {
                let name = String(match.output[1].substring!)
                found.append((name, source.folder, .word(name)))
            }
            for body in source.code.matches(of: extensionBody) {
                let owner = String(body.output[1].substring!)
                for match in String(body.output[2].substring!).matches(of: member) {
                    let name = String(match.output[2].substring!)
                    let label = match.output[3].substring.map(String.init)
                    // A function is known by its first label too (`structure(allowing:`), a property by its name.
                    let pattern = owner == "Links" ? #"\bLinks\."# + name + #"\b"#
                        : #"\."# + name + (match.output[1].substring == "func" ? #"\("# + (label.map { $0 == "_" ? "" : $0 + ":" } ?? "") : #"\b"#)
                    found.append((owner == "Links" ? "Links." + name : "." + name, source.folder, .pattern(Self.regex(pattern))))
                }
            }
        }
        return found
    }

    /// Each file's uses of names declared in a higher folder.
    static func upwardCalls(in sources: [Source]) -> [String: Set<String>] {
        let declared = declarations(in: sources)
        let foldersByName = Dictionary(grouping: declared, by: \.name).mapValues { Set($0.map(\.folder)) }
        var calls: [String: Set<String>] = [:]
        for source in sources {
            for declaration in declared where rank(of: declaration.folder) > rank(of: source.folder) {
                // A name that the file's own folder declares too is its own.
                guard foldersByName[declaration.name]?.contains(source.folder) != true, declaration.use.isFound(in: source) else { continue }
                calls[source.path, default: []].insert(declaration.name)
            }
        }
        return calls
    }

    @Test func everyModuleCallsDownwards() throws {
        let sources = try ModuleSources.all().map { Source(path: $0.path, folder: $0.folder, code: Self.code(of: try $0.text())) }
        #expect(sources.count > 100, "the sources were not found at \(ModuleSources.sources.path)")
        let calls = Self.upwardCalls(in: sources)
        for (path, names) in calls.sorted(by: { $0.key < $1.key }) {
            Issue.record("\(path) calls upwards: \(names.sorted()). Ask a lower module, or let the higher one register (as AccountParticipants, DirectoryParticipants and OrganisationWork do).")
        }
    }

    /// The reading finds an upward call, and not a downward one nor a name in a string.
    @Test func anUpwardCallIsFound() {
        let sources = [
            Source(path: "Platform/Low.swift", folder: "Platform", code: Self.code(of: """
                struct Low {}
                func use() { _ = High(); _ = "High" }
                """)),
            Source(path: "Community/High.swift", folder: "Community", code: Self.code(of: """
                struct High {}
                extension Request {
                    func highest(of x: Int) -> Int { x }
                }
                func use() { _ = Low() }
                """)),
            Source(path: "Directory/Middle.swift", folder: "Directory", code: "func use(r: Request) { _ = r.highest(of: 1) }"),
        ]
        #expect(Self.upwardCalls(in: sources) == ["Platform/Low.swift": ["High"], "Directory/Middle.swift": [".highest"]])
    }
}
