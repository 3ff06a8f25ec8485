import Foundation
import LadderGit
// Every file of this target uses the shared helpers: prerequisites, temporary directories, built products.
@_exported import LadderTestSupport
import Testing

/// Points libgit2 away from the machine's git config, once per test process.
///
/// The global config it points to sets `init.defaultBranch = master`, a machine default
/// different from Ladder's, so every test also checks that nothing depends on it, and a
/// `user.name` that shows the isolated config is the one read.
enum Isolation {
    static let configDirectory: String = {
        // A fixed name, rewritten by each run, so runs leave nothing new behind.
        let directory = NSTemporaryDirectory() + "ladder-git-tests-config"
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try! "[init]\n\tdefaultBranch = master\n[user]\n\tname = Isolated Global\n".write(
            toFile: directory + "/.gitconfig", atomically: true, encoding: .utf8)
        try! Git.setConfigSearchPaths(global: directory, xdg: directory + "/xdg", system: directory + "/system")
        return directory
    }()
}

let alice = Signature(
    name: "Alice Learner", email: "alice@example.com", time: Date(timeIntervalSince1970: 1_700_000_000))

/// Runs `body` with a new empty directory (config isolated) and removes the directory afterwards.
func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
    _ = Isolation.configDirectory
    let directory = try TemporaryDirectory("git")
    try withExtendedLifetime(directory) { try body(directory.path) }
}

/// Writes a file, creating its parent directories.
func write(_ relativePath: String, _ contents: String, in directory: String, executable: Bool = false) throws {
    let path = directory + "/" + relativePath
    try FileManager.default.createDirectory(
        atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try contents.write(toFile: path, atomically: false, encoding: .utf8)
    try FileManager.default.setAttributes([.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: path)
}

func symlink(_ relativePath: String, to target: String, in directory: String) throws {
    try FileManager.default.createSymbolicLink(atPath: directory + "/" + relativePath, withDestinationPath: target)
}

struct GitCLIError: Error, CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let stderr: String
    var description: String { "git \(arguments.joined(separator: " ")) exited \(status): \(stderr)" }
}

/// Runs the real git CLI in `directory`, isolated from the machine's config, and returns its output.
@discardableResult
func gitCLI(_ arguments: String..., in directory: String, input: String? = nil) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/git")
    process.arguments = ["-C", directory] + arguments
    process.environment = [
        "GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_SYSTEM": "/dev/null", "HOME": Isolation.configDirectory,
        "PATH": "/usr/bin:/bin", "GIT_AUTHOR_NAME": "CLI", "GIT_AUTHOR_EMAIL": "cli@example.com",
        "GIT_COMMITTER_NAME": "CLI", "GIT_COMMITTER_EMAIL": "cli@example.com",
    ]
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    let standardInput = Pipe()
    process.standardInput = standardInput
    try process.run()
    standardInput.fileHandleForWriting.write(Data((input ?? "").utf8))
    try standardInput.fileHandleForWriting.close()
    let stdout = output.fileHandleForReading.readDataToEndOfFile()
    let stderr = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw GitCLIError(
            arguments: arguments, status: process.terminationStatus, stderr: String(decoding: stderr, as: UTF8.self))
    }
    return String(decoding: stdout, as: UTF8.self)
}

/// The mode of every file in a commit, by path, as `git ls-tree -r` shows it.
func committedModes(_ revision: String = "HEAD", in directory: String) throws -> [String: String] {
    var modes: [String: String] = [:]
    for line in try gitCLI("ls-tree", "-r", revision, in: directory).split(separator: "\n") {
        let parts = line.split(separator: "\t", maxSplits: 1)
        modes[String(parts[1])] = String(parts[0].split(separator: " ")[0])
    }
    return modes
}

/// The error `body` throws, as a `GitError`, recording an issue when it throws nothing or something else.
func gitError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> GitError? {
    do {
        try body()
        Issue.record("expected a GitError, nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as GitError {
        return error
    } catch {
        Issue.record("expected a GitError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
