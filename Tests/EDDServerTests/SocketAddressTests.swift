import Testing

@testable import EDDServer

@Suite struct SocketAddressTests {
    @Test func hostAndPortParseAsTCP() throws {
        #expect(try SocketAddress(parsing: "127.0.0.1:7433") == .tcp(host: "127.0.0.1", port: 7433))
        #expect(try SocketAddress(parsing: "[::1]:80") == .tcp(host: "::1", port: 80))
        #expect(try SocketAddress(parsing: ":0") == .tcp(host: "0.0.0.0", port: 0))
    }

    @Test func unixPrefixOrAbsolutePathParseAsUnixSocket() throws {
        #expect(try SocketAddress(parsing: "unix:/run/eddd.sock") == .unix(path: "/run/eddd.sock"))
        #expect(try SocketAddress(parsing: "/run/eddd.sock") == .unix(path: "/run/eddd.sock"))
    }

    @Test func malformedAddressesAreRejected() {
        #expect(throws: SystemError.self) { try SocketAddress(parsing: "localhost") }
        #expect(throws: SystemError.self) { try SocketAddress(parsing: "localhost:70000") }
        #expect(throws: SystemError.self) { try SocketAddress(parsing: "unix:") }
    }

    @Test func descriptionBracketsIPv6Hosts() {
        #expect(SocketAddress.tcp(host: "::1", port: 80).description == "[::1]:80")
        #expect(SocketAddress.unix(path: "/x").description == "unix:/x")
    }
}
