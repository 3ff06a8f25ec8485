import LadderGrading
import LadderModel

/// The files of a new lab, per grader kind: a tiny but complete example that `ladder lab validate` accepts.
///
/// Each example is deliberately small (a greeting, a health check, a filtered query, a slug function) so the author
/// sees every part of a lab working before replacing it: stages, hidden tests, visible tests, a reference, a starter
/// that does not pass, and a known-wrong solution the hidden tests catch.
struct ScaffoldTemplates {
    let request: LabScaffold.Request

    var id: String { request.id }
    var title: String { LabScaffold.title(for: request.id) }

    /// A stage of the example, as lab.toml and the README present it.
    struct StageText {
        let id: String
        let title: String
        let summary: String
        let points: Int
    }

    /// (path relative to the catalog root, contents)
    func files() -> [(String, String)] {
        // A request is only made for a kind with an example (LabScaffold.kinds).
        let example = Self.example(of: request.kind)!(self)
        let lab = "Labs/\(id)/"
        let grader = "Graders/\(id)/"
        var files: [(String, String)] = [
            (lab + "lab.toml", labToml(example)),
            (lab + "README.md", readme(example)),
            (grader + "grader.toml", Self.coveringStages(example.graderToml)),
        ]
        files += example.starter.map { (lab + "starter/\(request.language)/" + $0.0, $0.1) }
        files += example.visibleTests.map { (lab + "tests/" + $0.0, $0.1) }
        files += example.fixtures.map { (grader + $0.0, $0.1) }
        files += example.reference.map { (grader + "reference/\(request.language)/" + $0.0, $0.1) }
        files += example.wrong.map { (grader + "wrong/\(example.wrongName)/\(request.language)/" + $0.0, $0.1) }
        files += example.starterHistory.map { (lab + "history/\(request.language)/" + $0.0, $0.1) }
        return files
    }

    /// The example of `kind`; nil for a kind `ladder lab new` has none of yet (`tests`: a mutation lab needs mutants
    /// and equivalent implementations that no small example shows well).
    static func example(of kind: GraderKind) -> ((ScaffoldTemplates) -> Example)? {
        switch kind {
        case .io: { $0.ioExample() }
        case .http: { $0.httpExample() }
        case .sql: { $0.sqlExample() }
        case .script: { $0.scriptExample() }
        case .git: { $0.gitExample() }
        default: nil
        }
    }

    /// `toml` with each test covering the README rule its stage states (`covers = ["STAGE-ID"]`), so a new lab shows
    /// how README rules and hidden tests are tied together.
    static func coveringStages(_ toml: String) -> String {
        let lines = toml.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var out: [String] = []
        var stage: String?
        var awaitingStageID = false
        for (index, line) in lines.enumerated() {
            out.append(line)
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed == "[[stages]]" {
                awaitingStageID = true
            } else if awaitingStageID, let match = trimmed.firstMatch(of: #/^id = "([^"]+)"/#) {
                stage = String(match.output.1)
                awaitingStageID = false
            } else if trimmed == "[[stages.tests]]", let stage, index + 1 < lines.count {
                let indent = lines[index + 1].prefix { $0 == " " }
                out.append("\(indent)covers = [\"\(stage)\"]       # the README rules it checks, marked there <!-- rule: ID -->")
            }
        }
        return out.joined(separator: "\n")
    }

    /// One kind's example.
    struct Example {
        var stages: [StageText]
        var passMark: Int
        var languageBlock: String
        var graderToml: String
        var starter: [(String, String)]
        var visibleTests: [(String, String)]
        var fixtures: [(String, String)]
        var reference: [(String, String)]
        var wrongName: String
        var wrong: [(String, String)]
        /// The README's "The task" section body.
        var task: String
        /// How to run the program or the visible tests by hand, for "Getting started".
        var tryIt: String
        var hints: [String]
        /// Files of the history `ladder start` adds (`history/<language>/`), for labs graded on git history.
        var starterHistory: [(String, String)] = []
    }

    // MARK: Shared files

