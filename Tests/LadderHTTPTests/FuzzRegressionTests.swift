import Foundation
import LadderTestSupport
import Testing

@testable import LadderHTTP

/// The HTTP response fuzz harness's seeds and any failing inputs it found, replayed as the harness feeds them:
/// the first byte picks the chunk size and whether the request was a HEAD.
@Suite struct FuzzRegressionTests {
    @Test func responsesAreNeverLongerThanWhatArrived() throws {
        let inputs = try FuzzInputs.load(harness: "http-response")
        #expect(inputs.count >= 5)
        var complete = 0
        for (path, input) in inputs where !input.isEmpty {
            let control = input[input.startIndex]
            let bytes = Array(input.dropFirst())
            let chunk = Int(control & 0x3F) + 1
            var parser = HTTPResponseParser(isHeadRequest: control & 0x40 != 0, maximumBytes: 1 << 20)
            var offset = 0
            var response: HTTPResponse?
            do {
                while offset < bytes.count, response == nil {
                    let end = min(bytes.count, offset + chunk)
                    try parser.append(bytes[offset..<end])
                    offset = end
                    response = try parser.response(atEnd: false)
                }
                if response == nil { response = try parser.response(atEnd: true) }
            } catch {
                continue
            }
            if let response {
                complete += 1
                #expect(response.body.count <= offset, "\(path)")
            }
        }
        #expect(complete >= 3, "the seeds hold complete responses")
    }
}
