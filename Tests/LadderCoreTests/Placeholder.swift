import Testing

@Test func placeholderLadderCore() {
    #expect(Bool(true))
}
