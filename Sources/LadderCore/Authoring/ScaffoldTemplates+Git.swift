extension ScaffoldTemplates {
    // MARK: git

    /// A lab graded on the learner's history: small commits with conventional messages, and code that works at the end.
    func gitExample() -> Example {
        let stages = [
            StageText(id: "commits", title: "Small commits", summary: "Make the change in at least two commits whose messages follow Conventional Commits.", points: 50),
            StageText(id: "works", title: "It works", summary: "The committed program greets by name.", points: 50),
        ]
        let grader = Self.graderHeader + #"""

            # kind = "git": checks the learner's history, read through libgit2 from a private copy of their repository.
            # The learner's commits are those since the lab started (`ladder start` marks its own commits). Checks:
            # min-commits, max-commits, message-pattern (every non-merge commit's first line, as a whole),
            # max-files-per-commit, must-touch, must-not-touch (globs; * crosses /), groups (no commit mixes two),
            # authors-named, merge (a merge joining two branches that both moved on), keep-lines (lines a file must
            # still hold), run with run-at = head | each | merges (a command in the sandbox at those commits, after the
            # language's build), and script + format (a grader program with the history, read-only, at /history).
            # Reference and wrong solutions are histories: reference/<language>/history.toml (docs/lab-format.md).

            [[stages]]
            id = "commits"

              [[stages.tests]]
              id = "small-commits"
              title = "At least two commits, each message in Conventional Commits form"
              points = 50
              kind = "git"
              feedback = "Commit each step on its own, with a message like `feat: read the name from standard input`."
              min-commits = 2
              message-pattern = '(feat|fix|docs|test|refactor|chore)(\([a-z0-9-]+\))?: [a-z].{0,70}'
              authors-named = true

            [[stages]]
            id = "works"

              [[stages.tests]]
              id = "greets"
              title = "The committed program greets by name"
              points = 50
              kind = "git"
              feedback = "`echo Ada | python3 greet.py` must print `Hello, Ada!`; commit the change, the grade reads commits only."
              run = ["sh", "-c", "test \"$(echo Ada | python3 greet.py)\" = 'Hello, Ada!'"]
              run-at = "head"

            """#
        let starter = #"""
            """\#(id): greet the person named on standard input (see README.md)."""
            import sys


            def main():
                name = sys.stdin.readline().strip()
                # TODO: print "Hello, NAME!"
                print("TODO", name)


            if __name__ == "__main__":
                main()

            """#
        let solved = starter.replacingOccurrences(of: "    # TODO: print \"Hello, NAME!\"\n    print(\"TODO\", name)", with: "    print(f\"Hello, {name}!\")")
        let reference = #"""
            # The reference solution is a history: each [[commits]] writes the files of a directory next to this file
            # over the previous commit (docs/lab-format.md, "Histories"). `lab validate` replays it on a freshly
            # started repository and grades the last commit of main.
            [[commits]]
            message = "feat: greet by name"
            files = "01-greet"

            [[commits]]
            message = "docs: say how to run the greeting"
            files = "02-notes"

            """#
        let wrong = #"""
            # Wrong: one commit with a message that says nothing (the commits stage catches it).
            [[commits]]
            message = "update"
            files = "01-greet"

            """#
        return Example(
            stages: stages, passMark: 100,
            languageBlock: #"""
                [[languages]]
                id = "python"
                name = "Python"
                run = ["python3", "greet.py"]
                """#,
            graderToml: grader,
            starter: [("greet.py", starter)],
            visibleTests: [("01-ada.in", "Ada\n"), ("01-ada.out", "Hello, Ada!\n")],
            fixtures: [],
            reference: [
                ("history.toml", reference), ("01-greet/greet.py", solved),
                ("02-notes/NOTES.md", "Run it with `echo Ada | python3 greet.py`.\n"),
            ],
            wrongName: "one-vague-commit",
            wrong: [("history.toml", wrong), ("01-greet/greet.py", solved)],
            task: #"""
                Make `greet.py` print `Hello, NAME!` for the name on standard input, and commit the work as a reviewer
                would like to read it: at least two commits, each message in Conventional Commits form
                (`type: summary`, type one of feat, fix, docs, test, refactor, chore; summary in lowercase).
                """#,
            tryIt: #"""
                Try it with `echo Ada | python3 greet.py`. Commit with `git commit`; the hidden tests read your
                history, so only committed work counts.
                """#,
            hints: ["`git log --oneline` shows your commits' first lines, which is what the convention is checked on."])
    }
}
