import ArgumentParser
import Foundation
import LadderGrading

extension LadderCommand {
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "verify",
            abstract: "Check a signed grade against the grader's public key: exit 0 when it is intact, 1 when not."
        )

        @Argument(help: "The signed grade (a file written by `ladder grade --signature`).")
        var grade: String
        @Option(help: ArgumentHelp("The public key file (from `ladder keys generate`).", valueName: "file"))
        var publicKey: String

        func run() async throws {
            guard let data = FileManager.default.contents(atPath: grade) else {
                let why =
                    FileManager.default.fileExists(atPath: grade)
                    ? "it cannot be read (check its permissions)" : "no such file"
                throw commandFailure("verify", "cannot read the signed grade \(grade): \(why)")
            }
            let verifier: GradeVerifier
            do {
                verifier = try GradeVerifier(contentsOfFile: publicKey)
            } catch {
                throw commandFailure("verify", "\(error)")
            }
            let result = verifier.verify(data)
            if let signed = result.grade, result.isValid {
                let content = signed.content
                print(
                    Terminal.green("valid")
                        + ": \(content.learner ?? "-") · \(content.labID) \(content.labVersion) · \(content.score)/\(content.maxScore) \(content.status) · commit \(content.commit?.prefix(10) ?? "-")"
                )
                return
            }
            print(Terminal.red("INVALID") + ": \(result)")
            throw ExitCode.failure
        }
    }
}
