import Crypto
import Foundation

/// GitHub's webhook deliveries as `ladder serve` reads them: the signature checked over the exact bytes received, then
/// a push event read for what to grade.
///
/// GitHub signs each delivery's body with the webhook's secret (HMAC-SHA256, hex, in `X-Hub-Signature-256` as
/// `sha256=…`); a delivery without it, or with any other, is refused before its body is read. The body is JSON or, the
/// form GitHub's settings offer first, `payload=` and the URL-encoded JSON; both are read. Only a push to the
/// repository's default branch is graded, at the pushed commit, for the lab the repository pins; the learner is the
/// pusher (their email when GitHub gives one, else their GitHub noreply address).
public enum GitHubWebhook {
    /// Whether `signature` (the `X-Hub-Signature-256` header) is `body`'s HMAC-SHA256 under `secret`, compared in
    /// constant time.
    public static func verify(body: [UInt8], signature: String?, secret: String) -> Bool {
        guard let signature, signature.hasPrefix("sha256="),
            let given = hexBytes(signature.dropFirst("sha256=".count)), given.count == 32
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(
            given, authenticating: body, using: SymmetricKey(data: Array(secret.utf8)))
    }

    /// The signature GitHub would send for `body` under `secret`.
    public static func signature(body: [UInt8], secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Array(secret.utf8)))
        return "sha256=" + code.map { String(format: "%02x", $0) }.joined()
    }

    /// What a push asks for.
    public struct Push: Sendable, Equatable {
        /// The URL workers clone (GitHub's `clone_url`).
        public var repository: String
        /// `owner/name`, for people.
        public var fullName: String
        public var commit: String
        public var studentEmail: String
        public var studentName: String
    }

    /// What a delivery asks of Ladder.
    public enum Request: Sendable, Equatable {
        /// Grade this push.
        case grade(Push)
        /// GitHub's hello when the webhook is made.
        case ping
        /// Nothing to grade, and why (another event, another branch, a deleted branch).
        case ignore(String)
    }

    /// Why a delivery cannot be read.
    public struct Malformed: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// Reads the delivery of `event` (the `X-GitHub-Event` header) with `body`, sent as `contentType`.
    public static func read(event: String, contentType: String?, body: [UInt8]) throws(Malformed) -> Request {
        switch event {
        case "ping": return .ping
        case "push": break
        default: return .ignore("Ladder grades push events; a \(event) event is ignored")
        }
        let json = try payload(contentType: contentType, body: body)
        let push: PushPayload
        do {
            push = try JSONDecoder().decode(PushPayload.self, from: Data(json))
        } catch {
            throw Malformed(description: "the push event's JSON is not what GitHub sends: \(APIError.describe(error))")
        }
        if push.deleted == true || push.after.allSatisfy({ $0 == "0" }) {
            return .ignore("the push deleted \(push.ref); nothing to grade")
        }
        let branch = push.repository.defaultBranch.map { "refs/heads/\($0)" }
        if let branch, push.ref != branch {
            return .ignore(
                "the push is to \(push.ref), not the default branch \(branch); only the default branch is graded")
        }
        guard push.after.count >= 40, push.after.count <= 64, push.after.allSatisfy(\.isHexDigit) else {
            throw Malformed(description: "the push's `after` is not a commit id: \(push.after.prefix(80))")
        }
        let login = push.sender?.login ?? push.pusher?.name
        let email: String
        if let given = push.pusher?.email, given.contains("@"), !given.contains(where: \.isWhitespace) {
            email = given
        } else if let login, !login.isEmpty, login.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
            email = "\(login)@users.noreply.github.com"
        } else {
            throw Malformed(description: "the push names no pusher with an email or a GitHub login")
        }
        return .grade(
            Push(
                repository: push.repository.cloneURL, fullName: push.repository.fullName ?? push.repository.cloneURL,
                commit: push.after.lowercased(), studentEmail: email, studentName: login ?? email))
    }

    /// The JSON of the body: itself, or the `payload` field of a URL-encoded form.
    static func payload(contentType: String?, body: [UInt8]) throws(Malformed) -> [UInt8] {
        let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        guard type == "application/x-www-form-urlencoded" else { return body }
        for field in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = field.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0] == "payload" else { continue }
            guard let value = parts[1].replacingOccurrences(of: "+", with: " ").removingPercentEncoding else {
                throw Malformed(description: "the form's payload field is not URL-encoded")
            }
            return Array(value.utf8)
        }
        throw Malformed(description: "the form has no payload field")
    }

    static func hexBytes(_ text: Substring) -> [UInt8]? {
        let digits = Array(text.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let high = hexValue(digits[index]), let low = hexValue(digits[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
        }
        return bytes
    }

    private static func hexValue(_ digit: UInt8) -> UInt8? {
        switch digit {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return digit - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return digit - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return digit - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// The fields of GitHub's push event that Ladder reads.
    private struct PushPayload: Decodable {
        struct Repository: Decodable {
            var cloneURL: String
            var fullName: String?
            var defaultBranch: String?

            enum CodingKeys: String, CodingKey {
                case cloneURL = "clone_url"
                case fullName = "full_name"
                case defaultBranch = "default_branch"
            }
        }

        struct Pusher: Decodable {
            var name: String?
            var email: String?
        }

        struct Sender: Decodable {
            var login: String?
        }

        var ref: String
        var after: String
        var deleted: Bool?
        var repository: Repository
        var pusher: Pusher?
        var sender: Sender?
    }
}
