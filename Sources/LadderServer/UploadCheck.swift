import Foundation
import LadderGit

/// The check of a learner's uploaded pack before the server keeps it: unpacked into a temporary bare repository (so
/// every object's id is verified against its content) and required to hold the commit to grade.
enum UploadCheck {
    static func verify(_ pack: Data, commit: String) throws {
        let directory = NSTemporaryDirectory() + "/ladder-upload-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        do {
            _ = try Repository.unpack(pack, into: directory, commit: commit)
        } catch let error as GitError {
            throw APIError(.badRequest, "the submission is not a usable git pack: \(error.message)")
        }
    }
}
