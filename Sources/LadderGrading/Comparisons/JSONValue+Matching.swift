import LadderJSON

/// Where and how an actual JSON document departs from the expected one.
public struct JSONMismatch: Sendable, Equatable, CustomStringConvertible {
    /// The location of the first difference found.
    public let path: JSONPointer
    /// A one-line explanation that names the path, e.g. "missing key `id` at /user".
    public let description: String
}

extension JSONValue {
    /// The longest rendering of a value quoted in a mismatch message.
    static let quotedValueLimit = 120

    /// The first place where `actual` differs from `expected`, or `nil` when they are equal.
    ///
    /// Object keys are compared as sets, arrays element by element, numbers by value (`1` equals `1.0`).
    public static func firstDifference(expected: JSONValue, actual: JSONValue) -> JSONMismatch? {
        compare(expected, actual, at: .root, subset: false)
    }

    /// The first place where `expected` is not a subset of `actual`, or `nil` when it is.
    ///
    /// The subset rule: an expected object matches an actual object that has every expected key with a matching
    /// value; extra actual keys are allowed, at any depth. An expected array matches an actual array of the same
    /// length whose elements match element by element, in order (elements that are objects may again have
    /// extra keys). Scalars must be equal, numbers by value.
    public static func firstSubsetMismatch(expected: JSONValue, actual: JSONValue) -> JSONMismatch? {
        compare(expected, actual, at: .root, subset: true)
    }

    /// Whether `self`, taken as the expected value, is a subset of `actual` under ``firstSubsetMismatch(expected:actual:)``.
    public func isSubset(of actual: JSONValue) -> Bool {
        JSONValue.firstSubsetMismatch(expected: self, actual: actual) == nil
    }

    private static func compare(_ expected: JSONValue, _ actual: JSONValue, at path: JSONPointer, subset: Bool)
        -> JSONMismatch?
    {
        switch (expected, actual) {
        case (.object(let want), .object(let got)):
            for key in want.keys.sorted() {
                guard let value = got[key] else {
                    return JSONMismatch(path: path, description: "missing key `\(key)` at \(path.location)")
                }
                if let mismatch = compare(want[key]!, value, at: path.appending(key), subset: subset) {
                    return mismatch
                }
            }
            if !subset, let extra = got.keys.sorted().first(where: { want[$0] == nil }) {
                return JSONMismatch(path: path, description: "unexpected key `\(extra)` at \(path.location)")
            }
            return nil
        case (.array(let want), .array(let got)):
            for (index, pair) in zip(want, got).enumerated() {
                if let mismatch = compare(pair.0, pair.1, at: path.appending(index), subset: subset) {
                    return mismatch
                }
            }
            guard want.count == got.count else {
                return JSONMismatch(
                    path: path,
                    description:
                        "array length differs at \(path.location): expected \(want.count) element\(want.count == 1 ? "" : "s"), got \(got.count)"
                )
            }
            return nil
        default:
            guard expected != actual else { return nil }
            let sameKind =
                expected.kindDescription == actual.kindDescription
                || (expected.isNumber && actual.isNumber)
            let got = actual.serialized(maxLength: quotedValueLimit) + (sameKind ? "" : " (\(actual.kindDescription))")
            return JSONMismatch(
                path: path,
                description:
                    "value differs at \(path.location): expected \(expected.serialized(maxLength: quotedValueLimit)), got \(got)"
            )
        }
    }

    private var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}
