import ArgumentParser

extension LadderCommand {
    /// `ladder catalog`: the catalog as a whole.
    struct CatalogCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog", abstract: "Check the catalog as a whole.", subcommands: [Check.self])
    }
}
