// swift-tools-version: 6.0
import PackageDescription

// Libraries by layer, dependencies pointing one way (README, Development):
//
//   EDDServer ──► EDDProtocol ──► EDDCore ◄── EDDTraining ◄── EDDBenchmark (also ──► EDDProtocol)
//                      ▲                          ▲
//                      └──────── EDDSweep ────────┘   (`edd sweep`)
//                                             ▲
//                                      EDDCommandLine (the executables' shell)
//   edd-train links EDDTraining; edd links everything; eddd no training, synthetic or report code.
let package = Package(
    name: "edd",
    products: [
        .library(name: "EDDCore", targets: ["EDDCore"]),
        .library(name: "EDDProtocol", targets: ["EDDProtocol"]),
        .library(name: "EDDTraining", targets: ["EDDTraining"]),
        .executable(name: "edd-train", targets: ["EddTrain"]),
        .executable(name: "eddd", targets: ["EddDaemon"]),
        .executable(name: "edd", targets: ["EddCLI"]),
    ],
    targets: [
        // What a model is and how it answers: time, calendars, geography, timelines, the model, prediction.
        .target(name: "EDDCore"),
        // The wire: the JSON codec and the query service that answers request lines.
        .target(name: "EDDProtocol", dependencies: ["EDDCore"]),
        // Turning scan feeds into models and judging them: ingestion, fitting, synthetic data, Olist,
        // backtests and their reports.
        .target(name: "EDDTraining", dependencies: ["EDDCore", "CEDDSystem"]),
        // The notification engine's sweep: every parcel in flight in a scan feed answered as the `risk` op
        // would, flagged once against the previous sweep (`edd sweep`).
        .target(name: "EDDSweep", dependencies: ["EDDCore", "EDDProtocol", "EDDTraining"]),
        // Benchmarks of the codec, the predictor and ingestion (`edd bench …`).
        .target(name: "EDDBenchmark", dependencies: ["EDDCore", "EDDProtocol", "EDDTraining"]),
        // The executables' shell: argument lists, exit statuses, progress, line input.
        .target(name: "EDDCommandLine", dependencies: ["EDDCore"]),
        // `--memory`/`--tmp-dir` for the executables whose reads spill (edd-train's commands, `edd sweep`); apart
        // from EDDCommandLine so that eddd links no training code.
        .target(name: "EDDSpillCommandLine", dependencies: ["EDDCore", "EDDTraining", "EDDCommandLine"]),
        // Linux system calls Swift cannot reach well (packed epoll_event, signal self-pipe, malloc_trim).
        .target(name: "CEDDSystem"),
        // The daemon's socket layer and the client.
        .target(name: "EDDServer", dependencies: ["EDDCore", "EDDProtocol", "CEDDSystem"]),
        .executableTarget(
            name: "EddTrain", dependencies: ["EDDCore", "EDDTraining", "EDDCommandLine", "EDDSpillCommandLine"]),
        .executableTarget(
            name: "EddDaemon", dependencies: ["EDDCore", "EDDProtocol", "EDDServer", "EDDCommandLine"]),
        .executableTarget(
            name: "EddCLI",
            dependencies: [
                "EDDCore", "EDDProtocol", "EDDTraining", "EDDSweep", "EDDBenchmark", "EDDServer", "EDDCommandLine",
                "EDDSpillCommandLine",
            ]),
        .testTarget(
            name: "EDDTests",
            dependencies: ["EDDCore", "EDDProtocol", "EDDTraining", "EDDSweep", "EDDBenchmark", "EDDCommandLine"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "EDDServerTests", dependencies: ["EDDServer", "EDDCore", "EDDProtocol", "EDDTraining"]),
    ],
    swiftLanguageModes: [.v6]
)
