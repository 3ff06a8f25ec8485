import Foundation

/// Python's `junitparser` from PyPI, in a virtual environment beside the build's products so that it is installed
/// once; tests check Ladder's JUnit XML with it, as CI systems read it.
public enum JUnitParser {
    /// The virtual environment's Python with `junitparser` importable, installed on first use, or why it cannot be.
    public static let python: Result<String, TestSetupError> = install()

    /// What a test that reads JUnit XML with junitparser needs.
    public static let prerequisite = Prerequisite(
        "Python's junitparser, installed from PyPI into a virtual environment on first use",
        remedy: "give the machine python3 with its venv module (`apt-get install python3-venv`) and access to PyPI",
        check: { (try? python.get()) != nil })

    private static func install() -> Result<String, TestSetupError> {
        let directory = BuiltProducts.directory + "/test-tools/junitparser-venv"
        let python = directory + "/bin/python"
        if (try? Subprocess.run([python, "-c", "import junitparser"]))?.status == 0 { return .success(python) }
        try? FileManager.default.removeItem(atPath: directory)
        do {
            let venv = try Subprocess.run(["/usr/bin/env", "python3", "-m", "venv", directory])
            guard venv.status == 0 else { return .failure(TestSetupError("python3 -m venv failed: \(venv.output)")) }
            let pip = try Subprocess.run([
                python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "junitparser",
            ])
            guard pip.status == 0 else {
                return .failure(
                    TestSetupError("pip install junitparser failed (no access to PyPI?): \(pip.output.suffix(400))"))
            }
        } catch {
            return .failure(TestSetupError("cannot run python3: \(error)"))
        }
        return .success(python)
    }
}
