import LadderTOML

/// Ladder's quantities (durations and byte sizes, written as ``Units`` reads them) and rungs in TOML manifests.
extension TOMLField {
    /// A duration written as a string with a unit: "250ms", "5s", "1.5s", "2m", "1h".
    public func duration() throws(ManifestError) -> Duration {
        if let number = value.integerValue {
            throw error("expected a duration with a unit, like \"\(number)s\" or \"\(number)ms\", got \(number)")
        }
        guard let text = value.stringValue, let parsed = Units.parseDuration(text) else {
            throw expected("a duration like \"250ms\", \"5s\" or \"2m\"")
        }
        return parsed
    }

    /// A duration within `range`; the error states the bound that was crossed.
    public func duration(in range: ClosedRange<Duration>) throws(ManifestError) -> Duration {
        let parsed = try duration()
        if parsed < range.lowerBound {
            throw error("\(Units.format(parsed)) is below the minimum of \(Units.format(range.lowerBound))")
        }
        if parsed > range.upperBound {
            throw error("\(Units.format(parsed)) is above the maximum of \(Units.format(range.upperBound))")
        }
        return parsed
    }

    /// A size in bytes: an integer, or a string with a binary suffix: "64K", "256M", "1G" (K = 1024).
    public func byteSize() throws(ManifestError) -> Int {
        if let number = value.integerValue {
            guard number >= 0 else { throw expected("a size like \"64K\", \"256M\" or \"1G\"") }
            return number
        }
        guard let text = value.stringValue, let parsed = Units.parseByteSize(text) else {
            throw expected("a size like \"64K\", \"256M\" or \"1G\"")
        }
        return parsed
    }

    /// A size within `range`; the error states the bound that was crossed.
    public func byteSize(in range: ClosedRange<Int>) throws(ManifestError) -> Int {
        let parsed = try byteSize()
        if parsed < range.lowerBound {
            throw error("\(Units.formatBytes(parsed)) is below the minimum of \(Units.formatBytes(range.lowerBound))")
        }
        if parsed > range.upperBound {
            throw error("\(Units.formatBytes(parsed)) is above the maximum of \(Units.formatBytes(range.upperBound))")
        }
        return parsed
    }
}

extension Rung: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> Rung {
        Rung(rawValue: try field.oneOf(Rung.allCases.map(\.rawValue)))!
    }
}
