import Foundation
import LadderTestSupport
import Testing

@testable import LadderTOML

/// The TOML fuzz harness's seeds and any failing inputs it found, replayed with the harness's checks.
@Suite struct FuzzRegressionTests {
    @Test func errorsArePlacedAndStringsWriteBack() throws {
        let inputs = try FuzzInputs.load(harness: "toml")
        #expect(inputs.count >= 4)
        for (path, bytes) in inputs {
            let document: TOMLDocument
            do {
                document = try TOMLDocument.parse(String(decoding: bytes, as: UTF8.self), file: "fuzz.toml")
            } catch {
                #expect(
                    error.file == "fuzz.toml" && (error.line ?? 0) >= 1 && !error.message.isEmpty, "\(path): \(error)")
                continue
            }
            for key in document.root.keys {
                guard let string = document.root.value(key)?.stringValue else { continue }
                let reread = try TOMLDocument.parse(
                    "\(TOMLEncoding.key(key)) = \(TOMLEncoding.quoted(string))", file: "fuzz.toml")
                #expect(reread.root.value(key)?.stringValue == string, "\(path): \(key)")
            }
        }
    }
}
