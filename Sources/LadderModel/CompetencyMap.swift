import Foundation
import LadderTOML

/// A key into the competency map, written `area.skill` (for example `databases.relational`).
public struct CompetencyKey: Sendable, Hashable, Comparable, Codable, LosslessStringConvertible, TOMLDecodable {
    public var area: String
    public var skill: String

    public init(area: String, skill: String) {
        self.area = area
        self.skill = skill
    }

    /// Parses "area.skill" where both parts are lowercase kebab case.
    public init?(_ description: String) {
        let parts = description.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, Identifier.isKebabCase(parts[0]), Identifier.isKebabCase(parts[1]) else { return nil }
        self.init(area: parts[0], skill: parts[1])
    }

    public var description: String { "\(area).\(skill)" }

    public static func < (lhs: CompetencyKey, rhs: CompetencyKey) -> Bool { lhs.description < rhs.description }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let key = CompetencyKey(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: decoder.codingPath, debugDescription: "expected area.skill, got \(text)"))
        }
        self = key
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    public static func decode(_ field: TOMLField) throws(ManifestError) -> CompetencyKey {
        guard let text = field.value.stringValue, let key = CompetencyKey(text) else {
            throw field.expected("a competency key \"area.skill\", like \"databases.relational\"")
        }
        return key
    }
}

/// The competencies of a backend engineer, grouped in areas, as `Labs/competencies.toml` lists them.
public struct CompetencyMap: Sendable, Equatable, Codable {
    /// The file name under `Labs/`.
    public static let fileName = "competencies.toml"

    /// The four kinds of area the seed document distinguishes.
    public enum Group: String, Sendable, Codable, CaseIterable, TOMLDecodable {
        case core
        case specialization
        case emerging
        case professional

        /// The heading the seed document uses for the group.
        public var title: String {
            switch self {
            case .core: "Core Competencies"
            case .specialization: "Specialization Tracks"
            case .emerging: "Emerging Technologies"
            case .professional: "Professional Skills"
            }
        }

        public static func decode(_ field: TOMLField) throws(ManifestError) -> Group {
            Group(rawValue: try field.oneOf(allCases.map(\.rawValue)))!
        }
    }

    /// One skill of an area.
    public struct Skill: Sendable, Equatable, Codable {
        public var key: String
        public var title: String
        /// What the skill covers, as the seed lists it.
        public var topics: String

        public init(key: String, title: String, topics: String) {
            self.key = key
            self.title = title
            self.topics = topics
        }
    }

    /// An area of competence, such as "Database Design & Management".
    public struct Area: Sendable, Equatable, Codable {
        public var key: String
        public var title: String
        public var group: Group
        public var summary: String
        public var skills: [Skill]

        public init(key: String, title: String, group: Group, summary: String, skills: [Skill]) {
            self.key = key
            self.title = title
            self.group = group
            self.summary = summary
            self.skills = skills
        }

        public func skill(_ key: String) -> Skill? { skills.first { $0.key == key } }
    }

    /// Areas in the order of the file.
    public var areas: [Area]

    public init(areas: [Area]) {
        self.areas = areas
    }

    public func area(_ key: String) -> Area? { areas.first { $0.key == key } }

    /// The area and skill a key names, if both exist.
    public func skill(_ key: CompetencyKey) -> (area: Area, skill: Skill)? {
        guard let area = area(key.area), let skill = area.skill(key.skill) else { return nil }
        return (area, skill)
    }

    public func contains(_ key: CompetencyKey) -> Bool { skill(key) != nil }

    /// Every key in the map, in file order.
    public var allKeys: [CompetencyKey] {
        areas.flatMap { area in area.skills.map { CompetencyKey(area: area.key, skill: $0.key) } }
    }

    public func areas(in group: Group) -> [Area] { areas.filter { $0.group == group } }

