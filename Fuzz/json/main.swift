import LadderJSON

/// Any bytes: the parser returns a value or throws its own error, never crashes or exhausts the stack; a value it
/// returns serializes to JSON that parses back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: count)
    guard let value = try? JSONValue.parse(bytes) else { return 0 }
    let text = value.serialized()
    guard let again = try? JSONValue.parse(text) else { fatalError("the serialization of a parsed value does not parse: \(text)") }
    guard again == value else { fatalError("the serialization of a parsed value parses to another value: \(text)") }
    return 0
}
