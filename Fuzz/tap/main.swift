import ScriptReports

/// Any bytes a grader script prints as TAP: the reader returns results or a malformed-report error, never crashes;
/// every message it keeps is bounded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTAP(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    guard let results = try? TAPReport.parse(text) else { return 0 }
    for result in results where (result.message?.count ?? 0) > ScriptReport.maximumMessageLength + 1 {
        fatalError("a message longer than the bound: \(result.message?.count ?? 0) characters")
    }
    return 0
}
