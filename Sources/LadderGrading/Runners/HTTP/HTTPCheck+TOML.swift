import Foundation
import LadderModel
import LadderTOML

extension HTTPCheck {
    init(reading reader: inout TOMLReader) throws(ManifestError) {
        let readinessPath = try reader.optional("ready-path", as: String.self)
        let startupTimeout =
            try reader.optional("startup-timeout") { field throws(ManifestError) in
                try field.duration(in: .milliseconds(100) ... .seconds(60))
            } ?? .seconds(10)
        let steps = try reader.tables("steps", required: true) { step, _ throws(ManifestError) in
            try HTTPStep(reading: &step)
        }
        self.init(readinessPath: readinessPath, startupTimeout: startupTimeout, steps: steps)
    }
}

extension HTTPStep {
    static let methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    init(reading reader: inout TOMLReader) throws(ManifestError) {
        let method =
            try reader.optional("method") { field throws(ManifestError) in try field.oneOf(Self.methods) } ?? "GET"
        let path = try reader.require("path", as: String.self)
        guard path.hasPrefix("/") || path.hasPrefix("{{") else {
            throw reader.error(
                "path '\(path)' must start with '/' (or be a captured value such as '{{location}}')", key: "path")
        }
        // Caught here, a bad path is the lab's mistake; found at run time it would read as the learner's runtime-error.
        guard path.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else {
            throw reader.error("path '\(path)' has a space or control character; percent-encode it (%20)", key: "path")
        }
        let headers = try reader.optional("headers") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        let body = try reader.optional("body", as: String.self)
        let status = try reader.optional("status") { field throws(ManifestError) in try field.integer(in: 100...599) }
        let expectHeaders =
            try reader.optional("expect-headers") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        // Patterns with a capture in them can only be checked once the capture is known, at run time.
        for pattern in expectHeaders.values where !pattern.contains("{{") {
            try checkRegex(pattern, reader: reader, key: "expect-headers")
        }
        let json = try reader.optional("json", as: String.self)
        let pointers = try reader.optional("pointers") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        let pattern = try reader.optional("body-pattern", as: String.self)
        if let pattern {
            try checkRegex(pattern, reader: reader, key: "body-pattern")
        }
        let captures = try reader.optional("capture") { field throws(ManifestError) in try field.stringTable() } ?? [:]
        for (name, source) in captures where !(source.hasPrefix("/") || source.hasPrefix("header:")) {
            throw reader.error(
                "capture '\(name)' = '\(source)': use a JSON Pointer like '/id' or 'header:Location'", key: "capture")
        }
        self.init(
            method: method, path: path, headers: headers, body: body, expectStatus: status,
            expectHeaders: expectHeaders,
            expectJSONSubset: json, expectPointers: pointers, expectBodyPattern: pattern, captures: captures)
    }
}
