import ArgumentParser
import Foundation
import LadderGrading

extension LadderCommand.Keys {
    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "generate",
            abstract:
                "Make an Ed25519 key pair: the private key signs grades (keep it secret), the public key verifies them."
        )

        @Option(
            help: ArgumentHelp("The directory to write ladder-signing.key and ladder-signing.pub to.", valueName: "dir")
        )
        var out: String = "."

        func run() async throws {
            let pair = GradeSigner.generateKeyPair()
            let privatePath = out + "/ladder-signing.key"
            let publicPath = out + "/ladder-signing.pub"
            for path in [privatePath, publicPath] where FileManager.default.fileExists(atPath: path) {
                throw commandFailure("keys generate", "\(path) exists; refusing to overwrite a key")
            }
            // The README's flow names a directory that does not exist yet (`--out keys/`).
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw commandFailure(
                    "keys generate", "cannot create the directory \(out): \(error.localizedDescription)")
            }
            // Created 0600 and exclusively: FileManager writes a 0644 temporary file, renames it over any key made
            // meanwhile, and only then narrows the mode, so the key would be readable by others for a moment.
            let descriptor = open(privatePath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                throw commandFailure(
                    "keys generate", "cannot write \(privatePath): \(String(cString: strerror(errno)))")
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            try handle.write(contentsOf: Data(pair.privateKeyFile.utf8))
            try handle.close()
            try Data(pair.publicKeyFile.utf8).write(to: URL(fileURLWithPath: publicPath))
            print(
                "Wrote \(privatePath), the private key: it signs grades; keep it secret (in CI, put its whole contents in a secret such as LADDER_SIGNING_KEY)."
            )
            print("Wrote \(publicPath), the public key: it verifies grades; give it to whoever checks them.")
            print("Fingerprint: \(pair.fingerprint)")
        }
    }
}
