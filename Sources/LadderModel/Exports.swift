// Limits and manifests speak in durations and sizes; whoever imports the model reads and prints them the one way
// `Units` does without importing LadderUnits too (as swift-nio's NIO re-exports NIOCore).
@_exported import LadderUnits
