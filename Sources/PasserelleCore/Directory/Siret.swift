/// SIRET and SIREN numbers: 14 and 9 digits with a Luhn checksum. La Poste's establishments
/// (SIREN 356 000 000) number their SIRET so that the sum of the digits is a multiple of 5
/// instead, and are valid by that rule.
public enum Siret {
    public static let laPosteSiren = "356000000"

    public enum Problem: Error, Equatable, Sendable {
        case wrongLength(Int)
        case notDigits
        case checksum

        /// French message for forms and import reports.
        public var message: String {
            switch self {
            case .wrongLength(let count): "Le Nᵒ SIRET doit compter 14 chiffres (\(count) saisis)."
            case .notDigits: "Le Nᵒ SIRET ne doit contenir que des chiffres."
            case .checksum: "Ce Nᵒ SIRET n’existe pas : sa clé de contrôle est fausse. Vérifiez les chiffres."
            }
        }
    }

    /// Digits of what a person typed, spaces and dots removed ("130 025 265 00013").
    public static func normalize(_ text: String) -> String {
        String(text.filter { !$0.isWhitespace && $0 != "." && $0 != "-" && $0 != "\u{00A0}" && $0 != "\u{202F}" })
    }

    /// Checks a SIRET; returns the normalized number.
    public static func validate(_ text: String) -> Result<String, Problem> {
        let digits = normalize(text)
        guard digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return .failure(.notDigits) }
        guard digits.count == 14 else { return .failure(.wrongLength(digits.count)) }
        if digits.hasPrefix(laPosteSiren) {
            let sum = digits.reduce(0) { $0 + Int(String($1))! }
            return sum % 5 == 0 || luhn(digits) ? .success(digits) : .failure(.checksum)
        }
        return luhn(digits) ? .success(digits) : .failure(.checksum)
    }

    public static func isValid(_ text: String) -> Bool {
        if case .success = validate(text) { return true }
        return false
    }

    /// Whether a 9-digit SIREN is valid.
    public static func isValidSiren(_ text: String) -> Bool {
        let digits = normalize(text)
        return digits.count == 9 && digits.allSatisfy { $0.isASCII && $0.isNumber } && luhn(digits)
    }

    /// Luhn's checksum over decimal digits: doubling every second digit from the right.
    static func luhn(_ digits: String) -> Bool {
        var sum = 0
        for (offset, character) in digits.reversed().enumerated() {
            guard var digit = character.wholeNumberValue else { return false }
            if offset % 2 == 1 {
                digit *= 2
                if digit > 9 { digit -= 9 }
            }
            sum += digit
        }
        return sum % 10 == 0
    }
}
