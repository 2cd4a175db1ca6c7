import Foundation
import Testing
@testable import PasserelleCore

@Suite("Client addresses and trusted proxies")
struct ClientAddressTests {
    @Test(arguments: [("192.0.2.7", "192.0.2.7"), ("::1", "0:0:0:0:0:0:0:1"), ("2001:db8::1", "2001:db8:0:0:0:0:0:1"), ("::ffff:192.0.2.7", "192.0.2.7"),
                      ("2001:DB8:0:0:8:800:200C:417A", "2001:db8:0:0:8:800:200c:417a")])
    func addressesRead(_ text: String, _ printed: String) throws {
        #expect(try #require(IPAddress(text)).description == printed)
    }

    @Test(arguments: ["", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.4:80", "fe80::1%eth0", "1::2::3", "12345::", "abc", " 1.2.3.4"])
    func malformedAddressesDoNot(_ text: String) {
        #expect(IPAddress(text) == nil)
    }

    @Test func networksContainTheirAddresses() throws {
        func address(_ text: String) throws -> IPAddress { try #require(IPAddress(text)) }
        let ten = try #require(Network("10.0.0.0/8"))
        #expect(ten.contains(try address("10.200.3.4")))
        #expect(!ten.contains(try address("11.0.0.1")))
        let host = try #require(Network("192.0.2.1"))
        let first = try address("192.0.2.1"), second = try address("192.0.2.2")
        #expect(host.contains(first) && !host.contains(second))
        let v6 = try #require(Network("2001:db8::/32"))
        let inside = try address("2001:db8:ffff::1"), outside = try address("2001:db9::1")
        #expect(v6.contains(inside) && !v6.contains(outside))
        #expect(Network("10.0.0.0/33") == nil && Network("10.0.0.0/") == nil && Network("::/129") == nil)
        let everything = try #require(Network("0.0.0.0/0"))
        #expect(everything.contains(try address("203.0.113.9")))
    }

    @Test func theForwardedHeaderIsBelievedFromTrustedProxiesOnly() {
        let (proxies, invalid) = TrustedProxies.parse("10.0.0.0/8, 192.0.2.1 ::1")
        #expect(invalid.isEmpty && proxies.networks.count == 3)
        #expect(TrustedProxies.parse("10.0.0.0/8, pas-une-adresse").invalid == ["pas-une-adresse"])
        // Nobody trusted: the header is anyone's writing.
        #expect(TrustedProxies().client(peer: "10.1.1.1", forwardedFor: ["203.0.113.9"]) == "10.1.1.1")
        // From an untrusted peer: ignored.
        #expect(proxies.client(peer: "198.51.100.4", forwardedFor: ["203.0.113.9"]) == "198.51.100.4")
        // From a trusted proxy: the last address it did not add itself.
        #expect(proxies.client(peer: "10.1.1.1", forwardedFor: ["203.0.113.9"]) == "203.0.113.9")
        // A forged first entry sits left of the real client: the walk stops at the first untrusted hop.
        #expect(proxies.client(peer: "10.1.1.1", forwardedFor: ["6.6.6.6, 203.0.113.9", "10.2.2.2"]) == "203.0.113.9")
        // Ports and brackets, as some proxies write them.
        #expect(proxies.client(peer: "10.1.1.1", forwardedFor: ["203.0.113.9:5678"]) == "203.0.113.9")
        #expect(proxies.client(peer: "10.1.1.1", forwardedFor: ["[2001:db8::7]:443"]) == "2001:db8:0:0:0:0:0:7")
        // A malformed entry stops the walk at the last hop that could be believed.
        #expect(proxies.client(peer: "10.1.1.1", forwardedFor: ["n'importe quoi"]) == "10.1.1.1")
        #expect(proxies.client(peer: "::1", forwardedFor: []) == "0:0:0:0:0:0:0:1")
        #expect(proxies.client(peer: nil, forwardedFor: ["203.0.113.9"]) == nil)
    }
}
