import Foundation

/// A piece of territory named by its official code: a commune (code INSEE / COG), an EPCI (SIREN),
/// a département or a région (COG codes), or the whole country.
public enum Perimeter: Hashable, Sendable, Comparable {
    case commune(String)
    case epci(String)
    case departement(String)
    case region(String)
    case country

    /// Stable text form, used in storage, CSV and the API: `commune:59350`, `epci:200093201`,
    /// `departement:62`, `region:32`, `france`.
    public var token: String {
        switch self {
        case .commune(let code): "commune:\(code)"
        case .epci(let siren): "epci:\(siren)"
        case .departement(let code): "departement:\(code)"
        case .region(let code): "region:\(code)"
        case .country: "france"
        }
    }

    /// Reads the text form; `nil` when it is not one.
    public init?(token: String) {
        // Stored tokens are clean; only typed ones need trimming (and the check is much cheaper).
        let needsTrimming = token.first?.isWhitespace == true || token.last?.isWhitespace == true
        let trimmed = needsTrimming ? token.trimmingCharacters(in: .whitespaces) : token
        if trimmed == "france" {
            self = .country
            return
        }
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let kind = trimmed[..<colon]
        let code = String(trimmed[trimmed.index(after: colon)...])
        guard !code.isEmpty, code.allSatisfy({ $0.isASCII && ($0.isNumber || $0.isLetter) }) else { return nil }
        switch kind {
        case "commune" where code.count == 5: self = .commune(code.uppercased())
        case "epci" where code.count == 9 && code.allSatisfy(\.isNumber): self = .epci(code)
        case "departement" where (2...3).contains(code.count): self = .departement(code.uppercased())
        case "region" where code.count == 2 && code.allSatisfy(\.isNumber): self = .region(code)
        default: return nil
        }
    }

    private var rank: Int {
        switch self {
        case .country: 0
        case .region: 1
        case .departement: 2
        case .epci: 3
        case .commune: 4
        }
    }

    public static func < (lhs: Perimeter, rhs: Perimeter) -> Bool {
        lhs.rank != rhs.rank ? lhs.rank < rhs.rank : lhs.token < rhs.token
    }
}