    /// Keys close to `text` (which need not be well formed), best first, at most three.
    public func suggestions(for text: String) -> [String] {
        let all = allKeys.map(\.description)
        let close = Suggestions.closest(to: text, in: all, limit: 3)
        if !close.isEmpty { return close }
        // "databases.sql" is far from every key as a whole; look for close skills within the area it names.
        let parts = text.split(separator: ".", maxSplits: 1).map(String.init)
        if parts.count == 2,
            let area = area(parts[0])
                ?? Suggestions.closest(to: parts[0], in: areas.map(\.key), limit: 1).first.flatMap(area)
        {
            let skills = Suggestions.closest(to: parts[1], in: area.skills.map(\.key), limit: 3)
            if !skills.isEmpty { return skills.map { "\(area.key).\($0)" } }
            return area.skills.prefix(3).map { "\(area.key).\($0.key)" }
        }
        return []
    }

    /// Decodes the map, checking that keys are kebab case and unique and that every area has skills.
    public static func decode(_ document: TOMLDocument) throws(ManifestError) -> CompetencyMap {
        var reader = TOMLReader(document)
        var seenAreas: [String: Int] = [:]
        let areas = try reader.tables("areas", required: true) {
            (area: inout TOMLReader, _: Int) throws(ManifestError) -> Area in
            let key = try area.require("key") { field throws(ManifestError) in
                try field.identifier("an area key", example: "databases")
            }
            if let first = seenAreas[key] {
                throw area.error(
                    "area '\(key)' is listed twice (first at line \(first)); area keys must be unique", key: "key")
            }
            seenAreas[key] = area.table.line(of: "key") ?? 0
            let title = try area.require("title") { field throws(ManifestError) in try field.nonEmptyString() }
            let group = try area.require("group", as: Group.self)
            let summary = try area.require("summary") { field throws(ManifestError) in try field.nonEmptyString() }
            var seenSkills: [String: Int] = [:]
            let skills = try area.tables("skills", required: true) {
                (skill: inout TOMLReader, _: Int) throws(ManifestError) -> Skill in
                let skillKey = try skill.require("key") { field throws(ManifestError) in
                    try field.identifier("a skill key", example: "relational")
                }
                if let first = seenSkills[skillKey] {
                    throw skill.error("skill '\(key).\(skillKey)' is listed twice (first at line \(first))", key: "key")
                }
                seenSkills[skillKey] = skill.table.line(of: "key") ?? 0
                return Skill(
                    key: skillKey,
                    title: try skill.require("title") { field throws(ManifestError) in try field.nonEmptyString() },
                    topics: try skill.require("topics") { field throws(ManifestError) in try field.nonEmptyString() })
            }
            guard !skills.isEmpty else { throw area.error("an area needs at least one skill", key: "skills") }
            return Area(key: key, title: title, group: group, summary: summary, skills: skills)
        }
        try reader.finish()
        return CompetencyMap(areas: areas)
    }

    /// Reads and decodes the map from `path`; errors name `path`.
    public static func load(path: String) throws(ManifestError) -> CompetencyMap {
        try decode(TOMLDocument.load(path: path))
    }
}

extension TOMLDocument {
    /// Reads and parses a TOML file; errors name `path`.
    public static func load(path: String) throws(ManifestError) -> TOMLDocument {
        try parse(readText(path: path), file: path)
    }

    /// Reads a TOML file as text; errors name `path`.
    ///
    /// The bytes are decoded as they are: Foundation's UTF-8 decoding drops a leading byte-order mark, and the
    /// parser skips one too, so decoding with it would accept a file that starts with two.
    public static func readText(path: String) throws(ManifestError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            let exists = FileManager.default.fileExists(atPath: path)
            throw ManifestError(
                file: path, message: exists ? "cannot read the file; check its permissions" : "the file does not exist")
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw ManifestError(file: path, message: "the file is not valid UTF-8; TOML files must be UTF-8")
        }
        return text
    }
}
