import LadderGrading
import LadderStore

extension LadderEnvironment {
    /// A stored attempt as a grade report, with the titles and hints of this catalog's grader of its lab; nil when the
    /// catalog has no such lab or cannot read its grader.
    public func report(of detail: AttemptDetail, learner: String) -> GradeReport? {
        guard let lab = catalog.lab(id: detail.attempt.labID), let (spec, _) = try? graderSpec(for: lab) else {
            return nil
        }
        return GradeReport(reusing: detail, lab: lab, spec: spec, learner: learner)
    }
}
