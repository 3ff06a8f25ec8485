import Testing

@Test func placeholderLadderStore() {
    #expect(Bool(true))
}
