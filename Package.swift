// swift-tools-version:6.1
import Foundation
import PackageDescription

/// How the release `ladder` is linked: as a position-dependent executable (the dynamic loader then has no relative
/// relocations to apply at every start), exporting no symbols, and, when `make release` gathered them (scripts/static-libs.sh names the
/// directory in LADDER_STATIC_LIBS), with libgit2, SQLite, libxml2 and what they need from their static archives, so
/// that starting `ladder` loads no shared library but the C library and GCC's unwinder (the C++ runtime is linked
/// in too; Kerberos, which libgit2's Negotiate authentication needs, is loaded on first use, and the CA bundle libgit2
/// parses when it starts is parsed at its first TLS handshake: CGit2OnDemand).
/// Issue 15: these took `ladder --version` from 15 ms to 5 ms.
let releaseLinking: [LinkerSetting] = {
    // Without exporting its symbols: the static Swift runtime asks for `-export-dynamic`, which put 50,000 symbols in
    // the dynamic table that the runtime's start-up then searches linearly (dladdr, for the backtracer's paths).
    var flags = ["-Xclang-linker", "-no-pie", "-Xlinker", "--no-export-dynamic"]
    if let directory = Context.environment["LADDER_STATIC_LIBS"],
        let files = try? FileManager.default.contentsOfDirectory(atPath: directory)
    {
        let archives = files.filter { $0.hasPrefix("lib") && $0.hasSuffix(".a") }.sorted()
        flags += ["-L" + directory, "-Xlinker", "--start-group"]
        flags += archives.flatMap { ["-Xlinker", "-l" + $0.dropFirst(3).dropLast(2)] }
        flags += ["-Xlinker", "--end-group"]
        // libgit2's parse of the CA bundle waits for its first TLS handshake (CGit2OnDemand).
        for function in ["mbedtls_x509_crt_parse_file", "mbedtls_x509_crt_free", "mbedtls_ssl_handshake"] {
            flags += ["-Xlinker", "--wrap=" + function]
        }
    }
    return [.unsafeFlags(flags, .when(configuration: .release))]
}()

