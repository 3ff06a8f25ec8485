import Testing

@Test func placeholderLadderSandbox() {
    #expect(Bool(true))
}
