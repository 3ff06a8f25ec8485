import ArgumentParser
import Foundation
import LadderCore
import LadderGit
import LadderModel

/// `ladder catalog add | update | list | remove`: the catalogs a learner subscribes to.
extension LadderCommand.CatalogCommand {
    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add", abstract: "Subscribe to a catalog: clone its git repository and list its labs.",
            discussion: """
                URL is a path, a file:// URL or an https:// URL; for a private https repository the token is read \
                from $LADDER_GIT_TOKEN or $GITHUB_TOKEN and never printed or stored. The catalog's labs then show \
                in `ladder list`, and `ladder start LAB` (or NAME/LAB when two catalogs have the lab) starts one; \
                the repository it makes remembers the catalog, so `ladder test` and `ladder submit` need no flag. \
                The list lives in $XDG_CONFIG_HOME/ladder/catalogs.toml (~/.config/ladder), the clones in \
                $XDG_DATA_HOME/ladder/catalogs (~/.local/share/ladder).
                """)

        @Argument(help: ArgumentHelp("The name to know it by, like backend-course.", valueName: "name"))
        var name: String
        @Argument(help: ArgumentHelp("Its git repository.", valueName: "url"))
        var url: String

        func run() async throws {
            let added = try CatalogSubscriptions.forUser().add(name: name, url: url, token: Credentials.gitToken())
            let labs = added.catalog.labs
            print(
                "Subscribed to \(Terminal.bold(name)) (\(added.subscription.url)): \(labs.count) lab"
                    + (labs.count == 1 ? "" : "s") + ". `ladder list` shows them.")
            if added.carriesGraders {
                Terminal.note(
                    Terminal.yellow("warning: ")
                        + "\(name) carries Graders/: its hidden tests are now on this disk. A course's public catalog "
                        + "should hold Labs/ only, with the graders on the course's grading machines.")
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "update",
            abstract: "Fetch the subscribed catalogs (or one) and fast-forward them; show what labs are new or changed."
        )

        @Argument(help: ArgumentHelp("The catalog to update (default: every one).", valueName: "name"))
        var name: String?

        func run() async throws {
            let subscriptions = try CatalogSubscriptions.forUser()
            let chosen = try name.map { [try subscriptions.named($0)] } ?? subscriptions.all()
            if chosen.isEmpty {
                Terminal.note("no subscribed catalogs; subscribe with `ladder catalog add NAME URL`")
                return
            }
            var failed = 0
            for subscription in chosen {
                do {
                    let updated = try subscriptions.update(subscription, token: Credentials.gitToken())
                    switch updated.fastForward {
                    case .upToDate:
                        print("\(Terminal.bold(subscription.name)): up to date")
                    case .advanced(let from, let to):
                        print("\(Terminal.bold(subscription.name)): \(from.id.prefix(10))..\(to.id.prefix(10))")
                    }
                    for id in updated.newLabs { print("  new      \(id)") }
                    for change in updated.changedLabs {
                        print("  changed  \(change.id) \(change.from) -> \(change.to)")
                    }
                    for id in updated.removedLabs { print("  removed  \(id)") }
                } catch {
                    failed += 1
                    Terminal.note(Terminal.red("error: ") + "\(error)")
                }
            }
            if failed > 0 { throw ExitCode.failure }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list", abstract: "List the subscribed catalogs: name, repository, labs, last commit.")

        func run() async throws {
            let subscriptions = try CatalogSubscriptions.forUser()
            let all = try subscriptions.all()
            if all.isEmpty {
                Terminal.note("no subscribed catalogs; subscribe with `ladder catalog add NAME URL`")
                return
            }
            for subscription in all {
                let labs =
                    (try? subscriptions.catalog(of: subscription).labs.count).map { "\($0) lab\($0 == 1 ? "" : "s")" }
                    ?? "unreadable"
                let head = (try? Repository.open(at: subscription.root).head()).map {
                    "\($0.id.prefix(10)) \(Terminal.minute($0.time))"
                }
                print(
                    "\(subscription.name)\t\(subscription.url)\t\(labs)\t\(head ?? "no clone: `ladder catalog update \(subscription.name)`")"
                )
            }
        }
    }

    struct Remove: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "remove", abstract: "Unsubscribe from a catalog and delete its clone.")

        @Argument(help: ArgumentHelp("The catalog's name.", valueName: "name"))
        var name: String

        func run() async throws {
            let subscriptions = try CatalogSubscriptions.forUser()
            try subscriptions.remove(try subscriptions.named(name))
            print("Removed \(name). Repositories started from it keep working once it is added again under that name.")
        }
    }
}
