import Testing

@Test func placeholderLadderModel() {
    #expect(Bool(true))
}
