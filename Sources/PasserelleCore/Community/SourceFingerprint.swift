import Foundation

/// What is left of a text we summarise but must not copy (the proceedings of the 2023 meeting): a
/// hash of each of its runs of ten words. Our texts are checked against it — a run of ten words
/// found in both is a sentence taken over — while the source itself, its sentences and the ways to
/// reach the people it names, stays out of the project.
///
/// Words are compared folded: case, accents and ligatures do not count, punctuation separates
/// words (« l’ESS » is « l ess »), so that the check does not depend on typography.
public struct SourceFingerprint: Sendable, Equatable {
    /// Ten words: a name or a set phrase is shorter, a sentence taken over is longer.
    public static let runLength = 10

    public let hashes: Set<UInt64>

    public init(hashes: Set<UInt64>) {
        self.hashes = hashes
    }

    /// The fingerprint of a source text. E-mail addresses and phone numbers are left out first,
    /// so that no hash stands for a way to reach someone.
    public init(source: String) {
        let words = Self.words(Self.withoutContacts(source))
        var hashes = Set<UInt64>()
        if words.count >= Self.runLength {
            for start in 0...(words.count - Self.runLength) { hashes.insert(Self.hash(words[start..<start + Self.runLength])) }
        }
        self.hashes = hashes
    }

    /// The runs of ten words of `text` found in the source, as folded words.
    public func sharedRuns(in text: String) -> [String] {
        let words = Self.words(text)
        guard words.count >= Self.runLength else { return [] }
        var runs: [String] = []
        var start = 0
        while start <= words.count - Self.runLength {
            let run = words[start..<start + Self.runLength]
            if hashes.contains(Self.hash(run)) {
                runs.append(run.joined(separator: " "))
                // One finding per copied passage, not one per word of it.
                start += Self.runLength
            } else {
                start += 1
            }
        }
        return runs
    }

    // MARK: The file form: one hash a line, in hexadecimal, sorted

    public var lines: String {
        hashes.sorted().map { String(format: "%016llx", $0) }.joined(separator: "\n") + "\n"
    }

    /// Reads the file form; nil when a line is not a hash.
    public init?(lines: String) {
        var hashes = Set<UInt64>()
        for line in lines.split(whereSeparator: \.isNewline) where !line.isEmpty {
            guard line.count == 16, let hash = UInt64(line, radix: 16) else { return nil }
            hashes.insert(hash)
        }
        self.hashes = hashes
    }

    // MARK: Words

    /// Lower case, without accents, ligatures spelled out, split on anything but letters and digits.
    public static func words(_ text: String) -> [String] {
        let folded = text.lowercased().replacingOccurrences(of: "œ", with: "oe").replacingOccurrences(of: "æ", with: "ae")
            .folding(options: .diacriticInsensitive, locale: Locale(identifier: "fr_FR"))
        return folded.split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    /// FNV-1a over the words joined by single spaces: the same in any language that rebuilds the file.
    static func hash(_ run: ArraySlice<String>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in run.joined(separator: " ").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }

    static func withoutContacts(_ text: String) -> String {
        text.replacing(#/\S+@\S+/#, with: " ").replacing(#/(?:\+33|0)\s?[1-9](?:[\s.-]?\d{2}){4}/#, with: " ")
    }
}
