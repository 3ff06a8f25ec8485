import Foundation
import LadderHTTP
import LadderJSON
import LadderModel
import LadderSandbox
import LadderText

/// Starts the learner's service, waits for it, then runs the test's request steps against it in order.
struct HTTPRunner {
    let context: RunContext
    /// The longest one request may take.
    static let requestTimeout: Duration = .seconds(5)

    func run(_ test: GraderTest, _ check: HTTPCheck) async throws -> RunResult {
        var limits = context.limits(for: test)
        // The service is killed when the test is over; its wall time only bounds a grader that hangs.
        limits.wallTime = .seconds(60)
        limits.cpuTime = nil
        let service = try LearnerService.start(context, limits: limits)
        if let notReady = try await service.waitUntilReady(path: check.readinessPath, timeout: check.startupTimeout) {
            return notReady
        }
        let started = ContinuousClock.now
        var captures: [String: JSONValue] = [:]
        var failure: (Verdict, String)?
        var transcript: [String] = []
        for (index, step) in check.steps.enumerated() {
            var exchange = Exchange()
            do {
                let problem = try await perform(
                    step, number: index + 1, socket: service.socketPath, captures: &captures, exchange: &exchange)
                if let problem {
                    failure = (.wrongAnswer, problem)
                }
            } catch let error as HTTPClientError {
                failure = (.runtimeError, "step \(index + 1) (\(step.method) \(step.path)): \(error)")
            }
            transcript.append(exchange.describe(step: index + 1, failed: failure != nil))
            if failure != nil { break }
        }
        if failure?.0 == .runtimeError {
            await service.settle(within: .milliseconds(500))
        }
        let outcome = await service.stop()
        var result: RunResult
        if let failure {
            // A service that died of a limit explains the failed step better than the step does.
            if let (verdict, detail) = LearnerService.ownVerdict(outcome) {
                result = RunResult(verdict, failure.1 + "\n" + detail, outcome: outcome)
            } else {
                result = RunResult(
                    failure.0, failure.1 + (outcome.map { $0.stderrTail(lines: 6) } ?? ""), outcome: outcome)
            }
        } else {
            result = RunResult(.passed, outcome: outcome)
        }
        result.input = transcript.joined(separator: "\n")
        result.wallMilliseconds = Int(Units.milliseconds(ContinuousClock.now - started))
        return result
    }

