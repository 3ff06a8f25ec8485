import Testing

@Test func placeholderLadderGrading() {
    #expect(Bool(true))
}
