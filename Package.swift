// swift-tools-version: 6.1
//
// impact — impact analytics and statistics engine for volunteer and
// science-popularization programs. See README.md.
//
// Dependencies point one way: impact (CLI) → ImpactPipeline → ImpactExport /
// ImpactStats / ImpactIngest → ImpactCore → CLinearAlgebra; ImpactExport renders
// ImpactReportModel, which needs only ImpactStats and ImpactCore. ImpactStats
// never imports the C module; all BLAS/LAPACK pointer code lives in
// ImpactCore/Matrix.
import PackageDescription

/// One list of settings applied to every Swift target.
let swiftSettings: [SwiftSetting] = [
  // Swift 6 language mode implies complete strict-concurrency checking.
  .swiftLanguageMode(.v6),
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
  // Release builds skip the runtime exclusivity checks (measured at ≈ 12% of
  // the CSV hot loop); debug builds, and so `make test`, keep them.
  .unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release)),
]

let package = Package(
  name: "impact",
  products: [
    .executable(name: "impact", targets: ["impact"]),
    .library(name: "ImpactCore", targets: ["ImpactCore"]),
    .library(name: "ImpactIngest", targets: ["ImpactIngest"]),
    .library(name: "ImpactStats", targets: ["ImpactStats"]),
    .library(name: "ImpactReportModel", targets: ["ImpactReportModel"]),
    .library(name: "ImpactExport", targets: ["ImpactExport"]),
    .library(name: "ImpactPipeline", targets: ["ImpactPipeline"]),
  ],
  dependencies: [
    // Command-line parsing for the thin `impact` executable (subcommands,
    // validation, generated help).
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    // A real YAML 1.1 parser for codebooks and run configurations.
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    // Logic-less Mustache templates for the HTML report (markup kept apart
    // from the code that computes the figures).
    .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    // Property-based tests (seeded, shrinking) in Swift Testing; tests only.
    .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
    // Zip archives for Excel workbooks: entries are inflated chunk by chunk
    // through a consumer closure (a sheet never has to fit in memory), and the
    // summary workbook is deflated with fixed entry dates (byte-identical
    // reruns). Pinned exactly: 0.9.20 is the version the offline mirror holds.
    .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
  ],
  targets: [
    // OpenBLAS + LAPACKE (Debian: libopenblas-dev, liblapacke-dev). No stable
    // API: only ImpactCore/Matrix imports it.
    .systemLibrary(
      name: "CLinearAlgebra",
      path: "Sources/CLinearAlgebra",
      providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
    ),
    // OpenSSL libcrypto (Debian: libssl-dev) for SHA-256 digests of inputs and
    // outputs; hardware-accelerated (SHA-NI), ≈ 1.2 GB/s here.
    .systemLibrary(
      name: "CCrypto",
      path: "Sources/CCrypto",
      providers: [.apt(["libssl-dev"])]
    ),
    // libxml2 (Debian: libxml2-dev) for its SAX2 push parser: workbook XML is
    // parsed as it is inflated, never as a DOM. No stable API: only
    // ImpactIngest/Excel/XMLPushParser.swift imports it.
    .systemLibrary(
      name: "CLibXML2",
      path: "Sources/CLibXML2",
      pkgConfig: "libxml-2.0",
      providers: [.apt(["libxml2-dev"])]
    ),
    .target(
      name: "ImpactCore",
      dependencies: ["CLinearAlgebra", "CCrypto"],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "ImpactIngest",
      dependencies: [
        "ImpactCore", "CLibXML2", .product(name: "Yams", package: "Yams"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: swiftSettings
    ),
    .target(
      name: "ImpactStats",
      dependencies: ["ImpactCore"],
      swiftSettings: swiftSettings
    ),
    // What a report shows (results, inputs, exclusions, run metadata): plain
    // values built by the jobs and rendered by ImpactExport. Depends only on
    // ImpactCore and ImpactStats.
    .target(
      name: "ImpactReportModel",
      dependencies: ["ImpactCore", "ImpactStats"],
      swiftSettings: swiftSettings
    ),
    // Renderers: CSV, JSON, XLSX, HTML report, notebook. Re-exports
    // ImpactReportModel (the values it renders).
    .target(
      name: "ImpactExport",
      dependencies: [
        "ImpactCore", "ImpactIngest", "ImpactStats", "ImpactReportModel",
        .product(name: "Mustache", package: "swift-mustache"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      swiftSettings: swiftSettings
    ),
    // Jobs: read inputs, accumulate (in parallel), finalize, export.
    .target(
      name: "ImpactPipeline",
      dependencies: ["ImpactCore", "ImpactIngest", "ImpactStats", "ImpactReportModel", "ImpactExport"],
      swiftSettings: swiftSettings
    ),
    .executableTarget(
      name: "impact",
      dependencies: [
        "ImpactCore", "ImpactIngest", "ImpactStats", "ImpactExport", "ImpactPipeline",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: swiftSettings
    ),
    // The bodies of the libFuzzer targets (csv, xlsx, partial, config): what
    // one input runs and the invariants it checks. Shared by impact-fuzz and
    // the regression replay in ImpactIngestTests.
    .target(
      name: "ImpactFuzzTargets",
      dependencies: ["ImpactCore", "ImpactIngest", "ImpactPipeline"],
      swiftSettings: swiftSettings
    ),
    // libFuzzer driver (`make fuzz`; IMPACT_FUZZ_TARGET or --target= picks
    // the target); prints a hint when built without -DFUZZING.
    .executableTarget(
      name: "impact-fuzz",
      dependencies: ["ImpactFuzzTargets"],
      path: "Sources/impact-fuzz",
      swiftSettings: swiftSettings
    ),
    .target(
      name: "TestSupport",
      dependencies: ["ImpactCore"],
      path: "Tests/TestSupport",
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ImpactCoreTests",
      dependencies: [
        "ImpactCore", "TestSupport",
        .product(name: "PropertyBased", package: "swift-property-based"),
      ],
      exclude: ["Reference"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ImpactIngestTests",
      dependencies: [
        "ImpactIngest", "ImpactCore", "TestSupport", "ImpactFuzzTargets",
        .product(name: "PropertyBased", package: "swift-property-based"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ImpactExportTests",
      dependencies: ["ImpactExport", "ImpactReportModel", "ImpactStats", "ImpactCore"],
      // Golden files are read from (and, with IMPACT_UPDATE_GOLDEN=1,
      // written to) the source folder; see ReportGoldenTests.
      exclude: ["Golden"],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ImpactStatsTests",
      dependencies: ["ImpactStats", "TestSupport"],
      resources: [.copy("Reference")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "ImpactPipelineTests",
      dependencies: [
        "ImpactPipeline", "TestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
        .product(name: "ZIPFoundation", package: "ZIPFoundation"),
      ],
      resources: [.copy("Fixtures")],
      swiftSettings: swiftSettings
    ),
    .testTarget(
      name: "CLITests",
      dependencies: ["TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
      resources: [.copy("Golden")],
      swiftSettings: swiftSettings
    ),
  ]
)
