import Foundation
import LadderCore
import LadderPostgres
import LadderStore

/// The JSON bodies of `ladder serve`'s API, as `docs/openapi.yaml` documents them. Field names are camelCase; times
/// are ISO 8601 in UTC; ids are integers.
enum API {
    /// `POST /api/gradings`.
    struct NewGrading: Decodable {
        struct Student: Decodable {
            var email: String
            var name: String?
        }

        var repository: String
        /// Absent: the head of the default branch when a worker grades it.
        var commit: String?
        /// Absent: the lab the repository pins in `.ladder/lab.toml`.
        var lab: String?
        var student: Student
    }

    // The answers a course's client (`ladder submit`) reads too: one definition, in LadderCore.
    typealias Student = GradingAPI.Student
    typealias Grading = GradingAPI.Grading
    typealias Attempt = GradingAPI.Attempt
    typealias Accepted = GradingAPI.Accepted
    typealias Failure = GradingAPI.Failure
    typealias Event = GradingAPI.Event

    /// A delivery that enqueues nothing.
    struct Ignored: Encodable {
        var ignored: String
    }

    /// `GET /api/labs/{lab}/grades`.
    struct Grades: Encodable {
        struct Grade: Encodable {
            var student: Student
            var attempt: Attempt
        }

        var lab: String
        var grades: [Grade]
    }

}