    func labToml(_ example: Example) -> String {
        let stages = example.stages.map { stage in
            #"""
            [[stages]]
            id = "\#(stage.id)"
            title = "\#(stage.title)"
            summary = "\#(stage.summary)"
            points = \#(stage.points)
            """#
        }.joined(separator: "\n\n")
        return #"""
            # The public manifest of \#(id): what `ladder list`, `ladder show` and `ladder start` read.
            # Every field is described in docs/lab-format.md ("Labs/<id>/lab.toml"). Unknown keys are errors.

            # Lowercase kebab case, equal to this directory's name (and to Graders/\#(id)). Never rename a published lab.
            id = "\#(id)"
            # Shown by `ladder list` and `ladder show`.
            title = "\#(title)"
            # MAJOR.MINOR.PATCH. Bump MAJOR when a solution that passed could now fail (learners pinned to another
            # MAJOR are told to restart). `ladder lab publish` never publishes one version twice with different content.
            version = "0.1.0"
            # One or two sentences for `ladder list` and `ladder show`.
            summary = "TODO: what the learner builds, and why a backend engineer needs it."
            # The lowest rung this lab counts towards: junior, backend, senior or architect.
            rung = "\#(request.rung.rawValue)"
            # Keys into Labs/competencies.toml, "area.skill"; the lab covers every area it names.
            # Adjust: this is the first skill of the area `\#(request.area.key)`; list the skills the lab really exercises.
            competencies = ["\#(request.competency)"]
            # Points needed to pass: at least 1, at most the stages' total (here \#(example.stages.reduce(0) { $0 + $1.points })).
            pass-mark = \#(example.passMark)

            # Limits for every run of the learner's program; leave a key out for the sandbox profile's default.
            # Durations: "250ms", "5s", "1m". Sizes: "64K", "256M", "1G". Maxima: wall-time and cpu-time 60s,
            # memory 4G, processes 1024, output 64M, file-size 1G. A test in grader.toml may set its own.
            [limits]
            wall-time = "10s"
            cpu-time = "5s"
            memory = "256M"
            processes = 16
            output = "1M"

            # The languages the lab can be done in, one section each; the first is the default of `ladder start`.
            # `run` is the command, one string per argument, run in the solution's directory; `build` (optional) runs
            # once before the tests; `starter` defaults to starter/<id>; `profile` (the sandbox profile) to the id.
            # Each language needs starter/<id>/ here and reference/<id>/ in Graders/\#(id).
            \#(example.languageBlock)

            # The stages, in order; every run grades every stage. Graders/\#(id)/grader.toml lists the same stages, in
            # the same order, and the tests of each stage add up to its points.
            \#(stages)

            """#
    }

    func readme(_ example: Example) -> String {
        let stages = example.stages.enumerated().map { index, stage in
            "\(index + 1). **\(stage.title)** (\(stage.points) points). \(stage.summary) <!-- rule: \(stage.id) -->"
        }.joined(separator: "\n")
        let hints = example.hints.map { "- " + $0 }.joined(separator: "\n")
        return #"""
            # \#(title)

            *Rung: \#(request.rung.title) · Area: \#(request.area.title) · Language: \#(LabLanguage.knownNames[request.language] ?? request.language)*

            <!-- A README that teaches: the context first, then the task stage by stage, then how to check your work.
                 Replace the example below (a deliberately tiny one) with your lab. -->

            ## Why this matters

            TODO: the situation a backend engineer meets this problem in, what goes wrong when it is done badly, and
            the habit or idea this lab trains. Two or three short paragraphs.

            ## The task

            \#(example.task)

            ## Stages

            Each stage adds to the last; every submission is graded on all of them. \#(Lab.passRule); every test of
            this lab is required.

            \#(stages)

            ## Getting started

            ```
            ladder start \#(id)
            cd \#(id)
            ```

            \#(example.tryIt)

            ## Hints

            \#(hints)

            ## Testing and submitting

            - `ladder test` runs the visible tests in `tests/` against your working copy, as often as you like.
            - Commit your work, then `ladder submit`: the hidden tests grade what you committed, and the result is
              recorded against the ladder. The hidden tests check more cases than the visible ones.

            """#
    }

    static let graderHeader = #"""
        # The hidden grader. Format: docs/lab-format.md, "Grader spec". Nothing in this directory is shown to learners
        # or visible to their code; paths are relative to this directory and may not leave it.
        # `ladder lab validate` proves it: the reference gets full marks, the starter fails, every solution under wrong/
        # fails at least one test, and three runs give the same verdicts.
        format = 1   # the spec format this version of Ladder reads

        # The same stages as lab.toml, same ids, same order. Each test: `id` (unique in its stage), `title` (shown to
        # the learner), `points` (a stage's tests add up to its points in lab.toml), `kind` (io, http, sql, script or git),
        # `feedback` (shown when the test fails: a hint, never the answer) and, optionally, [stages.tests.limits].
        """#

    // MARK: io

    func ioExample() -> Example {
        let stages = [
            StageText(id: "greet", title: "Greet by name", summary: "Read a name on standard input and print a greeting.", points: 50),
            StageText(id: "default-name", title: "Greet the world", summary: "With no name (an empty or blank line), greet the world.", points: 50),
        ]
        let grader = Self.graderHeader + #"""


            [[stages]]
            id = "greet"

              [[stages.tests]]
              id = "name"
              title = "A plain name"
              points = 25
              kind = "io"
              feedback = "Print exactly `Hello, NAME!` followed by a newline."
              stdin-file = "cases/01-name.in"     # or `stdin = "..."` inline; `args`, `env` and `files` are also possible
              stdout-file = "cases/01-name.out"   # or `stdout = "..."` inline
              compare = "lines"   # exact | trimmed | lines | regex | contains | numbers | json | json-subset

              [[stages.tests]]
              id = "spaces"
              title = "A name with spaces around it"
              points = 25
              kind = "io"
              feedback = "Strip the spaces around the name, but keep the ones inside it."
              stdin-file = "cases/02-spaces.in"
              stdout-file = "cases/02-spaces.out"
              compare = "lines"

            [[stages]]
            id = "default-name"

              [[stages.tests]]
              id = "empty"
              title = "No input at all"
              points = 25
              kind = "io"
              feedback = "With no name, greet the world."
              stdin-file = "cases/03-empty.in"
              stdout-file = "cases/03-empty.out"
              compare = "lines"

              [[stages.tests]]
              id = "blank"
              title = "A blank line"
              points = 25
              kind = "io"
              feedback = "A line of spaces is no name either."
              stdin-file = "cases/04-blank.in"
              stdout-file = "cases/04-blank.out"
              compare = "lines"
                [stages.tests.limits]   # optional: this test's own limits, same keys and maxima as lab.toml
                wall-time = "5s"

            """#
        return Example(
            stages: stages, passMark: 70,
            languageBlock: #"""
                [[languages]]
                id = "python"
                name = "Python"
                run = ["python3", "main.py"]
                """#,
            graderToml: grader,
            starter: [("main.py", #"""
                """\#(id): read a name on standard input and print a greeting (see README.md)."""
                import sys


                def main():
                    name = sys.stdin.readline().strip()
                    # TODO (stage 1): print "Hello, NAME!".
                    # TODO (stage 2): with no name, print "Hello, world!".


                if __name__ == "__main__":
                    main()

                """#)],
            visibleTests: [("01-ada.in", "Ada\n"), ("01-ada.out", "Hello, Ada!\n")],
            fixtures: [
                ("cases/01-name.in", "Grace\n"), ("cases/01-name.out", "Hello, Grace!\n"),
                ("cases/02-spaces.in", "   Ada Lovelace  \n"), ("cases/02-spaces.out", "Hello, Ada Lovelace!\n"),
                ("cases/03-empty.in", ""), ("cases/03-empty.out", "Hello, world!\n"),
                ("cases/04-blank.in", "    \n"), ("cases/04-blank.out", "Hello, world!\n"),
            ],
            reference: [("main.py", #"""
                """Reference solution of \#(id)."""
                import sys


                def main():
                    name = sys.stdin.readline().strip()
                    print(f"Hello, {name or 'world'}!")


                if __name__ == "__main__":
                    main()

                """#)],
            wrongName: "no-default-name",
            wrong: [("main.py", #"""
                # Wrong: forgets the default, so no name gives "Hello, !" (the default-name tests catch it).
                import sys


                def main():
                    name = sys.stdin.readline().strip()
                    print(f"Hello, {name}!")


                if __name__ == "__main__":
                    main()

                """#)],
            task: #"""
                Your program reads one line, a name, on **standard input** and prints a greeting on **standard output**:

                ```
                $ echo "Ada" | python3 main.py
                Hello, Ada!
                ```

                Spaces around the name are not part of it. With no name (no input, or a blank line) print
                `Hello, world!`.
                """#,
            tryIt: #"""
                Edit `main.py`, then try it by hand: `echo "Ada" | python3 main.py`. The visible examples are in
                `tests/`: each `NN-name.in` is given on standard input, and the output must match `NN-name.out`.
                """#,
            hints: ["`str.strip()` removes the spaces around a string.", "An empty string is false in Python: `name or \"world\"`."])
    }

    // MARK: http

    func httpExample() -> Example {
        let stages = [
            StageText(id: "health", title: "A health check", summary: "GET /health answers 200 with a JSON status.", points: 20),
            StageText(id: "greet", title: "Greetings", summary: "GET /greet?name=NAME answers with a JSON greeting; without a name, 400.", points: 80),
        ]
        let healthTest = #"""
              [[stages.tests]]
              id = "ok"
              title = "GET /health"
              points = 20
              kind = "http"
              feedback = "Answer GET /health with status 200, Content-Type application/json and {\"status\": \"ok\"}."
              ready-path = "/health"     # GET until it answers (any status); default: the first accepted connection
              startup-timeout = "10s"    # how long the service may take to get ready

                [[stages.tests.steps]]   # requests in order; each may `capture` values for later steps as {{name}}
                method = "GET"
                path = "/health"
                status = 200
                expect-headers = { "Content-Type" = "^application/json" }   # header -> regular expression
                json = '{"status": "ok"}'                                     # the body must contain this JSON
            """#
        let grader = Self.graderHeader + #"""

            # kind = "http": the language's `run` command starts the service with $PORT set; it must listen on
            # 127.0.0.1:$PORT. A fresh service is started for each test.

            [[stages]]
            id = "health"

            \#(healthTest)

            [[stages]]
            id = "greet"

              [[stages.tests]]
              id = "name"
              title = "Greeting by name"
              points = 40
              kind = "http"
              feedback = "GET /greet?name=NAME answers 200 with {\"greeting\": \"Hello, NAME!\"}."
              ready-path = "/health"

                [[stages.tests.steps]]
                method = "GET"
                path = "/greet?name=Grace"
                status = 200
                pointers = { "/greeting" = '"Hello, Grace!"' }   # JSON Pointer -> the JSON expected there

              [[stages.tests]]
              id = "missing-name"
              title = "No name"
              points = 40
              kind = "http"
              feedback = "A request the service cannot answer is the client's fault: say so with a 4xx status."
              ready-path = "/health"

                [[stages.tests.steps]]
                method = "GET"
                path = "/greet"
                status = 400
                json = '{"error": "name is required"}'

            """#
        let visible = #"""
            # The visible tests of \#(id): `ladder test` runs them. Same format as the hidden grader
            # (docs/lab-format.md, "Grader spec"); the hidden tests check more.
            format = 1

            [[stages]]
            id = "health"

            \#(healthTest)

            """#
        let server = { (body: String) in
            #"""
            import json
            import os
            from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
            from urllib.parse import parse_qs, urlsplit


            class Handler(BaseHTTPRequestHandler):
                def do_GET(self):
            \#(body)

                def send_json(self, status, body):
                    data = json.dumps(body).encode()
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)

                def log_message(self, format, *args):
                    pass  # keep standard error for real problems


            def main():
                server = ThreadingHTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Handler)
                server.serve_forever()


