import ArgumentParser
import LadderCore
import LadderStore

/// Options for commands that read the results store.
struct StoreOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The results store: an SQLite file, or a PostgreSQL database as postgres://USER@HOST/DATABASE (default: "
                + "$LADDER_STORE, else ~/.local/share/ladder/ladder.sqlite).",
            valueName: "file-or-url"))
    var store: String?

    @OptionGroup var catalog: CatalogOptions

    func openStore() async throws -> any ResultStore {
        try await LadderEnvironment.openStore(store)
    }

    /// The results store, opened for reading only: showing progress and history needs no write access to it.
    func openStoreForReading() async throws -> any ResultStore {
        try await LadderEnvironment.openStoreForReading(store)
    }
}
