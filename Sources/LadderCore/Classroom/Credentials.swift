import Foundation
import LadderGrading

/// What a grade needs from the environment besides its options: the token for https clones and the signing key.
///
/// `ladder grade` and `ladder classroom grade` read them the same way, here, so the variables and their order are
/// written once.
public enum Credentials {
    /// The variables a token for https clones is read from, in order.
    public static let tokenVariables = ["LADDER_GIT_TOKEN", "GITHUB_TOKEN"]
    /// The variable that holds the private signing key itself (the whole key file) when no key file is given.
    public static let signingKeyVariable = "LADDER_SIGNING_KEY"

    /// The token for https clones: the first of ``tokenVariables`` that is set.
    public static func gitToken(in environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        tokenVariables.lazy.compactMap { environment[$0] }.first
    }

    /// The signer of grades: the key file when one is named, else the key in ``signingKeyVariable`` when it is set,
    /// else none (grades are not signed).
    public static func signer(
        keyFile: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(LadderError) -> GradeSigner? {
        do {
            if let keyFile { return try GradeSigner(contentsOfFile: keyFile) }
            if let value = environment[signingKeyVariable], !value.isEmpty {
                return try GradeSigner(environmentVariable: signingKeyVariable, in: environment)
            }
            return nil
        } catch {
            throw LadderError(.invalidInput, "\(error)")
        }
    }
}
