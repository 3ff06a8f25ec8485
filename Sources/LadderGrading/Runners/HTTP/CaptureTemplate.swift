import Foundation
import LadderJSON
import LadderText

/// `{{name}}` placeholders in grader text, replaced by values captured in earlier HTTP steps.
///
/// Every `{{` opens a placeholder that must be closed by `}}` and hold a name of letters, digits, `_`, `-` or `.`
/// (spaces around the name are allowed). There is no escape: text that needs a literal `{{` cannot be a template.
public enum CaptureTemplate {
    /// The placeholder names in `template`, in order of appearance, for checking a grader spec before it runs.
    public static func placeholders(in template: String) throws(TemplateError) -> [String] {
        var names: [String] = []
        try scan(template) { (name: String) throws(TemplateError) in
            names.append(name)
        } literal: { _ in
        }
        return names
    }

    /// `template` with every placeholder replaced by the captured value's text form (see ``JSONValue/textForm``).
    public static func substitute(_ template: String, captures: [String: JSONValue]) throws(TemplateError) -> String {
        var out = ""
        try scan(template) { (name: String) throws(TemplateError) in
            guard let value = captures[name] else { throw unknown(name, in: template, captures: captures) }
            out += value.textForm
        } literal: {
            out += $0
        }
        return out
    }

    /// `template` with placeholders replaced in every string and object key.
    ///
    /// A string that is exactly one placeholder (`"{{id}}"`) becomes the captured value itself, so a captured
    /// number stays a number in the request body.
    public static func substitute(_ template: JSONValue, captures: [String: JSONValue]) throws(TemplateError)
        -> JSONValue
    {
        switch template {
        case .string(let text):
            if isSinglePlaceholder(text), let name = try? placeholders(in: text).first {
                guard let value = captures[name] else { throw unknown(name, in: text, captures: captures) }
                return value
            }
            return .string(try substitute(text, captures: captures))
        case .array(let items):
            var result: [JSONValue] = []
            for item in items { result.append(try substitute(item, captures: captures)) }
            return .array(result)
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, value) in members {
                result[try substitute(key, captures: captures)] = try substitute(value, captures: captures)
            }
            return .object(result)
        case .null, .bool, .number:
            return template
        }
    }

    private static func isSinglePlaceholder(_ text: String) -> Bool {
        guard text.hasPrefix("{{"), text.hasSuffix("}}"), text.utf8.count >= 4 else { return false }
        let inner = text.dropFirst(2).dropLast(2)
        return !inner.contains("{{") && !inner.contains("}}")
    }

    private static func unknown(_ name: String, in template: String, captures: [String: JSONValue]) -> TemplateError {
        TemplateError(
            template: template,
            reason: "unknown capture `\(name)`; "
                + (captures.isEmpty
                    ? "no values have been captured yet"
                    : "captured so far: \(captures.keys.sorted().joined(separator: ", "))")
        )
    }

    private static func scan(
        _ template: String,
        placeholder: (String) throws(TemplateError) -> Void,
        literal: (Substring) -> Void
    ) throws(TemplateError) {
        var rest = template[...]
        while let open = rest.range(of: "{{") {
            literal(rest[..<open.lowerBound])
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                throw TemplateError(
                    template: template,
                    reason:
                        "`{{` at character \(template.distance(from: template.startIndex, to: open.lowerBound)) is never closed with `}}`"
                )
            }
            let name = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.unicodeScalars.allSatisfy(isNameScalar) else {
                throw TemplateError(
                    template: template,
                    reason:
                        "`{{\(rest[open.upperBound..<close.lowerBound])}}` is not a capture name (use letters, digits, '_', '-' or '.')"
                )
            }
            try placeholder(name)
            rest = rest[close.upperBound...]
        }
        literal(rest)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", "-", ".": true
        default: false
        }
    }
}

/// A template that is malformed or names a value that was never captured.
public struct TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The template text as written in the grader spec.
    public let template: String
    /// What went wrong, naming the placeholder.
    public let reason: String

    public var description: String { "in \"\(TextPreview.render(template))\": \(reason)" }
}