let package = Package(
    // Linux only, so no Apple platform is claimed: the sandbox launcher creates namespaces and cgroups, the sandbox
    // signals through pidfds, and the HTTP client opens sockets with SOCK_CLOEXEC/SOCK_NONBLOCK and sends with
    // MSG_NOSIGNAL, which Darwin lacks.
    name: "ladder",
    products: [
        .executable(name: "ladder", targets: ["ladder"]),
        .executable(name: "ladder-sandbox", targets: ["ladder-sandbox"]),
        .executable(name: "ladder-regex", targets: ["ladder-regex"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Without swift-configuration, which `ladder serve` does not read its settings from.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: ["FullFoundation"]),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        // Already built for Hummingbird and postgres-nio: `ladder submit`'s client of a course's server.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // libgit2 as the system provides it (libgit2-dev; scripts/bootstrap.sh installs it). Found in the default
        // include and library paths, without pkg-config: its `-L/usr/lib/<arch>` would come before the directory of
        // static archives the release build links (releaseLinking) and make every library there load as shared.
        .systemLibrary(name: "CGit2"),
        // Untrusted bytes shown as short, printable text (invalid UTF-8 and control characters escaped), and text
        // quoted as a JSON string (which TOML and YAML read too).
        .target(name: "LadderText"),
        // Durations and byte sizes as people write them ("250ms", "256M"): one syntax for manifests, sandbox profiles
        // and the command line, read and printed one way.
        .target(name: "LadderUnits"),
        // A TOML 1.0 reader that remembers where every value was written, and errors that name file, line and field.
        .target(name: "LadderTOML", dependencies: ["LadderText"]),
        // JSON values that keep numbers as written, and their parser.
        .target(name: "LadderJSON", dependencies: ["LadderText"]),
        // HTTP/1.1 messages, the response parser and a client over a Unix socket.
        .target(name: "LadderHTTP", dependencies: ["LadderText", "LadderUnits"]),
        // Value types of the domain (labs, stages, limits, competencies, rungs, verdicts, attempts) and manifest decoding.
        .target(name: "LadderModel", dependencies: ["LadderTOML", "LadderUnits"]),
        // A small Swift layer over libgit2: repositories, commits, trees, export, clone, notes, tags.
        .target(name: "LadderGit", dependencies: ["CGit2", "CGit2OnDemand"]),
        // What libgit2 needs only for some network operations, prepared on first use rather than at every start of
        // `ladder`: Kerberos (Negotiate authentication) and the parsed certificate authorities (HTTPS).
        .target(name: "CGit2OnDemand", cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]),
        // Swift API over the sandbox launcher: a policy in, an outcome out.
        .target(name: "LadderSandbox", dependencies: ["CLadderSandbox", "LadderJSON", "LadderUnits"]),
        // Linux system calls LadderSandbox needs that the Swift Glibc overlay lacks (pidfd_open, pidfd_send_signal).
        .target(name: "CLadderSandbox", cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror"])]),
        // The sandbox launcher: a single-threaded C program, the only code that creates namespaces and cgroups.
        .executableTarget(
            name: "ladder-sandbox",
            path: "Sandbox/launcher",
            cSettings: [.unsafeFlags(["-Wall", "-Wextra", "-Werror", "-Wno-unused-parameter"])],
            // Plain C, linked static and without the Swift runtime SwiftPM adds by default: it starts in a third of the time.
            linkerSettings: [.unsafeFlags(["-static-executable", "-nostartfiles"])]
        ),
        // The regex matcher: one match in a process of its own, so that a match that runs too long can be killed.
        .executableTarget(name: "ladder-regex"),
        // Results of attempts behind a protocol; SQLite through GRDB as the embedded default.
        .target(name: "LadderStore", dependencies: ["LadderModel", .product(name: "GRDB", package: "GRDB.swift")]),
        // Results in PostgreSQL, the store many grading machines share, through postgres-nio.
        .target(
            name: "LadderPostgres",
            dependencies: [
                "LadderModel", "LadderStore", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Grader kinds, comparisons, scoring and the grade report.
        .target(
            name: "LadderGrading",
            dependencies: ["LadderText", "LadderTOML", "LadderJSON", "LadderHTTP", "LadderModel", "LadderGit", "LadderSandbox", .product(name: "Crypto", package: "swift-crypto")]
        ),
        // GitHub Classroom's workflow file (`.github/workflows/classroom.yml`) read into autograding tests; YAML through Yams.
        .target(name: "LadderWorkflow", dependencies: ["LadderText", "LadderTOML", "LadderGrading", .product(name: "Yams", package: "Yams")]),
        // The use cases: start, test, submit, progress, validate, publish, classroom. `ladder lab new` writes its
        // templates, files under Authoring/Scaffold; an installed `ladder` finds them in the bundle installed beside it.
        .target(
            name: "LadderCore",
            dependencies: [
                "LadderText", "LadderTOML", "LadderModel", "LadderGit", "LadderSandbox", "LadderStore", "LadderPostgres",
                "LadderGrading", "LadderWorkflow",
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            resources: [.copy("Authoring/Scaffold")]
        ),
        // The web view's pages (gradebook, a learner's ladder, an attempt's report, the catalog), rendered on the
        // server from the store and the catalog with Mustache templates, its resources.
        .target(
            name: "LadderWeb",
            dependencies: [
                "LadderCore", "LadderGit", "LadderGrading", "LadderModel", "LadderStore",
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Templates")]
        ),
        // `ladder serve`: the JSON API, GitHub's webhooks and the metrics of the many-machine mode, on Hummingbird.
        .target(
            name: "LadderServer",
            dependencies: [
                "LadderStore", "LadderPostgres", "LadderWeb", "LadderGit", "LadderGrading",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `make bench`'s measure of the queue's database: jobs claimed, begun and recorded per second (bench/queue).
        .executableTarget(
            name: "ladder-queue-bench", dependencies: ["LadderModel", "LadderStore", "LadderPostgres"],
            path: "bench/queue/claims"),
        // The command line: the only layer that prints.
        .target(name: "LadderCLI", dependencies: ["LadderCore", "LadderModel", "LadderGit", "LadderSandbox", "LadderStore", "LadderPostgres", "LadderServer", "LadderWeb", "LadderGrading", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // The `ladder` executable.
        .executableTarget(name: "ladder", dependencies: ["LadderCLI"], linkerSettings: releaseLinking),

        // What every test target shares: prerequisites that fail a test (never skip it silently), temporary
        // directories, where the built products are.
        .target(name: "LadderTestSupport", path: "Tests/LadderTestSupport"),
        .testTarget(name: "LadderTextTests", dependencies: ["LadderText"]),
        .testTarget(name: "LadderUnitsTests", dependencies: ["LadderUnits"]),
        .testTarget(name: "LadderTOMLTests", dependencies: ["LadderTOML", "LadderTestSupport"]),
        .testTarget(name: "LadderJSONTests", dependencies: ["LadderJSON", "LadderTestSupport"]),
        .testTarget(name: "LadderHTTPTests", dependencies: ["LadderHTTP", "LadderJSON", "LadderTestSupport"]),
        .testTarget(name: "LadderModelTests", dependencies: ["LadderTOML", "LadderModel", "LadderTestSupport"]),
        .testTarget(name: "LadderGitTests", dependencies: ["LadderGit", "CGit2OnDemand", "LadderTestSupport"]),
        .testTarget(name: "LadderSandboxTests", dependencies: ["LadderSandbox", "LadderUnits", "ladder-sandbox", "LadderTestSupport"]),
        .testTarget(name: "LadderStoreTests", dependencies: ["LadderStore", "LadderPostgres", "LadderTestSupport"]),
        .testTarget(name: "LadderGradingTests", dependencies: ["LadderTOML", "LadderJSON", "LadderGrading", "LadderGit", "ladder-sandbox", "ladder-regex", "LadderTestSupport"]),
        .testTarget(name: "LadderWorkflowTests", dependencies: ["LadderWorkflow", "LadderGrading", "LadderTestSupport"]),
        .testTarget(name: "LadderCoreTests", dependencies: ["LadderCore", "ladder-sandbox", "ladder-regex", "LadderTestSupport"]),
        .testTarget(name: "LadderWebTests", dependencies: ["LadderWeb", "LadderCore", "LadderGrading", "LadderStore", "LadderTestSupport"]),
        .testTarget(name: "LadderCLITests", dependencies: ["ladder", "LadderCLI", "LadderPostgres", "LadderStore", .product(name: "ArgumentParser", package: "swift-argument-parser"), "ladder-sandbox", "ladder-regex", "LadderServer", "LadderTestSupport", .product(name: "Yams", package: "Yams")]),
    ]
)
