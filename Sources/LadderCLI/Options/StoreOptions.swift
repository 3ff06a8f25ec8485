import ArgumentParser
import LadderCore
import LadderStore

/// Options for commands that read the results store.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The results database (default: $LADDER_STORE, else ~/.local/share/ladder/ladder.sqlite).",
            valueName: "file"))
    var store: String?

    @OptionGroup var catalog: CatalogOptions

    func openStore() throws -> SQLiteResultStore {
        try LadderEnvironment.openStore(path: store)
    }

    /// The results store, opened for reading only: showing progress and history needs no write access to it.
    func openStoreForReading() throws -> SQLiteResultStore {
        try SQLiteResultStore(readingAt: StoreLocation.resolve(store))
    }
}
