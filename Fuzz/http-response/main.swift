@testable import LadderHTTP

/// Any bytes a learner's service sends back, in chunks of any size: the parser returns a response, asks for more,
/// or throws its own failure, never crashes; a body it returns is never longer than what was received.
/// The first byte picks the chunk size and whether the request was a HEAD.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzHTTPResponse(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    guard count > 0 else { return 0 }
    let control = data[0]
    let bytes = Array(UnsafeBufferPointer(start: data + 1, count: count - 1))
    let chunk = Int(control & 0x3F) + 1
    var parser = HTTPResponseParser(isHeadRequest: control & 0x40 != 0, maximumBytes: 1 << 20)
    var offset = 0
    do {
        while offset < bytes.count {
            let end = min(bytes.count, offset + chunk)
            try parser.append(bytes[offset..<end])
            offset = end
            if let response = try parser.response(atEnd: false) {
                guard response.body.count <= offset else { fatalError("a body longer than the bytes received") }
                return 0
            }
        }
        if let response = try parser.response(atEnd: true), response.body.count > bytes.count {
            fatalError("a body longer than the bytes received")
        }
    } catch {
        return 0
    }
    return 0
}