            if __name__ == "__main__":
                main()

            """#
        }
        let starterBody = #"""
                    url = urlsplit(self.path)
                    query = parse_qs(url.query)
                    # TODO (stage 1): GET /health answers 200 with {"status": "ok"}.
                    # TODO (stage 2): GET /greet?name=NAME answers 200 with {"greeting": "Hello, NAME!"};
                    #                 without a name, 400 with {"error": "name is required"}.
                    self.send_json(404, {"error": "not found", "path": url.path, "query": query})
            """#
        let referenceBody = #"""
                    url = urlsplit(self.path)
                    query = parse_qs(url.query)
                    if url.path == "/health":
                        self.send_json(200, {"status": "ok"})
                    elif url.path == "/greet":
                        name = query.get("name", [""])[0].strip()
                        if not name:
                            self.send_json(400, {"error": "name is required"})
                        else:
                            self.send_json(200, {"greeting": f"Hello, {name}!"})
                    else:
                        self.send_json(404, {"error": "not found"})
            """#
        let wrongBody = #"""
                    url = urlsplit(self.path)
                    query = parse_qs(url.query)
                    if url.path == "/health":
                        self.send_json(200, {"status": "ok"})
                    elif url.path == "/greet":
                        name = query.get("name", [""])[0]
                        self.send_json(200, {"greeting": f"Hello, {name}!"})
                    else:
                        self.send_json(404, {"error": "not found"})
            """#
        return Example(
            stages: stages, passMark: 70,
            languageBlock: #"""
                [[languages]]
                id = "python"
                name = "Python"
                run = ["python3", "server.py"]
                """#,
            graderToml: grader,
            starter: [("server.py", "\"\"\"\(id): a small HTTP service (see README.md). It listens on 127.0.0.1:$PORT.\"\"\"\n" + server(starterBody))],
            visibleTests: [("grader.toml", visible)],
            fixtures: [],
            reference: [("server.py", "\"\"\"Reference solution of \(id).\"\"\"\n" + server(referenceBody))],
            wrongName: "greets-nobody",
            wrong: [("server.py", "# Wrong: never checks the name, so GET /greet answers 200 \"Hello, !\" (greet/missing-name catches it).\n" + server(wrongBody))],
            task: #"""
                Write a small HTTP service. It reads the port to listen on from the environment variable `PORT` and
                listens on `127.0.0.1:$PORT`. Every answer is JSON (`Content-Type: application/json`).

