import Foundation
import ScriptReports

/// Any bytes a grader script writes as JUnit XML: the reader returns results or a malformed-report error, never
/// crashes (external entities are never resolved); every message it keeps is bounded.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJUnit(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard let results = try? JUnitReport.parse(Data(bytes: data, count: count)) else { return 0 }
    for result in results where (result.message?.count ?? 0) > ScriptReport.maximumMessageLength + 1 {
        fatalError("a message longer than the bound: \(result.message?.count ?? 0) characters")
    }
    return 0
}
