import Testing

@Test func placeholderLadderCLI() {
    #expect(Bool(true))
}