                | request | answer |
                | --- | --- |
                | `GET /health` | `200 {"status": "ok"}` |
                | `GET /greet?name=Ada` | `200 {"greeting": "Hello, Ada!"}` |
                | `GET /greet` (no name) | `400 {"error": "name is required"}` |
                | anything else | `404` |
                """#,
            tryIt: #"""
                Run the service with `PORT=8080 python3 server.py` and try it with `curl -i localhost:8080/health`.
                `ladder test` starts it for you and runs the visible tests of `tests/grader.toml`.
                """#,
            hints: [
                "`urllib.parse.urlsplit` separates the path from the query string; `parse_qs` reads the query.",
                "Status codes are part of your API: 400 tells the client that *its* request was wrong.",
            ])
    }

    // MARK: sql

    func sqlExample() -> Example {
        let stages = [
            StageText(id: "active-users", title: "Active users", summary: "List the names of the active users, alphabetically.", points: 100)
        ]
        let grader = Self.graderHeader + #"""

            # kind = "sql": a fresh SQLite database per test: the `seed` fixture runs first, then the learner's `setup`
            # files, then the learner's `query`. Check `rows` (JSON rows), `plan-includes` / `plan-excludes` (strings
            # in EXPLAIN QUERY PLAN, such as "USING INDEX") and `budget` (the query's own time).

