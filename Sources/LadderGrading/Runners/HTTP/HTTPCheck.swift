/// Starts the learner's service with `$PORT`, waits for it, then runs request steps against it.
public struct HTTPCheck: Sendable, Equatable {
    /// A path to GET until it answers; when nil, readiness is a TCP connection being accepted.
    public var readinessPath: String?
    public var startupTimeout: Duration
    public var steps: [HTTPStep]

    public init(readinessPath: String?, startupTimeout: Duration, steps: [HTTPStep]) {
        self.readinessPath = readinessPath
        self.startupTimeout = startupTimeout
        self.steps = steps
    }
}

/// One request and what its response must show. Strings may use `{{name}}` for values captured earlier.
public struct HTTPStep: Sendable, Equatable {
    public var method: String
    public var path: String
    public var headers: [String: String]
    public var body: String?
    public var expectStatus: Int?
    /// Header name → regular expression its value must match; a missing header fails.
    public var expectHeaders: [String: String]
    /// The response body must be JSON containing this (objects may carry more keys).
    public var expectJSONSubset: String?
    /// JSON Pointer → the JSON value expected there.
    public var expectPointers: [String: String]
    /// A regular expression the body must match.
    public var expectBodyPattern: String?
    /// Name → where to take it from: a JSON Pointer (`/id`) or `header:Location`.
    public var captures: [String: String]

    public init(
        method: String, path: String, headers: [String: String] = [:], body: String? = nil,
        expectStatus: Int? = nil, expectHeaders: [String: String] = [:], expectJSONSubset: String? = nil,
        expectPointers: [String: String] = [:], expectBodyPattern: String? = nil, captures: [String: String] = [:]
    ) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
        self.expectStatus = expectStatus
        self.expectHeaders = expectHeaders
        self.expectJSONSubset = expectJSONSubset
        self.expectPointers = expectPointers
        self.expectBodyPattern = expectBodyPattern
        self.captures = captures
    }
}
