import Foundation
import Testing

@testable import LadderCore

@Suite struct RosterTests {
    func parse(_ text: String, base: String = "/srv/class") throws(RosterError) -> [RosterEntry] {
        try Roster.parse(Data(text.utf8), file: "roster.csv", baseDirectory: base)
    }

    func problem(_ text: String) -> String {
        do {
            _ = try parse(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    @Test func readsEveryKindOfLocation() throws {
        let entries = try parse(
            """
            student,repository,name,email\r
            ada,/srv/repos/ada,"Lovelace, Ada",ada@example.com\r
            grace,repos/grace,,\r
            alan,file:///srv/repos/alan,Alan Turing,\r
            edsger,https://github.com/course/lab1-edsger.git,"Edsger ""EWD"" Dijkstra",ewd@example.com\r

            """)
        #expect(
            entries == [
                RosterEntry(
                    student: "ada", repository: .path("/srv/repos/ada"), name: "Lovelace, Ada",
                    email: "ada@example.com", line: 2),
                RosterEntry(student: "grace", repository: .path("/srv/class/repos/grace"), line: 3),
                RosterEntry(
                    student: "alan", repository: .fileURL(URL(string: "file:///srv/repos/alan")!), name: "Alan Turing",
                    line: 4),
                RosterEntry(
                    student: "edsger", repository: .https(URL(string: "https://github.com/course/lab1-edsger.git")!),
                    name: "Edsger \"EWD\" Dijkstra", email: "ewd@example.com", line: 5),
            ])
        #expect(entries[2].repository.localPath == "/srv/repos/alan")
        #expect(entries[3].repository.localPath == nil)
        #expect(entries[3].repository.description == "https://github.com/course/lab1-edsger.git")
    }

    @Test func bomColumnOrderCaseExtraColumnsAndMultilineFields() throws {
        let text =
            "\u{FEFF}Repository , github_id, STUDENT\n\"../repos/b\",42,\"bob\"\n\"repos/c\",7,\"carol\nsecond line\"\n\n\"repos/d\",8,dave"
        let entries = try parse(text)
        #expect(entries.map(\.student) == ["bob", "carol\nsecond line", "dave"])
        #expect(entries.map(\.line) == [2, 3, 6])
        #expect(entries[0].repository == .path("/srv/repos/b"))
    }

    @Test func missingColumnsSayWhichAreRequired() {
        #expect(
            problem("student,repo\nada,/x\n")
                == "roster.csv:1: missing column repository; the header must name the columns student and repository (optional: name, email); found: student, repo"
        )
        #expect(problem("name\nAda\n").hasPrefix("roster.csv:1: missing columns student and repository;"))
        #expect(
            problem("")
                == "roster.csv: the roster is empty; expected a header row such as `student,repository,name,email`")
        #expect(problem("student,repository\n") == "roster.csv:1: the roster has a header but no students")
        #expect(
            problem("student,repository,Student\na,/x,b\n")
                == "roster.csv:1: column student: the column appears twice in the header")
    }

    @Test func duplicateStudentsGiveBothLines() {
        #expect(
            problem("student,repository\nada,/a\nbob,/b\nAda,/c\n")
                == "roster.csv:4: column student: duplicate student \"Ada\" (also on line 2); student ids are compared ignoring case"
        )
    }

    @Test func emptyAndBadRepositories() {
        #expect(
            problem("student,repository\nada,  \n")
                == "roster.csv:2: column repository: empty repository for \"ada\"; give a path (absolute, or relative to the roster), a file:// URL or an https:// URL"
        )
        #expect(
            problem("student,repository\n,/a\n") == "roster.csv:2: column student: empty; every row needs a student id")
        #expect(
            problem("student,repository\nada,http://example.com/a.git\n")
                == "roster.csv:2: column repository: \"http://example.com/a.git\" uses http, which is not accepted; use https"
        )
        #expect(
            problem("student,repository\nada,ssh://git@github.com/a/b.git\n")
                == "roster.csv:2: column repository: \"ssh://git@github.com/a/b.git\" uses ssh://, which is not accepted; give a path (absolute, or relative to the roster), a file:// URL or an https:// URL"
        )
        #expect(
            problem("student,repository\nada,git@github.com:course/ada.git\n").hasPrefix(
                "roster.csv:2: column repository: \"git@github.com:course/ada.git\" is an SSH address, which is not accepted"
            ))
        #expect(
            problem("student,repository\nada,https://ada:ghp_secret@github.com/a/b.git\n")
                == "roster.csv:2: column repository: the URL contains credentials; remove them from the roster and give the token in the environment"
        )
        #expect(!problem("student,repository\nada,https://ada:ghp_secret@github.com/a/b.git\n").contains("ghp_secret"))
        #expect(
            problem("student,repository\nada,file://server/share/a\n").hasPrefix(
                "roster.csv:2: column repository: \"file://server/share/a\" names a host"))
        #expect(
            problem("student,repository\nada,https:///nohost\n").hasPrefix(
                "roster.csv:2: column repository: \"https:///nohost\" has no host"))
        #expect(
            problem("student,repository\nada,github.com/course/ada\n")
                == "roster.csv:2: column repository: \"github.com/course/ada\" looks like a URL without its scheme; write https://github.com/course/ada"
        )
    }

    @Test func malformedCSVNamesTheLine() {
        #expect(
            problem("student,repository\nada,/a,extra\n")
                == "roster.csv:2: 3 fields, but the header has 2 columns; quote fields that contain commas")
        #expect(
            problem("student,repository\nada,\"/a\n\nbob,/b\n")
                == "roster.csv:2: a quoted field is never closed; end it with \"")
        #expect(
            problem("student,repository\nada,/a\"b\n")
                == "roster.csv:2: a quote inside an unquoted field; quote the whole field and write \"\" for each quote in it"
        )
        #expect(problem("student,repository\n\"ada\"x,/a\n").hasPrefix("roster.csv:2: text after a closing quote"))
        var invalid = Data("student,repository\nada,/a\n".utf8)
        invalid.append(contentsOf: [0x62, 0xFF, 0x2C, 0x2F, 0x62, 0x0A])
        do {
            _ = try Roster.parse(invalid, file: "roster.csv", baseDirectory: "/")
            Issue.record("invalid UTF-8 was accepted")
        } catch {
            #expect(error.description == "roster.csv:3: the file is not UTF-8 text; save the roster as UTF-8 CSV")
        }
    }

    @Test func loadResolvesRelativePathsAgainstTheRosterFile() throws {
        let temporary = try TemporaryDirectory("roster")
        defer { withExtendedLifetime(temporary) {} }
        let directory = temporary.url
        let file = directory.appendingPathComponent("roster.csv")
        try Data("student,repository\nada,repos/ada\n".utf8).write(to: file)
        let entries = try Roster.load(contentsOf: file.path)
        #expect(
            entries.first?.repository == .path(directory.standardizedFileURL.appendingPathComponent("repos/ada").path))

        let missing = directory.appendingPathComponent("none.csv").path
        #expect(
            throws: RosterError(
                file: missing, reason: "no such file; expected a CSV roster with the columns student and repository")
        ) {
            try Roster.load(contentsOf: missing)
        }
    }
}
