import Testing
@testable import EDDServer