            [[stages]]
            id = "active-users"

              [[stages.tests]]
              id = "mixed"
              title = "Active and inactive users"
              points = 50
              kind = "sql"
              feedback = "Only active users, ordered by name."
              seed = "seeds/mixed.sql"
              query = "query.sql"
              rows = '[["Ada"], ["Grace"], ["Linus"]]'   # or rows-file = "expected/....json"
              ordered = true                            # default false: compared as a multiset

              [[stages.tests]]
              id = "none-active"
              title = "Nobody is active"
              points = 50
              kind = "sql"
              feedback = "When no user is active, the result is empty."
              seed = "seeds/none-active.sql"
              query = "query.sql"
              rows = '[]'
              ordered = true

            """#
        let visible = #"""
            # The visible tests of \#(id): `ladder test` runs them. Same format as the hidden grader
            # (docs/lab-format.md, "Grader spec"); the seed is the sample in seed.sql. The hidden tests use other data.
            format = 1

            [[stages]]
            id = "active-users"

              [[stages.tests]]
              id = "sample"
              title = "Active users of the sample"
              points = 100
              kind = "sql"
              feedback = "Only active users, ordered by name."
              seed = "seed.sql"
              query = "query.sql"
              rows = '[["Ada"], ["Barbara"]]'
              ordered = true

