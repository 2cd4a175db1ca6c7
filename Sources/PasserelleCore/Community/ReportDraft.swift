import Foundation

/// An experience report as a structure types it, before it is checked.
public struct ReportDraft: Sendable, Equatable {
    public var title: String
    public var theme: String
    public var communeCode: String
    public var activity: String
    public var finding: String
    public var actions: String
    public var results: String
    /// One figure per line: « 8 sorties positives sur 10 ».
    public var figures: String
    /// Programmes and schemes, one per line or separated by commas.
    public var programmes: String
    /// One link per line: « Libellé | https://… ».
    public var links: String

    public init(title: String = "", theme: String = "", communeCode: String = "", activity: String = "", finding: String = "", actions: String = "",
                results: String = "", figures: String = "", programmes: String = "", links: String = "") {
        self.title = title
        self.theme = theme
        self.communeCode = communeCode
        self.activity = activity
        self.finding = finding
        self.actions = actions
        self.results = results
        self.figures = figures
        self.programmes = programmes
        self.links = links
    }

    /// A report checked: texts trimmed, figures and links read.
    public struct Checked: Sendable, Equatable {
        public var title: String
        public var theme: String
        public var communeCode: String?
        public var activity: String
        public var finding: String
        public var actions: String
        public var results: String?
        public var figures: [ResultFigure]
        public var programmes: [String]
        public var links: [(label: String, url: String)]

        public static func == (a: Checked, b: Checked) -> Bool {
            a.title == b.title && a.theme == b.theme && a.communeCode == b.communeCode && a.activity == b.activity && a.finding == b.finding
                && a.actions == b.actions && a.results == b.results && a.figures == b.figures && a.programmes == b.programmes
                && a.links.map(\.label) == b.links.map(\.label) && a.links.map(\.url) == b.links.map(\.url)
        }
    }

    public static let titleLengths = 10...160
    public static let maximumText = 4_000

    /// The labels of the form's fields, in its order, as problems name them.
    public enum Field {
        public static let title = "Titre"
        public static let theme = "Thème"
        public static let commune = "Commune"
        public static let activity = "Activité"
        public static let finding = "Constat initial"
        public static let actions = "Actions menées"
        public static let results = "Résultats"
        public static let figures = "Résultats chiffrés"
        public static let programmes = "Programmes et dispositifs"
        public static let links = "Liens"
    }

    /// - Parameters: themes: the slugs of the known themes; communeExists: whether a code is a commune.
    public func validate(themes: Set<String>, communeExists: (String) -> Bool) -> Result<Checked, FieldProblems> {
        var problems: [FieldProblem] = []
        func clean(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let title = clean(self.title)
        if let oneLine = OneLineText.problem(in: title) {
            problems.append(.init(field: Field.title, message: oneLine))
        } else if !Self.titleLengths.contains(title.count) {
            problems.append(.init(field: Field.title, message: "Donnez un titre de \(Self.titleLengths.lowerBound) à \(Self.titleLengths.upperBound) caractères."))
        }
        if !themes.contains(theme) { problems.append(.init(field: Field.theme, message: "Choisissez le thème du retour d’expérience.")) }
        let commune = clean(communeCode)
        if !commune.isEmpty, !communeExists(commune) {
            problems.append(.init(field: Field.commune, message: "Commune inconnue : choisissez-la dans la liste, ou tapez son nom ou son code postal."))
        }
        for (field, text, required) in [(Field.activity, activity, true), (Field.finding, finding, true), (Field.actions, actions, true), (Field.results, results, false)] {
            let value = clean(text)
            if required && value.count < 20 { problems.append(.init(field: field, message: "Décrivez-le en quelques phrases (20 caractères au moins).")) }
            if value.count > Self.maximumText { problems.append(.init(field: field, message: "\(Self.maximumText) caractères au plus.")) }
        }
        var figures: [ResultFigure] = []
        for line in Self.lines(self.figures) {
            if let figure = ResultFigure.parse(line) { figures.append(figure) } else {
                problems.append(.init(field: Field.figures, message: "« \(line) » n’est pas lu comme un chiffre : écrivez par exemple « 8 sorties positives sur 10 » ou « 85 % de sorties positives »."))
            }
        }
        if figures.count > 12 { problems.append(.init(field: Field.figures, message: "12 chiffres au plus.")) }
        let programmes = self.programmes.split(whereSeparator: { $0.isNewline || $0 == "," }).map { clean(String($0)) }.filter { !$0.isEmpty }
        if programmes.count > 12 || programmes.contains(where: { $0.count > 100 }) {
            problems.append(.init(field: Field.programmes, message: "12 programmes au plus, de 100 caractères chacun."))
        }
        var links: [(label: String, url: String)] = []
        for line in self.links.split(whereSeparator: \.isNewline).map({ clean(String($0)) }).filter({ !$0.isEmpty }) {
            let parts = line.split(separator: "|", maxSplits: 1).map { clean(String($0)) }
            let url = parts.last ?? ""
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil, url.count <= 500 else {
                problems.append(.init(field: Field.links, message: "« \(line) » : écrivez « Libellé | https://… », une adresse web complète."))
                continue
            }
            links.append((parts.count == 2 && !parts[0].isEmpty ? parts[0] : url, url))
        }
        if links.count > 10 { problems.append(.init(field: Field.links, message: "10 liens au plus.")) }
        guard problems.isEmpty else { return .failure(FieldProblems(problems)) }
        let results = clean(self.results)
        return .success(Checked(title: title, theme: theme, communeCode: commune.isEmpty ? nil : commune, activity: clean(activity), finding: clean(finding),
                                actions: clean(actions), results: results.isEmpty ? nil : results, figures: figures, programmes: programmes, links: links))
    }

    private static func lines(_ text: String) -> [String] {
        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
