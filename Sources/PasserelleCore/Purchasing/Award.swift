import Foundation

/// Who won a need: a structure of the directory, a group of structures, or another supplier.
public enum Award: Sendable, Equatable {
    case structure(UUID, amount: Int?)
    case group(UUID, amount: Int?)
    case other(name: String, amount: Int?)

    public var kindToken: String {
        switch self {
        case .structure: "structure"
        case .group: "groupement"
        case .other: "autre"
        }
    }

    public var amount: Int? {
        switch self {
        case .structure(_, let amount), .group(_, let amount), .other(_, let amount): amount
        }
    }

    /// Whether the contract went to inclusive suppliers (the public list of such contracts).
    public var isInclusive: Bool {
        if case .other = self { return false }
        return true
    }

    public static let maximumAmount = 10_000_000_000

    /// Reads the closing form: `winner` is `structure:<id>`, `groupement:<id>` or `autre`; `amount`
    /// in euros, optional. The choices are those the buyer was offered (`structures`, `groups`).
    public static func read(winner: String, otherName: String, amount: String, structures: Set<UUID>, groups: Set<UUID>) -> Result<Award, FieldProblems> {
        var problems: [FieldProblem] = []
        let digits = amount.filter { !$0.isWhitespace && $0 != "€" && $0 != "\u{202F}" && $0 != "\u{A0}" }
        var euros: Int?
        if !digits.isEmpty {
            if let value = Int(digits), (0...maximumAmount).contains(value) { euros = value } else {
                problems.append(FieldProblem(field: "amount", message: "Le montant attribué est un nombre d’euros, sans décimales (par exemple 48 500)."))
            }
        }
        let parts = winner.split(separator: ":", maxSplits: 1).map(String.init)
        var award: Award?
        switch (parts.first, parts.count == 2 ? UUID(uuidString: parts[1]) : nil) {
        case ("structure", let id?) where structures.contains(id): award = .structure(id, amount: euros)
        case ("groupement", let id?) where groups.contains(id): award = .group(id, amount: euros)
        case ("autre", _):
            let name = otherName.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty || name.count > 200 {
                problems.append(FieldProblem(field: "winner_name", message: "Donnez le nom du titulaire (200 caractères au plus)."))
            } else if let oneLine = OneLineText.problem(in: name) {
                problems.append(FieldProblem(field: "winner_name", message: oneLine))
            } else {
                award = .other(name: name, amount: euros)
            }
        default:
            problems.append(FieldProblem(field: "winner", message: "Dites qui a remporté le marché : une structure qui a répondu, un groupement, ou un autre titulaire."))
        }
        guard problems.isEmpty, let award else { return .failure(FieldProblems(problems)) }
        return .success(award)
    }
}

/// Insertion hours done on a need, month by month, against the hours its clauses promise.
public enum InsertionHours {
    public static let maximumPerMonth = 100_000

    /// Checks a month's record: `AAAA-MM`, not in the future, and a whole number of hours.
    public static func read(month: String, hours: String, currentMonth: String) -> Result<(month: String, hours: Int), FieldProblems> {
        var problems: [FieldProblem] = []
        let trimmed = month.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: "-").compactMap { Int($0) }
        if trimmed.count != 7 || parts.count != 2 || !(1...12).contains(parts[1]) || parts[0] < 2000 {
            problems.append(FieldProblem(field: "month", message: "Le mois s’écrit AAAA-MM, par exemple 2027-03."))
        } else if trimmed > currentMonth {
            problems.append(FieldProblem(field: "month", message: "Ce mois n’est pas encore passé : les heures se déclarent une fois faites."))
        }
        let value = Int(hours.filter { !$0.isWhitespace && $0 != "\u{202F}" && $0 != "\u{A0}" })
        if value == nil || !(0...maximumPerMonth).contains(value!) {
            problems.append(FieldProblem(field: "hours", message: "Le nombre d’heures est un nombre entier de 0 à 100 000."))
        }
        guard problems.isEmpty, let value else { return .failure(FieldProblems(problems)) }
        return .success((trimmed, value))
    }

    /// Hours done in percent of the target, rounded down; nil without a target.
    public static func progress(done: Int, target: Int) -> Int? {
        target > 0 ? done * 100 / target : nil
    }
}