            """#
        let schema = "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL);\n"
        return Example(
            stages: stages, passMark: 70,
            languageBlock: #"""
                [[languages]]
                id = "sql"
                name = "SQL (SQLite)"
                run = ["python3", "run.py", "query.sql"]
                """#,
            graderToml: grader,
            starter: [
                ("query.sql", #"""
                    -- \#(id): the names of the active users, alphabetically (see README.md).
                    -- TODO: replace this placeholder with your query.
                    SELECT 'replace me' AS name;

                    """#),
                ("run.py", #"""
                    """Try a query by hand: python3 run.py QUERY.sql [SEED.sql] (default seed: tests/seed.sql)."""
                    import sqlite3
                    import sys


                    def main():
                        query_file = sys.argv[1]
                        seed_file = sys.argv[2] if len(sys.argv) > 2 else "tests/seed.sql"
                        db = sqlite3.connect(":memory:")
                        with open(seed_file, encoding="utf-8") as f:
                            db.executescript(f.read())
                        with open(query_file, encoding="utf-8") as f:
                            for row in db.execute(f.read()):
                                print(row)


                    if __name__ == "__main__":
                        main()

                    """#),
            ],
            visibleTests: [
                ("grader.toml", visible),
                ("seed.sql", schema + "INSERT INTO users VALUES (1, 'Barbara', 1), (2, 'Edsger', 0), (3, 'Ada', 1);\n"),
            ],
            fixtures: [
                ("seeds/mixed.sql", schema + "INSERT INTO users VALUES (1, 'Linus', 1), (2, 'Ken', 0), (3, 'Ada', 1), (4, 'Grace', 1), (5, 'Alan', 0);\n"),
                ("seeds/none-active.sql", schema + "INSERT INTO users VALUES (1, 'Ken', 0), (2, 'Alan', 0);\n"),
            ],
            reference: [("query.sql", "-- Reference solution of \(id).\nSELECT name FROM users WHERE active = 1 ORDER BY name;\n")],
            wrongName: "forgets-active",
            wrong: [("query.sql", "-- Wrong: forgets the active filter, so inactive users are listed too.\nSELECT name FROM users ORDER BY name;\n")],
            task: #"""
                The database has one table:

                ```sql
                CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, active INTEGER NOT NULL);
                ```

                Write `query.sql`: one `SELECT` that returns the `name` of every active user (`active = 1`), ordered by
                name.
                """#,
            tryIt: #"""
                Edit `query.sql`, then run it against the sample data with `python3 run.py query.sql`.
                `ladder test` checks it against the visible tests in `tests/grader.toml`.
                """#,
            hints: ["Without `ORDER BY`, SQL promises no order at all, even if the rows seem sorted today."])
    }

    // MARK: script

    func scriptExample() -> Example {
        let stages = [
            StageText(id: "words", title: "Words to slugs", summary: "Lowercase the words of a title and join them with hyphens.", points: 50),
            StageText(id: "punctuation", title: "Punctuation", summary: "Leave punctuation out of the slug.", points: 50),
        ]
        let grader = Self.graderHeader + #"""

            # kind = "script": a grader program of the lab's own, run in its own sandbox with this directory at /grader
            # and the learner's submission at /submission (both read-only). It prints a report on standard output in
            # `format` = tap (TAP 13), junit or json; the test earns its points in proportion to the checks passed.
            # With `service = true` the learner's service is started first and reached through $LADDER_SERVICE_SOCKET.

            [[stages]]
            id = "words"

              [[stages.tests]]
              id = "words"
              title = "Words to slugs"
              points = 50
              kind = "script"
              feedback = "Lowercase every word and join the words with single hyphens; spaces never reach the slug."
              command = ["python3", "/grader/check.py", "words"]
              format = "tap"
              profile = "python"   # the sandbox profile the script runs under

            [[stages]]
            id = "punctuation"

              [[stages.tests]]
              id = "punctuation"
              title = "Punctuation"
              points = 50
              kind = "script"
              feedback = "Only letters and digits make up the words of a slug; everything else separates them."
              command = ["python3", "/grader/check.py", "punctuation"]
              format = "tap"

