import Foundation

// The daemon arrives with the eddd issue; until then it says so rather than pretending to serve.
FileHandle.standardError.write("eddd: not implemented yet (see the eddd issue)\n".data(using: .utf8)!)
exit(1)
