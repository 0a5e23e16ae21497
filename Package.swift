// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "edd",
    products: [
        .library(name: "EDD", targets: ["EDD"]),
        .executable(name: "edd-train", targets: ["EddTrain"]),
        .executable(name: "eddd", targets: ["EddDaemon"]),
        .executable(name: "edd", targets: ["EddCLI"]),
    ],
    targets: [
        // All domain logic: time, calendars, geography, ingestion, timelines, the model, the protocol.
        .target(name: "EDD"),
        // Linux system calls Swift cannot reach well (packed epoll_event, signal self-pipe).
        .target(name: "CEDDSystem"),
        // The daemon's socket layer.
        .target(name: "EDDServer", dependencies: ["EDD", "CEDDSystem"]),
        .executableTarget(name: "EddTrain", dependencies: ["EDD"]),
        .executableTarget(name: "EddDaemon", dependencies: ["EDD", "EDDServer"]),
        .executableTarget(name: "EddCLI", dependencies: ["EDD", "EDDServer"]),
        .testTarget(name: "EDDTests", dependencies: ["EDD"]),
        .testTarget(name: "EDDServerTests", dependencies: ["EDDServer", "EDD"]),
    ],
    swiftLanguageModes: [.v6]
)
