/// The language runtime a sandbox profile is for: which system packages install it, how it tells its version, and a
/// small program that proves it works inside the box (`ladder doctor` builds and runs it).
///
/// Written as the `runtime` object of a profile's JSON; it belongs to that profile alone (a profile that `extends`
/// another does not inherit it).
public struct SandboxRuntime: Sendable, Codable, Equatable {
    /// A program written into an empty working directory, built and run in the box.
    public struct Hello: Sendable, Codable, Equatable {
        /// Relative path to contents.
        public var files: [String: String]
        /// Run once before `run` when the language compiles.
        public var build: [String]?
        public var run: [String]
        /// Text the program's standard output must contain.
        public var expect: String

        public init(files: [String: String], build: [String]? = nil, run: [String], expect: String) {
            self.files = files
            self.build = build
            self.run = run
            self.expect = expect
        }
    }

    /// The language's display name.
    public var name: String
    /// Debian packages that install the runtime (`scripts/bootstrap.sh` installs those the catalog's labs need).
    public var packages: [String]
    /// A command that prints the runtime's version (on stdout or stderr).
    public var version: [String]
    public var hello: Hello?

    public init(name: String, packages: [String] = [], version: [String], hello: Hello? = nil) {
        self.name = name
        self.packages = packages
        self.version = version
        self.hello = hello
    }
}

extension SandboxRuntime {
    public init(from decoder: Decoder) throws {
        try self.init(fields: JSONFields(decoder: decoder))
    }

    /// Reads a profile's `runtime` object.
    init(fields: JSONFields) throws(SandboxError) {
        self.init(
            name: try fields.required(fields.string("name"), "name"), packages: try fields.strings("packages") ?? [],
            version: try fields.required(fields.strings("version"), "version"),
            hello: try fields.object("hello").map { object throws(SandboxError) in try Hello(fields: object) })
    }
}

extension SandboxRuntime.Hello {
    public init(from decoder: Decoder) throws {
        try self.init(fields: JSONFields(decoder: decoder))
    }

    /// Reads a runtime's `hello` object.
    init(fields: JSONFields) throws(SandboxError) {
        self.init(
            files: try fields.stringMap("files") ?? [:], build: try fields.strings("build"),
            run: try fields.required(fields.strings("run"), "run"),
            expect: try fields.required(fields.string("expect"), "expect"))
    }
}
