import Foundation

/// An e-mail address as accounts hold it: trimmed and in lower case, so that one person cannot
/// open two accounts by changing the case of a letter.
public struct EmailAddress: Hashable, Sendable, CustomStringConvertible {
    public let value: String

    /// Nil when `text` cannot be an address: one "@", a dotted domain, no spaces, at most 254
    /// characters (the limit of SMTP paths).
    public init?(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard trimmed.count <= 254, !trimmed.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "," }) else { return nil }
        let parts = trimmed.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, parts[0].count <= 64 else { return nil }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, labels.allSatisfy({ !$0.isEmpty && !$0.hasPrefix("-") && !$0.hasSuffix("-") }) else { return nil }
        value = trimmed
    }

    /// The part after "@": claims of structures compare it with the structure's website.
    public var domain: String { String(value[value.index(after: value.firstIndex(of: "@")!)...]) }

    public var description: String { value }
}

/// A form's problems, by field, in French, as pages show them next to each field.
public struct FieldErrors: Error, Sendable, Equatable {
    public private(set) var messages: [String: String] = [:]

    public init() {}

    public var isEmpty: Bool { messages.isEmpty }

    public subscript(field: String) -> String? { messages[field] }

    public mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { messages[field] = message }
    }
}

/// What an account's password must be. Length is what makes a password hard to guess; rules on
/// character classes only make people write them down.
public enum PasswordRules {
    public static let minimumLength = 10
    /// Bcrypt reads 72 bytes at most; longer passwords would be silently cut.
    public static let maximumBytes = 72

    /// The problem with `password`, or nil when it is acceptable.
    public static func problem(with password: String, email: String?) -> String? {
        if password.count < minimumLength {
            return "Le mot de passe doit compter au moins \(minimumLength) caractères."
        }
        if password.utf8.count > maximumBytes {
            return "Le mot de passe ne peut pas dépasser \(maximumBytes) octets (environ 70 caractères)."
        }
        if let email, password.lowercased() == email.lowercased() || password.lowercased() == email.split(separator: "@").first.map({ $0.lowercased() }) {
            return "Le mot de passe ne doit pas reprendre l’adresse électronique."
        }
        if Set(password).count < 4 {
            return "Le mot de passe est trop répétitif : variez les caractères."
        }
        return nil
    }
}

/// The sign-up form, checked.
public struct SignUp: Sendable, Equatable {
    public var name: String
    public var email: EmailAddress
    public var password: String
    /// What they said they are; nil for accounts made by commands and the demo's platform team.
    public var profile: SignUpProfile?

    public init(name: String, email: EmailAddress, password: String, profile: SignUpProfile?) {
        self.name = name
        self.email = email
        self.password = password
        self.profile = profile
    }

    public struct Input: Sendable {
        public var name: String
        public var email: String
        public var password: String
        public var passwordConfirmation: String
        public var acceptsTerms: Bool
        /// The answer to « Vous êtes… », a `SignUpProfile` raw value.
        public var profile: String

        public init(name: String = "", email: String = "", password: String = "", passwordConfirmation: String = "", acceptsTerms: Bool = false,
                    profile: String = "") {
            self.name = name
            self.profile = profile
            self.email = email
            self.password = password
            self.passwordConfirmation = passwordConfirmation
            self.acceptsTerms = acceptsTerms
        }

        public func validate() -> Result<SignUp, SignUpProblems> {
            var errors = FieldErrors()
            let name = self.name.trimmingCharacters(in: .whitespacesAndNewlines)
            if name.isEmpty {
                errors.add("name", "Indiquez votre nom.")
            } else if name.count > 120 {
                errors.add("name", "Le nom ne peut pas dépasser 120 caractères.")
            } else if let problem = OneLineText.problem(in: name) {
                errors.add("name", problem)
            }
            let email = EmailAddress(self.email)
            if self.email.trimmingCharacters(in: .whitespaces).isEmpty {
                errors.add("email", "Indiquez votre adresse électronique.")
            } else if email == nil {
                errors.add("email", "Cette adresse électronique n’est pas valide (exemple : prenom.nom@structure.fr).")
            }
            if let problem = PasswordRules.problem(with: password, email: email?.value) {
                errors.add("password", problem)
            } else if password != passwordConfirmation {
                errors.add("password_confirmation", "Les deux mots de passe ne sont pas identiques.")
            }
            let profile = SignUpProfile(rawValue: self.profile)
            if profile == nil {
                errors.add("profile", "Dites qui vous êtes : la suite de l’inscription en dépend.")
            }
            if !acceptsTerms {
                errors.add("accepts_terms", "Acceptez les conditions d’utilisation pour créer un compte.")
            }
            guard errors.isEmpty, let email, let profile else { return .failure(SignUpProblems(errors: errors)) }
            return .success(SignUp(name: name, email: email, password: password, profile: profile))
        }
    }
}

public struct SignUpProblems: Error, Sendable, Equatable {
    public var errors: FieldErrors
}

/// Where to go after logging in: only a path of this site, so that a link cannot send a user who
/// just logged in to another site (`next=https://…`, `next=//…`).
public enum ReturnPath {
    public static func local(_ next: String?, fallback: String = "/compte") -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.hasPrefix("/\\"),
              !next.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7F } ?? false }),
              !next.contains("\\")
        else { return fallback }
        return next
    }
}
