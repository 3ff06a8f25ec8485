import Foundation

/// The inputs a libFuzzer harness under `Fuzz/` starts from and the ones it found failing, for unit tests that
/// replay them through the parser without the fuzzer.
public enum FuzzInputs {
    /// Every file of `Fuzz/<harness>/seeds` and of `Tests/FuzzRegressions/<harness>`, with its path.
    public static func load(harness: String) throws -> [(path: String, bytes: Data)] {
        let directories = [
            BuiltProducts.repositoryRoot + "/Fuzz/\(harness)/seeds",
            BuiltProducts.repositoryRoot + "/Tests/FuzzRegressions/\(harness)",
        ]
        var inputs: [(path: String, bytes: Data)] = []
        for directory in directories where FileManager.default.fileExists(atPath: directory) {
            for name in try FileManager.default.contentsOfDirectory(atPath: directory).sorted() {
                let path = directory + "/" + name
                inputs.append((path, try Data(contentsOf: URL(fileURLWithPath: path))))
            }
        }
        return inputs
    }
}
