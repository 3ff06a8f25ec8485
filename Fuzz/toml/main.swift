import LadderTOML

/// Any bytes (a learner's repository carries a TOML pin file): the parser returns a document or throws a located
/// error, never crashes; every string it reads, written back with ``TOMLEncoding``, reads back the same.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTOML(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    let document: TOMLDocument
    do {
        document = try TOMLDocument.parse(text, file: "fuzz.toml")
    } catch {
        guard error.file == "fuzz.toml", (error.line ?? 1) >= 1, !error.message.isEmpty else { fatalError("an error without a place: \(error)") }
        return 0
    }
    for key in document.root.keys {
        guard let string = document.root.value(key)?.stringValue else { continue }
        let written = "\(TOMLEncoding.key(key)) = \(TOMLEncoding.quoted(string))"
        guard let reread = try? TOMLDocument.parse(written, file: "fuzz.toml"), reread.root.value(key)?.stringValue == string else {
            fatalError("a string does not survive being written back: \(written)")
        }
    }
    return 0
}
