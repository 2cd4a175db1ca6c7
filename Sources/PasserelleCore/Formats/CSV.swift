/// CSV as French spreadsheets write and read it: `;` between fields (`,` also read), fields in
/// double quotes when they hold a separator, a quote or a line break, UTF-8 with a byte order
/// mark so that Excel recognises the encoding.
public enum CSV {
    /// A record with the line of the file where it starts, for error reports.
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    public enum ParseError: Error, Equatable, Sendable {
        case unterminatedQuote(line: Int)
        case quoteInsideField(line: Int)

        public var message: String {
            switch self {
            case .unterminatedQuote(let line): "Ligne \(line) : un guillemet ouvert n’est jamais refermé."
            case .quoteInsideField(let line): "Ligne \(line) : guillemet inattendu au milieu d’un champ (doublez-le : \"\")."
            }
        }
    }

    /// Reads every record. The separator is the one among `;`, `,` and tab that appears most in
    /// the first line.
    public static func parse(_ text: String) throws(ParseError) -> [Record] {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }
        let separator = detectSeparator(scalars)
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var wasQuoted = false
        var index = scalars.startIndex
        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            wasQuoted = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case "\"":
                guard field.isEmpty, !wasQuoted else { throw .quoteInsideField(line: line) }
                inQuotes = true
                wasQuoted = true
            case separator:
                endField()
            case "\r":
                if index < scalars.endIndex, scalars[index] == "\n" { index = scalars.index(after: index) }
                endRecord()
                line += 1
                recordLine = line
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default:
                if wasQuoted {
                    // Spaces after a closing quote are tolerated; anything else is a broken field.
                    guard scalar == " " else { throw .quoteInsideField(line: line) }
                } else {
                    field.append(scalar)
                }
            }
        }
        if inQuotes { throw .unterminatedQuote(line: recordLine) }
        if !field.isEmpty || !fields.isEmpty || wasQuoted { endRecord() }
        return records
    }

    private static func detectSeparator(_ scalars: Substring.UnicodeScalarView) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [";": 0, ",": 0, "\t": 0]
        var inQuotes = false
        for scalar in scalars {
            if scalar == "\"" { inQuotes.toggle() }
            if !inQuotes, scalar == "\n" { break }
            if !inQuotes, counts[scalar] != nil { counts[scalar]! += 1 }
        }
        let best = counts.max { lhs, rhs in lhs.value != rhs.value ? lhs.value < rhs.value : lhs.key != ";" }
        return (best?.value ?? 0) > 0 ? best!.key : ";"
    }

    /// Writes records for Excel in French: BOM, `;`, CRLF.
    public struct Writer {
        public private(set) var text = "\u{FEFF}"

        public init() {}

        public mutating func append(_ fields: [String]) {
            text += fields.map(Self.quote).joined(separator: ";")
            text += "\r\n"
        }

        static func quote(_ field: String) -> String {
            let needsQuotes = field.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "," })
            // A leading = + - @ would be run as a formula by spreadsheets: neutralise it.
            var value = field
            if let first = value.first, "=+-@".contains(first), !(first == "-" && value.dropFirst().allSatisfy(\.isNumber)) {
                value = "'" + value
            }
            guard needsQuotes else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
    }
}

import Foundation
