import Testing

@Test func placeholderLadderGit() {
    #expect(Bool(true))
}
