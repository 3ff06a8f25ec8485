import ArgumentParser

extension LadderCommand {
    /// `ladder catalog`: the catalog as a whole.
    struct CatalogCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "catalog", abstract: "Subscribe to catalogs of labs, and check a catalog as a whole.",
            subcommands: [Add.self, Update.self, List.self, Remove.self, Check.self])
    }
}
