import Foundation

/// An IPv4 or IPv6 address as 16 bytes (IPv4 mapped into IPv6, `::ffff:a.b.c.d`), so that one
/// comparison serves both families.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public let bytes: [UInt8]
    public let isIPv4: Bool

    /// Reads an address as proxies write it in `X-Forwarded-For`: `192.0.2.7`, `192.0.2.7:5678`,
    /// `2001:db8::1`, `[2001:db8::1]:443`; nil for anything else (`unknown`, a zone index).
    public init?(forwarded text: String) {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.hasPrefix("["), let close = value.firstIndex(of: "]") {
            value = String(value[value.index(after: value.startIndex)..<close])
        } else if value.filter({ $0 == ":" }).count == 1, let colon = value.firstIndex(of: ":") {
            value = String(value[..<colon])
        }
        self.init(value)
    }

    /// Reads `192.0.2.7`, `2001:db8::1`, `::ffff:192.0.2.7`; nil for anything else (a zone index,
    /// a port, spaces).
    public init?(_ text: String) {
        if let v4 = Self.ipv4(Substring(text)) {
            bytes = Array(repeating: 0, count: 10) + [0xFF, 0xFF] + v4
            isIPv4 = true
        } else if let v6 = Self.ipv6(text) {
            bytes = v6
            isIPv4 = v6[0..<12] == [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF]
        } else {
            return nil
        }
    }

    public var description: String {
        if isIPv4 { return bytes[12...].map(String.init).joined(separator: ".") }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    private static func ipv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var result: [UInt8] = []
        for part in parts {
            guard (1...3).contains(part.count), part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                  part.count == 1 || part.first != "0", let value = UInt8(part) else { return nil }
            result.append(value)
        }
        return result
    }

    private static func ipv6(_ text: String) -> [UInt8]? {
        guard text.contains(":"), text.count <= 45 else { return nil }
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt8]? {
            if part.isEmpty { return [] }
            var bytes: [UInt8] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = ipv4(piece) {
                    bytes += v4
                } else {
                    guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                    bytes += [UInt8(value >> 8), UInt8(value & 0xFF)]
                }
            }
            return bytes
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + Array(repeating: 0, count: 16 - head.count - tail.count) + tail
    }
}

/// A network written in CIDR notation (`10.0.0.0/8`, `2001:db8::/32`; an address alone is one
/// host).
public struct Network: Sendable, Hashable {
    public let base: IPAddress
    /// Prefix length over the 16 bytes (an IPv4 `/8` is 96 + 8).
    public let prefix: Int

    public init?(_ text: String) {
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: "/", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let address = IPAddress(String(parts[0])) else { return nil }
        let width = address.isIPv4 ? 32 : 128
        var length = width
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...width).contains(given), parts[1].allSatisfy(\.isNumber) else { return nil }
            length = given
        }
        base = address
        prefix = length + (address.isIPv4 ? 96 : 0)
    }

    public func contains(_ address: IPAddress) -> Bool {
        var remaining = prefix
        for index in 0..<16 where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address.bytes[index] & mask != base.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }
}

/// Which proxies' `X-Forwarded-For` the platform believes (`TRUSTED_PROXIES`), and the client's
/// address it deduces. Without trusted proxies the header is ignored: anyone can write it.
public struct TrustedProxies: Sendable, Equatable {
    public let networks: [Network]

    public init(networks: [Network] = []) { self.networks = networks }

    /// Reads a comma- or space-separated list of networks; the entries that do not read are
    /// returned for the configuration's error message.
    public static func parse(_ text: String) -> (proxies: TrustedProxies, invalid: [String]) {
        var networks: [Network] = [], invalid: [String] = []
        for entry in text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init) where !entry.isEmpty {
            if let network = Network(entry) { networks.append(network) } else { invalid.append(entry) }
        }
        return (TrustedProxies(networks: networks), invalid)
    }

    public func trusts(_ address: IPAddress) -> Bool { networks.contains { $0.contains(address) } }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then the
    /// `X-Forwarded-For` list read from the right, each trusted hop skipped, up to the first
    /// address no trusted proxy vouches for. A malformed entry stops the walk at the last hop
    /// that could be believed.
    public func client(peer: String?, forwardedFor: [String]) -> String? {
        guard let peer, let peerAddress = IPAddress(peer) else { return peer }
        guard trusts(peerAddress) else { return peerAddress.description }
        var current = peerAddress
        let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        for hop in hops.reversed() {
            // An entry that names no address (`unknown`) ends what can be believed.
            guard let address = IPAddress(forwarded: hop) else { break }
            current = address
            if !trusts(address) { break }
        }
        return current.description
    }
}
