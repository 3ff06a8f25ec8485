import Foundation

/// A named set of read-only mounts, environment, default limits and maxima for one kind of runtime.
///
/// Profiles are JSON files in `Sandbox/profiles/<name>.json`; `extends` names a profile whose mounts and
/// environment this one adds to (less the variables its `unset` names) and whose limits it overrides field by field.
public struct SandboxProfile: Sendable, Codable, Equatable {
    /// The profile's name (its file name without `.json`).
    public var name: String
    /// One line on what the profile is for.
    public var description: String
    /// The profile this one builds on, if any.
    public var extends: String?
    /// Host paths bound read-only at the same place inside; paths missing on this machine are skipped.
    public var readOnly: [String]
    /// Environment variables the program gets (nothing else is passed in).
    public var environment: [String: String]
    /// Variables of the extended profile's environment that this one removes (and sets none of).
    public var unset: [String]
    /// Limits used when the policy sets none.
    public var defaults: SandboxLimits
    /// The most a lab may ask for.
    public var maxima: SandboxLimits
    /// The language runtime this profile is for, if it is for one; not inherited through `extends`.
    public var runtime: SandboxRuntime?

    /// Creates a profile in memory.
    public init(
        name: String, description: String = "", extends: String? = nil, readOnly: [String] = [],
        environment: [String: String] = [:], unset: [String] = [], defaults: SandboxLimits = SandboxLimits(),
        maxima: SandboxLimits = SandboxLimits(), runtime: SandboxRuntime? = nil
    ) {
        self.name = name
        self.description = description
        self.extends = extends
        self.readOnly = readOnly
        self.environment = environment
        self.unset = unset
        self.defaults = defaults
        self.maxima = maxima
        self.runtime = runtime
    }

    public init(from decoder: Decoder) throws {
        try self.init(fields: JSONFields(decoder: decoder))
    }

    /// Reads a profile's JSON object; errors name the field (`defaults.memory`).
    init(fields: JSONFields) throws(SandboxError) {
        self.init(
            name: try fields.required(fields.string("name"), "name"),
            description: try fields.string("description") ?? "", extends: try fields.string("extends"),
            readOnly: try fields.strings("readOnly") ?? [], environment: try fields.stringMap("environment") ?? [:],
            unset: try fields.strings("unset") ?? [],
            defaults: try fields.object("defaults").map { f throws(SandboxError) in try SandboxLimits(fields: f) }
                ?? SandboxLimits(),
            maxima: try fields.object("maxima").map { f throws(SandboxError) in try SandboxLimits(fields: f) }
                ?? SandboxLimits(),
            runtime: try fields.object("runtime").map { f throws(SandboxError) in try SandboxRuntime(fields: f) })
    }

    /// Loads the profile `name` from `directory`, with everything it extends folded in.
    public static func load(named name: String, from directory: String) throws -> SandboxProfile {
        try load(named: name, from: directory, seen: [])
    }

    /// The names of the profiles in `directory`, sorted.
    public static func available(in directory: String) -> [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    private static func load(named name: String, from directory: String, seen: [String]) throws -> SandboxProfile {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw SandboxError(.profileNotFound, "'\(name)' is not a profile name")
        }
        let path = (directory as NSString).appendingPathComponent("\(name).json")
        guard let data = FileManager.default.contents(atPath: path) else {
            let known = available(in: directory).joined(separator: ", ")
            throw SandboxError(
                .profileNotFound,
                "unknown sandbox profile '\(name)': no \(path) (available: \(known.isEmpty ? "none" : known))")
        }
        var profile: SandboxProfile
        do {
            profile = try SandboxProfile(fields: JSONFields(parsing: data))
        } catch {
            throw SandboxError(.invalidProfile, "\(path): \(error.message)")
        }
        guard profile.name == name else {
            throw SandboxError(.invalidProfile, "\(path): field 'name' is '\(profile.name)', expected '\(name)'")
        }
        if let both = profile.unset.first(where: { profile.environment[$0] != nil }) {
            throw SandboxError(.invalidProfile, "\(path): '\(both)' is both in 'environment' and in 'unset'")
        }
        guard let parentName = profile.extends else { return profile }
        guard !seen.contains(parentName), parentName != name else {
            throw SandboxError(
                .invalidProfile,
                "\(path): 'extends' makes a cycle (\((seen + [name, parentName]).joined(separator: " -> ")))")
        }
        let parent = try load(named: parentName, from: directory, seen: seen + [name])
        profile.readOnly = parent.readOnly + profile.readOnly.filter { !parent.readOnly.contains($0) }
        profile.environment = parent.environment.filter { !profile.unset.contains($0.key) }
            .merging(profile.environment) { _, own in own }
        profile.defaults = profile.defaults.merged(over: parent.defaults)
        profile.maxima = profile.maxima.merged(over: parent.maxima)
        return profile
    }
}
