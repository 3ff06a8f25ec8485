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
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try c.decode(String.self, forKey: .name),
            description: try c.decodeIfPresent(String.self, forKey: .description) ?? "",
            extends: try c.decodeIfPresent(String.self, forKey: .extends),
            readOnly: try c.decodeIfPresent([String].self, forKey: .readOnly) ?? [],
            environment: try c.decodeIfPresent([String: String].self, forKey: .environment) ?? [:],
            unset: try c.decodeIfPresent([String].self, forKey: .unset) ?? [],
            defaults: try c.decodeIfPresent(SandboxLimits.self, forKey: .defaults) ?? SandboxLimits(),
            maxima: try c.decodeIfPresent(SandboxLimits.self, forKey: .maxima) ?? SandboxLimits(),
            runtime: try c.decodeIfPresent(SandboxRuntime.self, forKey: .runtime))
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
            profile = try JSONDecoder().decode(SandboxProfile.self, from: data)
        } catch let error as SandboxError {
            throw SandboxError(.invalidProfile, "\(path): \(error.message)")
        } catch let error as DecodingError {
            throw SandboxError(.invalidProfile, "\(path): \(describe(error))")
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

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }
            return keys.isEmpty ? "top level" : "field '\(keys.joined(separator: "."))'"
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "\(path(context)): missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return "\(path(context)): \(underlying ?? context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