            """#
        let check = #"""
            """The grader program of \#(id): imports the learner's slug.py from /submission and reports TAP 13.

            Usage: python3 /grader/check.py GROUP   (GROUP is a key of CASES)
            """
            import contextlib
            import io
            import json
            import sys

            CASES = {
                "words": [
                    ("Hello World", "hello-world"),
                    ("  Many   spaces here ", "many-spaces-here"),
                    ("Version 2", "version-2"),
                ],
                "punctuation": [
                    ("Hello, World!", "hello-world"),
                    ("C'est la vie...", "c-est-la-vie"),
                    ("100% sure?", "100-sure"),
                ],
            }


            def main():
                cases = CASES[sys.argv[1]]
                print("TAP version 13")
                print(f"1..{len(cases)}")
                sys.path.insert(0, "/submission")
                # Whatever the learner's code prints must not end up in the report.
                with contextlib.redirect_stdout(io.StringIO()):
                    try:
                        from slug import slugify
                    except Exception as error:
                        slugify = None
                        problem = f"slug.py could not be imported: {type(error).__name__}: {error}"
                    results = []
                    for title, expected in cases:
                        if slugify is None:
                            results.append((title, False, problem))
                            continue
                        try:
                            got = slugify(title)
                        except Exception as error:
                            results.append((title, False, f"slugify raised {type(error).__name__}: {error}"))
                            continue
                        results.append((title, got == expected, f"slugify({title!r}) returned {got!r}"))
                for number, (title, passed, message) in enumerate(results, 1):
                    print(f"{'ok' if passed else 'not ok'} {number} - slugify({json.dumps(title)})")
                    if not passed:
                        print("  ---")
                        print(f"  message: {json.dumps(message)}")
                        print("  ...")


            if __name__ == "__main__":
                main()

            """#
        let program = { (header: String, body: String) in
            #"""
            \#(header)
            import re
            import sys


            def slugify(title):
                """The URL slug of a title: its words, lowercase, joined by hyphens."""
            \#(body)


            def main():
                for line in sys.stdin:
                    print(slugify(line.rstrip("\n")))


            if __name__ == "__main__":
                main()

            """#
        }
        return Example(
            stages: stages, passMark: 70,
            languageBlock: #"""
                [[languages]]
                id = "python"
                name = "Python"
                run = ["python3", "slug.py"]
                """#,
            graderToml: grader,
            starter: [("slug.py", program(
                "\"\"\"\(id): turn titles into URL slugs (see README.md).\"\"\"",
                #"""
                    # TODO (stage 1): lowercase the words and join them with "-".
                    # TODO (stage 2): leave punctuation out (re.findall may help).
                    raise NotImplementedError("slugify is not written yet")
                """#))],
            visibleTests: [("01-titles.in", "Hello World\nBackend Labs\n"), ("01-titles.out", "hello-world\nbackend-labs\n")],
            fixtures: [("check.py", check)],
            reference: [("slug.py", program(
                "\"\"\"Reference solution of \(id).\"\"\"",
                #"""
                    return "-".join(re.findall(r"[a-z0-9]+", title.lower()))
                """#))],
            wrongName: "keeps-punctuation",
            wrong: [("slug.py", program(
                "# Wrong: splits on spaces only, so punctuation stays in the slug (the punctuation checks catch it).",
                #"""
                    return "-".join(title.lower().split())
                """#))],
            task: #"""
                Write `slugify(title)` in `slug.py`: it returns the URL slug of a title, the title's words in lowercase
                joined by single hyphens. Words are runs of letters and digits; everything else separates them.

                ```
                >>> slugify("Hello, World!")
                'hello-world'
                ```

                `python3 slug.py` prints the slug of each line of standard input.
                """#,
            tryIt: #"""
                Try it with `printf 'Hello World\n' | python3 slug.py`. The visible examples are in `tests/`: each
                `NN-name.in` is given on standard input, and the output must match `NN-name.out`. The hidden tests
                import `slugify` and call it directly.
                """#,
            hints: ["`re.findall(r\"[a-z0-9]+\", text)` returns the runs of lowercase letters and digits."])
    }
}