    /// Sends one step's request and checks its response; returns what was wrong, or nil.
    private func perform(
        _ step: HTTPStep, number: Int, socket: String, captures: inout [String: JSONValue], exchange: inout Exchange
    ) async throws -> String? {
        let path = try substitute(step.path, captures)
        let label = "step \(number) (\(step.method) \(path))"
        var headers = HTTPHeaders()
        for (name, value) in step.headers.sorted(by: { $0.key < $1.key }) {
            headers.add(name: name, value: try substitute(value, captures))
        }
        let body = try step.body.map { try substitute($0, captures) } ?? ""
        if !body.isEmpty, !headers.contains("Content-Type") {
            headers.add(name: "Content-Type", value: "application/json")
        }
        let request = HTTPRequest(method: step.method, path: path, headers: headers, body: Data(body.utf8))
        exchange.request = request
        let response = try await UnixSocketHTTPClient().send(
            request, unixSocketPath: socket, timeout: Self.requestTimeout)
        exchange.response = response

        if let status = step.expectStatus, response.status != status {
            return "\(label): expected status \(status), got \(response.status)" + bodyPreview(response)
        }
        for (name, pattern) in step.expectHeaders.sorted(by: { $0.key < $1.key }) {
            guard let value = response.headers[name] else {
                return "\(label): the response has no \(name) header"
            }
            let expanded = try substitute(pattern, captures)
            guard let regex = try? Regex(expanded) else {
                throw GradingFailure.grader(
                    "\(label): expect-headers pattern '\(expanded)' is not a valid regular expression")
            }
            if (try? regex.wholeMatch(in: value)) == nil {
                return
                    "\(label): header \(name) is '\(TextPreview.render(Data(value.utf8)))', which does not match \(expanded)"
            }
        }
        var json: JSONValue?
        func parsedBody() -> Result<JSONValue, JSONParseError> {
            if let json { return .success(json) }
            do {
                let parsed = try JSONValue.parse(response.body)
                json = parsed
                return .success(parsed)
            } catch {
                return .failure(error)
            }
        }
        if let subset = step.expectJSONSubset {
            let expected = try expectedJSON(subset, captures, label: label, key: "json")
            switch parsedBody() {
            case .failure(let error): return "\(label): the body is not JSON (\(error))" + bodyPreview(response)
            case .success(let actual):
                if let mismatch = JSONValue.firstSubsetMismatch(expected: expected, actual: actual) {
                    return "\(label): \(mismatch)"
                }
            }
        }
        for (pointer, text) in step.expectPointers.sorted(by: { $0.key < $1.key }) {
            let expected = try expectedJSON(text, captures, label: label, key: "pointers")
            switch parsedBody() {
            case .failure(let error): return "\(label): the body is not JSON (\(error))" + bodyPreview(response)
            case .success(let actual):
                let found: JSONValue
                do {
                    found = try actual.value(at: pointer)
                } catch {
                    return "\(label): \(error)"
                }
                if let difference = JSONValue.firstDifference(expected: expected, actual: found) {
                    return "\(label): at \(pointer): \(difference)"
                }
            }
        }
        if let pattern = step.expectBodyPattern {
            guard let regex = try? Regex(pattern).dotMatchesNewlines() else {
                throw GradingFailure.grader("\(label): body-pattern '\(pattern)' is not a valid regular expression")
            }
            if (try? regex.firstMatch(in: String(decoding: response.body, as: UTF8.self))) == nil {
                return "\(label): the body does not match \(pattern)" + bodyPreview(response)
            }
        }
        for (name, source) in step.captures.sorted(by: { $0.key < $1.key }) {
            if source.hasPrefix("header:") {
                let header = String(source.dropFirst("header:".count))
                guard let value = response.headers[header] else {
                    return "\(label): the response has no \(header) header to take '\(name)' from"
                }
                captures[name] = .string(value)
            } else {
                switch parsedBody() {
                case .failure(let error): return "\(label): the body is not JSON (\(error))" + bodyPreview(response)
                case .success(let actual):
                    do {
                        captures[name] = try actual.value(at: source)
                    } catch {
                        return "\(label): \(error)"
                    }
                }
            }
        }
        return nil
    }

    private func substitute(_ template: String, _ captures: [String: JSONValue]) throws -> String {
        do {
            return try CaptureTemplate.substitute(template, captures: captures)
        } catch {
            throw GradingFailure.grader("the grader uses an unknown capture: \(error)")
        }
    }

    /// The grader's expected JSON with captures put in: `"{{id}}"` becomes the captured value with its own type
    /// (a number stays a number); a placeholder outside a string is substituted as text before parsing.
    private func expectedJSON(_ text: String, _ captures: [String: JSONValue], label: String, key: String) throws
        -> JSONValue
    {
        if let parsed = try? JSONValue.parse(text) {
            do {
                return try CaptureTemplate.substitute(parsed, captures: captures)
            } catch {
                throw GradingFailure.grader("the grader uses an unknown capture: \(error)")
            }
        }
        return try parseExpected(try substitute(text, captures), label: label, key: key)
    }

    private func parseExpected(_ text: String, label: String, key: String) throws -> JSONValue {
        do {
            return try JSONValue.parse(text)
        } catch {
            throw GradingFailure.grader("\(label): the grader's \(key) is not valid JSON: \(error)")
        }
    }

    private func bodyPreview(_ response: HTTPResponse) -> String {
        response.body.isEmpty ? "" : "\nbody: " + TextPreview.render(response.body.prefix(400))
    }
}

/// One step's request and response, as the report shows them: a line for a step that went well, everything sent and
/// received for the step that failed.
struct Exchange {
    var request: HTTPRequest?
    var response: HTTPResponse?

    func describe(step: Int, failed: Bool) -> String {
        guard let request else { return "step \(step): not sent" }
        guard failed else {
            return
                "step \(step): \(request.method) \(request.path) → \(response.map { String($0.status) } ?? "no response")"
        }
        var text = "step \(step) sent:\n" + TestInput.request(request)
        if let response {
            text += "\nand received:\n" + TestInput.response(response)
        } else {
            text += "\nand received no response"
        }
        return text
    }
}
