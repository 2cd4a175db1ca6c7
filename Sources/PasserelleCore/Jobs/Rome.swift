import Foundation

/// The ROME, France Travail's directory of trades (v460): 1,584 jobs (« métiers », a code such as
/// `K2204`) grouped by professional domain (`K22`) and great domain (`K`), and 13,120 titles
/// (« appellations ») that people and employers use, each under one job. Offers, profiles and
/// immersions name a title; matching reads the jobs and domains behind them.
public struct Rome: Sendable {
    public struct Job: Sendable, Equatable, Hashable {
        public var code: String
        public var label: String

        /// `K22` for `K2204`: jobs of the same domain are neighbours.
        public var domain: String { String(code.prefix(3)) }
        public var greatDomain: String { String(code.prefix(1)) }
    }

    public struct Title: Sendable, Equatable, Hashable {
        /// The title's OGR code, as France Travail numbers it.
        public var code: Int
        public var label: String
        public var job: String
    }

    public enum ReadError: Error, Equatable, Sendable {
        case badHeader(file: String)
        case badLine(file: String, line: Int)
        case unknownJob(title: Int, job: String)

        public var message: String {
            switch self {
            case .badHeader(let file): "\(file) : l’en-tête attendu manque."
            case .badLine(let file, let line): "\(file), ligne \(line) : ligne illisible."
            case .unknownJob(let title, let job): "Appellation \(title) : le code ROME \(job) n’existe pas."
            }
        }
    }

    public let jobs: [String: Job]
    public let titles: [Int: Title]
    /// Each title's folded words, for the search.
    private let words: [(title: Int, words: [String])]

    public init(jobs: [Job], titles: [Title]) {
        self.jobs = Dictionary(jobs.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        self.titles = Dictionary(titles.map { ($0.code, $0) }, uniquingKeysWith: { first, _ in first })
        words = titles.sorted { $0.label < $1.label }.map { ($0.code, SearchText.words($0.label)) }
    }

    /// Reads `rome-metiers.csv` (code_rome, libelle, code_domaine_professionnel) and
    /// `rome-appellations.csv` (code_ogr, libelle, code_rome).
    public static func read(jobs jobsText: String, titles titlesText: String) throws -> Rome {
        let jobRecords = try CSV.parse(jobsText)
        guard jobRecords.first?.fields.first == "code_rome" else { throw ReadError.badHeader(file: "rome-metiers.csv") }
        let jobs = try jobRecords.dropFirst().map { record in
            guard record.fields.count >= 2, record.fields[0].count == 5 else { throw ReadError.badLine(file: "rome-metiers.csv", line: record.line) }
            return Job(code: record.fields[0], label: record.fields[1])
        }
        let known = Set(jobs.map(\.code))
        let titleRecords = try CSV.parse(titlesText)
        guard titleRecords.first?.fields.first == "code_ogr" else { throw ReadError.badHeader(file: "rome-appellations.csv") }
        let titles = try titleRecords.dropFirst().map { record in
            guard record.fields.count >= 3, let code = Int(record.fields[0]) else { throw ReadError.badLine(file: "rome-appellations.csv", line: record.line) }
            guard known.contains(record.fields[2]) else { throw ReadError.unknownJob(title: code, job: record.fields[2]) }
            return Title(code: code, label: record.fields[1], job: record.fields[2])
        }
        return Rome(jobs: jobs, titles: titles)
    }

    public func job(_ code: String) -> Job? { jobs[code.uppercased()] }

    public func title(_ code: Int) -> Title? { titles[code] }

    /// A job code (`K2204`) or a title's code (`38584`), as a search's `rome` parameter gives it.
    public enum Code: Equatable, Sendable {
        case job(String)
        case title(Int)
    }

    public func code(_ text: String) -> Code? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let number = Int(trimmed), titles[number] != nil { return .title(number) }
        if let job = job(trimmed) { return .job(job.code) }
        return nil
    }

    /// Titles whose words start with every word typed, accents and case aside (« agent entr »
    /// finds « Agent / Agente d’entretien de locaux »): first those whose label starts with the
    /// first word typed (« menuisier » gives « Menuisier / Menuisière » before « Agenceur
    /// menuisier »), then the others, each in the order of their labels.
    public func search(_ text: String, limit: Int = 20) -> [Title] {
        let typed = SearchText.queryWords(text)
        guard let first = typed.first else { return [] }
        var leading: [Title] = [], others: [Title] = []
        for entry in words where typed.allSatisfy({ word in entry.words.contains { $0.hasPrefix(word) } }) {
            guard let title = titles[entry.title] else { continue }
            if entry.words.first?.hasPrefix(first) == true { leading.append(title) } else if others.count < limit { others.append(title) }
        }
        return Array((leading + others).prefix(limit))
    }
}

/// How near two jobs of the ROME are, from the nearest: the same job, the same professional
/// domain, the same great domain.
public enum RomeProximity: Int, Comparable, Sendable {
    case none = 0
    case sameGreatDomain = 1
    case sameDomain = 2
    case sameJob = 3

    public static func < (lhs: RomeProximity, rhs: RomeProximity) -> Bool { lhs.rawValue < rhs.rawValue }

    public static func of(_ one: String, _ other: String) -> RomeProximity {
        if one == other { return .sameJob }
        if one.prefix(3) == other.prefix(3) { return .sameDomain }
        if one.prefix(1) == other.prefix(1) { return .sameGreatDomain }
        return .none
    }

    /// What a matching shows: « même métier », « même domaine professionnel »…
    public var reason: String? {
        switch self {
        case .sameJob: "même métier"
        case .sameDomain: "même domaine professionnel"
        case .sameGreatDomain: "même grand domaine"
        case .none: nil
        }
    }
}
