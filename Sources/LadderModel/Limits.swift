import LadderTOML

/// Resource limits for running a learner's program; nil means "the sandbox profile's default".
///
/// In TOML (a lab's `[limits]` table, and per-test limits in grader specs):
/// `wall-time`, `cpu-time` ("250ms", "5s", "1m"), `memory`, `output`, `file-size` ("64K", "256M", "1G"),
/// `processes` (an integer). Each is checked against ``Limits/maxima``.
public struct Limits: Sendable, Equatable, Hashable {
    /// Real time for the whole run.
    public var wallTime: Duration?
    /// CPU time of the whole process tree.
    public var cpuTime: Duration?
    /// Memory of the whole process tree, in bytes.
    public var memoryBytes: Int?
    /// How many processes (and threads) may exist at once.
    public var processes: Int?
    /// Bytes kept per output stream; beyond this, output is truncated and the run reports it.
    public var outputBytes: Int?
    /// The largest file the program may write, in bytes.
    public var fileSizeBytes: Int?

    public init(
        wallTime: Duration? = nil, cpuTime: Duration? = nil, memoryBytes: Int? = nil, processes: Int? = nil,
        outputBytes: Int? = nil, fileSizeBytes: Int? = nil
    ) {
        self.wallTime = wallTime
        self.cpuTime = cpuTime
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.outputBytes = outputBytes
        self.fileSizeBytes = fileSizeBytes
    }

    /// The smallest and largest value a manifest may set for each limit.
    public enum Bounds {
        public static let wallTime: ClosedRange<Duration> = .milliseconds(10) ... .seconds(60)
        public static let cpuTime: ClosedRange<Duration> = .milliseconds(10) ... .seconds(60)
        public static let memoryBytes: ClosedRange<Int> = (1 << 20)...(4 << 30)
        public static let processes: ClosedRange<Int> = 1...1024
        public static let outputBytes: ClosedRange<Int> = (1 << 10)...(64 << 20)
        public static let fileSizeBytes: ClosedRange<Int> = 0...(1 << 30)
    }

    /// The largest limits a manifest may ask for.
    public static let maxima = Limits(
        wallTime: Bounds.wallTime.upperBound, cpuTime: Bounds.cpuTime.upperBound,
        memoryBytes: Bounds.memoryBytes.upperBound,
        processes: Bounds.processes.upperBound, outputBytes: Bounds.outputBytes.upperBound,
        fileSizeBytes: Bounds.fileSizeBytes.upperBound)

    /// The keys of the `[limits]` table.
    public static let keys = ["wall-time", "cpu-time", "memory", "processes", "output", "file-size"]

    /// Whether no limit is set.
    public var isEmpty: Bool { self == Limits() }

    /// These limits with every limit `more` sets taken from `more` (for per-test limits over a lab's limits).
    public func overridden(by more: Limits) -> Limits {
        Limits(
            wallTime: more.wallTime ?? wallTime, cpuTime: more.cpuTime ?? cpuTime,
            memoryBytes: more.memoryBytes ?? memoryBytes, processes: more.processes ?? processes,
            outputBytes: more.outputBytes ?? outputBytes, fileSizeBytes: more.fileSizeBytes ?? fileSizeBytes)
    }

    /// Reads the keys of a `[limits]` table, checking each against ``Bounds``; the caller finishes the reader.
    public init(reading reader: inout TOMLReader) throws(ManifestError) {
        self.init()
        wallTime = try reader.optional("wall-time") { field throws(ManifestError) in
            try field.duration(in: Bounds.wallTime)
        }
        cpuTime = try reader.optional("cpu-time") { field throws(ManifestError) in
            try field.duration(in: Bounds.cpuTime)
        }
        memoryBytes = try reader.optional("memory") { field throws(ManifestError) in
            try field.byteSize(in: Bounds.memoryBytes)
        }
        processes = try reader.optional("processes") { field throws(ManifestError) in
            let count = try field.integer(in: 1...Int.max)
            guard count <= Bounds.processes.upperBound else {
                throw field.error("\(count) is above the maximum of \(Bounds.processes.upperBound)")
            }
            return count
        }
        outputBytes = try reader.optional("output") { field throws(ManifestError) in
            try field.byteSize(in: Bounds.outputBytes)
        }
        fileSizeBytes = try reader.optional("file-size") { field throws(ManifestError) in
            try field.byteSize(in: Bounds.fileSizeBytes)
        }
    }

    /// The limits as TOML `key = value` lines, in the order of ``keys``.
    public var tomlLines: [String] {
        var lines: [String] = []
        if let wallTime { lines.append("wall-time = \"\(Units.format(wallTime))\"") }
        if let cpuTime { lines.append("cpu-time = \"\(Units.format(cpuTime))\"") }
        if let memoryBytes { lines.append("memory = \"\(Units.formatBytes(memoryBytes))\"") }
        if let processes { lines.append("processes = \(processes)") }
        if let outputBytes { lines.append("output = \"\(Units.formatBytes(outputBytes))\"") }
        if let fileSizeBytes { lines.append("file-size = \"\(Units.formatBytes(fileSizeBytes))\"") }
        return lines
    }
}

extension Limits: Codable {
    private enum CodingKeys: String, CodingKey {
        case wallTimeMilliseconds, cpuTimeMilliseconds, memoryBytes, processes, outputBytes, fileSizeBytes
    }

    /// JSON carries times as whole milliseconds, which every consumer can read.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            wallTime: try container.decodeIfPresent(Int64.self, forKey: .wallTimeMilliseconds).map {
                .milliseconds($0)
            },
            cpuTime: try container.decodeIfPresent(Int64.self, forKey: .cpuTimeMilliseconds).map { .milliseconds($0) },
            memoryBytes: try container.decodeIfPresent(Int.self, forKey: .memoryBytes),
            processes: try container.decodeIfPresent(Int.self, forKey: .processes),
            outputBytes: try container.decodeIfPresent(Int.self, forKey: .outputBytes),
            fileSizeBytes: try container.decodeIfPresent(Int.self, forKey: .fileSizeBytes))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encodeIfPresent(wallTime.map(Units.milliseconds), forKey: .wallTimeMilliseconds)
        try container.encodeIfPresent(cpuTime.map(Units.milliseconds), forKey: .cpuTimeMilliseconds)
        try container.encodeIfPresent(memoryBytes, forKey: .memoryBytes)
        try container.encodeIfPresent(processes, forKey: .processes)
        try container.encodeIfPresent(outputBytes, forKey: .outputBytes)
        try container.encodeIfPresent(fileSizeBytes, forKey: .fileSizeBytes)
    }
}
