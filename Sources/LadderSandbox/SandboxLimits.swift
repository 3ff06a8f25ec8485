import LadderUnits

/// Resource limits of one run; `nil` means "take the profile's default".
///
/// In profile JSON the keys are `wall`, `cpu`, `memory`, `pids`, `output`, `fsize`, `nofile`, `stack` and `tmp`;
/// durations are strings (`"5s"`, `"250ms"`), sizes are strings (`"256M"`) or numbers of bytes, both in ``Units``'
/// syntax, the one lab manifests use.
public struct SandboxLimits: Sendable, Codable, Hashable {
    /// Wall-clock time from start to the end of the main process.
    public var wallTime: Duration?
    /// CPU time of every process in the box together.
    public var cpuTime: Duration?
    /// Memory of the whole process tree, including its files in `/tmp`.
    public var memoryBytes: Int?
    /// Number of processes and threads alive at once.
    public var processes: Int?
    /// Bytes per output stream (stdout, stderr); the run ends when one goes past it.
    public var outputBytes: Int?
    /// Largest file the program may write.
    public var fileSizeBytes: Int?
    /// Open file descriptors per process.
    public var openFiles: Int?
    /// Stack size per process.
    public var stackBytes: Int?
    /// Size of the private `/tmp`.
    public var tmpBytes: Int?

    /// Creates limits; every one left `nil` comes from the profile.
    public init(
        wallTime: Duration? = nil, cpuTime: Duration? = nil, memoryBytes: Int? = nil, processes: Int? = nil,
        outputBytes: Int? = nil, fileSizeBytes: Int? = nil, openFiles: Int? = nil, stackBytes: Int? = nil,
        tmpBytes: Int? = nil
    ) {
        self.wallTime = wallTime
        self.cpuTime = cpuTime
        self.memoryBytes = memoryBytes
        self.processes = processes
        self.outputBytes = outputBytes
        self.fileSizeBytes = fileSizeBytes
        self.openFiles = openFiles
        self.stackBytes = stackBytes
        self.tmpBytes = tmpBytes
    }

    /// These limits, with every unset one taken from `base`.
    public func merged(over base: SandboxLimits) -> SandboxLimits {
        SandboxLimits(
            wallTime: wallTime ?? base.wallTime, cpuTime: cpuTime ?? base.cpuTime,
            memoryBytes: memoryBytes ?? base.memoryBytes, processes: processes ?? base.processes,
            outputBytes: outputBytes ?? base.outputBytes, fileSizeBytes: fileSizeBytes ?? base.fileSizeBytes,
            openFiles: openFiles ?? base.openFiles, stackBytes: stackBytes ?? base.stackBytes,
            tmpBytes: tmpBytes ?? base.tmpBytes)
    }

    /// Checks every set limit against the maxima and against sane floors; the error names the field and value.
    public func validate(maxima: SandboxLimits, profile: String) throws {
        func check<T: Comparable>(_ field: String, _ value: T?, _ maximum: T?, floor: T, _ show: (T) -> String) throws {
            guard let value else { return }
            if value < floor {
                throw SandboxError(
                    .invalidValue, "\(field) \(show(value)) is below the smallest allowed, \(show(floor))")
            }
            if let maximum, value > maximum {
                throw SandboxError(
                    .limitAboveMaximum,
                    "\(field) \(show(value)) is above the '\(profile)' profile's maximum of \(show(maximum))")
            }
        }
        let bytes = Units.formatBytes
        let time = Units.format
        try check("wall", wallTime, maxima.wallTime, floor: .milliseconds(1), time)
        try check("cpu", cpuTime, maxima.cpuTime, floor: .milliseconds(1), time)
        try check("memory", memoryBytes, maxima.memoryBytes, floor: 4 << 20, bytes)
        try check("pids", processes, maxima.processes, floor: 1) { "\($0)" }
        try check("output", outputBytes, maxima.outputBytes, floor: 0, bytes)
        try check("fsize", fileSizeBytes, maxima.fileSizeBytes, floor: 0, bytes)
        try check("nofile", openFiles, maxima.openFiles, floor: 4) { "\($0)" }
        try check("stack", stackBytes, maxima.stackBytes, floor: 64 << 10, bytes)
        try check("tmp", tmpBytes, maxima.tmpBytes, floor: 4 << 10, bytes)
    }

    enum CodingKeys: String, CodingKey {
        case wallTime = "wall"
        case cpuTime = "cpu"
        case memoryBytes = "memory"
        case processes = "pids"
        case outputBytes = "output"
        case fileSizeBytes = "fsize"
        case openFiles = "nofile"
        case stackBytes = "stack"
        case tmpBytes = "tmp"
    }

    public init(from decoder: Decoder) throws {
        try self.init(fields: JSONFields(decoder: decoder))
    }

    /// Reads limits from a profile's `defaults` or `maxima` object; errors name the field (`defaults.wall`).
    init(fields: JSONFields) throws(SandboxError) {
        func duration(_ key: CodingKeys) throws(SandboxError) -> Duration? {
            guard let text = try fields.string(key.rawValue) else { return nil }
            return try SandboxQuantity.parseDuration(text, field: fields.name(key.rawValue))
        }
        // A number is read as its text, so that a negative one is refused like "-1" is.
        func text(_ key: CodingKeys) throws(SandboxError) -> String? {
            guard let value = fields.value(key.rawValue) else { return nil }
            switch value {
            case .string(let text): return text
            case .number(let number): return number.literal
            default:
                throw SandboxError(
                    .invalidValue,
                    "\(fields.name(key.rawValue)): expected a string or a number, found \(value.kindDescription)")
            }
        }
        func bytes(_ key: CodingKeys) throws(SandboxError) -> Int? {
            try text(key).map { text throws(SandboxError) in
                try SandboxQuantity.parseBytes(text, field: fields.name(key.rawValue))
            }
        }
        func count(_ key: CodingKeys) throws(SandboxError) -> Int? {
            try text(key).map { text throws(SandboxError) in
                try SandboxQuantity.parseCount(text, field: fields.name(key.rawValue))
            }
        }
        self.init(
            wallTime: try duration(.wallTime), cpuTime: try duration(.cpuTime), memoryBytes: try bytes(.memoryBytes),
            processes: try count(.processes), outputBytes: try bytes(.outputBytes),
            fileSizeBytes: try bytes(.fileSizeBytes), openFiles: try count(.openFiles),
            stackBytes: try bytes(.stackBytes), tmpBytes: try bytes(.tmpBytes))
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(wallTime.map(Units.format), forKey: .wallTime)
        try c.encodeIfPresent(cpuTime.map(Units.format), forKey: .cpuTime)
        try c.encodeIfPresent(memoryBytes.map(Units.formatBytes), forKey: .memoryBytes)
        try c.encodeIfPresent(processes, forKey: .processes)
        try c.encodeIfPresent(outputBytes.map(Units.formatBytes), forKey: .outputBytes)
        try c.encodeIfPresent(fileSizeBytes.map(Units.formatBytes), forKey: .fileSizeBytes)
        try c.encodeIfPresent(openFiles, forKey: .openFiles)
        try c.encodeIfPresent(stackBytes.map(Units.formatBytes), forKey: .stackBytes)
        try c.encodeIfPresent(tmpBytes.map(Units.formatBytes), forKey: .tmpBytes)
    }
}
