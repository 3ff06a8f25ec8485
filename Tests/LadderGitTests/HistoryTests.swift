import Foundation
import LadderGit
import Testing

@Suite struct HistoryTests {
    private func at(_ seconds: TimeInterval) -> Signature {
        Signature(name: "Alice", email: "alice@example.com", time: Date(timeIntervalSince1970: seconds))
    }

    /// Three commits made at 1000, 2000 and 3000 seconds after the epoch.
    private func threeCommits(in directory: String) throws -> (Repository, [CommitInfo]) {
        let repository = try Repository.create(at: directory)
        var commits: [CommitInfo] = []
        for (number, time) in [1000.0, 2000, 3000].enumerated() {
            try write("a.txt", "\(number)", in: directory)
            commits.append(try repository.commitAll(message: "commit \(number)", author: at(time)))
        }
        return (repository, commits)
    }

    @Test func logIsNewestFirstAndLimited() throws {
        try withTemporaryDirectory { directory in
            let (repository, commits) = try threeCommits(in: directory)
            #expect(try repository.log() == commits.reversed())
            #expect(try repository.log(limit: 2) == [commits[2], commits[1]])
            #expect(try repository.log(from: commits[1].id) == [commits[1], commits[0]])
        }
    }

    @Test func lastCommitAtOrBeforeADeadline() throws {
        try withTemporaryDirectory { directory in
            let (repository, commits) = try threeCommits(in: directory)
            #expect(try repository.lastCommit(atOrBefore: Date(timeIntervalSince1970: 500)) == nil)
            #expect(try repository.lastCommit(atOrBefore: Date(timeIntervalSince1970: 1500)) == commits[0])
            #expect(try repository.lastCommit(atOrBefore: Date(timeIntervalSince1970: 2000)) == commits[1])
            #expect(try repository.lastCommit(atOrBefore: Date(timeIntervalSince1970: 9999)) == commits[2])
            #expect(
                try repository.lastCommit(atOrBefore: Date(timeIntervalSince1970: 9999), from: "HEAD~2") == commits[0])
        }
    }

    /// A starter and the learner's fix committed in the same second, then work after the deadline: the fix is the
    /// last commit before the deadline, whatever order equal times would sort in.
    @Test func commitsOfTheSameSecondComeChildFirst() throws {
        for _ in 0..<8 {
            try withTemporaryDirectory { directory in
                let repository = try Repository.create(at: directory)
                var commits: [CommitInfo] = []
                for (number, time) in [1000.0, 1000, 1000, 5000].enumerated() {
                    try write("a.txt", "\(number)", in: directory)
                    commits.append(try repository.commitAll(message: "commit \(number)", author: at(time)))
                }
                #expect(try repository.lastCommit(atOrBefore: Date(timeIntervalSince1970: 2000)) == commits[2])
                #expect(try repository.log() == commits.reversed())
            }
        }
    }
}
