import Foundation
import LadderGrading
import LadderModel
import LadderTOML
import Testing

@testable import LadderCore

/// `--stage N`: which stage an argument names, and the lab and tests cut to stages 1 to N.
@Suite struct StageSelectionTests {
    let lab: Lab

    init() throws {
        var text = "id = \"three\"\ntitle = \"Three\"\nversion = \"1.0.0\"\nsummary = \"S.\"\nrung = \"junior\"\n"
        text +=
            "competencies = [\"languages.python\"]\npass-mark = 30\n[[languages]]\nid = \"python\"\nrun = [\"python3\", \"main.py\"]\n"
        for id in ["a", "b", "c"] {
            text += "[[stages]]\nid = \"\(id)\"\ntitle = \"Stage \(id)\"\npoints = 10\n"
        }
        lab = try Lab.decode(TOMLDocument.parse(text, file: "lab.toml"), directory: "/labs/three")
    }

    func spec(_ stages: [String], stretch: String? = nil) -> GraderSpec {
        GraderSpec(
            directory: "/g",
            stages: stages.map { id in
                GraderStage(
                    id: id,
                    tests: [
                        GraderTest(
                            id: "t", title: "t", points: 10, feedback: nil, limits: nil,
                            kind: .io(IOCheck(stdout: .inline("x"))),
                            required: id != stretch)
                    ])
            })
    }

    @Test func aStageIsNamedByNumberOrID() throws {
        #expect(try StageSelection("2", in: lab).stage.id == "b")
        #expect(try StageSelection("c", in: lab).number == 3)
        for bad in ["0", "4", "d", ""] {
            #expect(throws: LadderError.self) { try StageSelection(bad, in: lab) }
        }
    }

    @Test func theCutKeepsStagesUpToTheOneNamedAndPassesOnTheirRequiredTests() throws {
        let (cutLab, cutSpec) = try StageSelection("b", in: lab).cut(lab, spec(["a", "b", "c"], stretch: "b"))
        #expect(cutLab.stages.map(\.id) == ["a", "b"])
        #expect(cutSpec.stages.map(\.id) == ["a", "b"])
        #expect(cutLab.passMark == 10, "only stage a's test is required")
    }

    @Test func visibleTestsInStagesOfTheirOwnAllRun() throws {
        let (_, cutSpec) = try StageSelection("1", in: lab).cut(lab, spec(["visible"]))
        #expect(cutSpec.stages.map(\.id) == ["visible"])
    }
}
