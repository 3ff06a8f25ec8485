import LadderTOML

/// Ladder's quantities (durations and byte sizes, in ``Units``' one syntax) and rungs in TOML manifests.
extension TOMLField {
    /// A duration written as a string with a unit: "250ms", "5s", "1.5s", "2m", "1h".
    public func duration() throws(ManifestError) -> Duration {
        // An integer is read as its text, so that `wall-time = 5` is refused for its missing unit like "5" is.
        guard let text = value.stringValue ?? value.integerValue.map(String.init) else {
            throw expected("a duration like \"250ms\", \"5s\" or \"2m\"")
        }
        do {
            return try Units.parseDuration(text)
        } catch {
            throw self.error(error.message)
        }
    }

    /// A duration within `range`; the error states the bound that was crossed.
    public func duration(in range: ClosedRange<Duration>) throws(ManifestError) -> Duration {
        try bounded(try duration(), range, Units.format)
    }

    /// A size in bytes: an integer, or a string with a binary unit: "64K", "256M", "1G" (K = 1024).
    public func byteSize() throws(ManifestError) -> Int {
        guard let text = value.stringValue ?? value.integerValue.map(String.init) else {
            throw expected("a size like \"64K\", \"256M\" or \"1G\"")
        }
        do {
            return try Units.parseByteSize(text)
        } catch {
            throw self.error(error.message)
        }
    }

    /// A size within `range`; the error states the bound that was crossed.
    public func byteSize(in range: ClosedRange<Int>) throws(ManifestError) -> Int {
        try bounded(try byteSize(), range, Units.formatBytes)
    }

    private func bounded<Value: Comparable>(_ value: Value, _ range: ClosedRange<Value>, _ show: (Value) -> String)
        throws(ManifestError) -> Value
    {
        if value < range.lowerBound {
            throw error("\(show(value)) is below the minimum of \(show(range.lowerBound))")
        }
        if value > range.upperBound {
            throw error("\(show(value)) is above the maximum of \(show(range.upperBound))")
        }
        return value
    }
}

extension Rung: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> Rung {
        Rung(rawValue: try field.oneOf(Rung.allCases.map(\.rawValue)))!
    }
}
