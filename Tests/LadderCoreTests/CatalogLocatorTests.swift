import Foundation
import Testing

@testable import LadderCore

/// `CatalogLocator`: --catalog, then $LADDER_CATALOG, then the nearest catalog above the executable.
@Suite struct CatalogLocatorTests {
    let catalog: TemporaryDirectory
    let elsewhere: TemporaryDirectory

    init() throws {
        catalog = try TemporaryDirectory("locator")
        try catalog.write("Labs/competencies.toml", "")
        try catalog.write(".build/debug/ladder", "")
        elsewhere = try TemporaryDirectory("nowhere")
        try elsewhere.write("bin/ladder", "")
    }

    @Test func anExplicitPathWinsAndIsStandardized() throws {
        let locator = CatalogLocator(
            explicitPath: catalog.path + "/Labs/..", environment: ["LADDER_CATALOG": elsewhere.path],
            executablePath: elsewhere.file("bin/ladder"))
        #expect(try locator.locate() == catalog.path)
    }

    @Test func aRelativeExplicitPathIsResolvedFromTheCurrentDirectory() throws {
        let relative =
            String(repeating: "../", count: FileManager.default.currentDirectoryPath.split(separator: "/").count)
            + catalog.path.dropFirst()
        let locator = CatalogLocator(
            explicitPath: relative, environment: [:], executablePath: elsewhere.file("bin/ladder"))
        #expect(try locator.locate() == catalog.path)
    }

    /// Paths are resolved by name as `URL.standardizedFileURL` resolves them, without `URL`.
    @Test func pathsAreMadeAbsoluteAndStandardizedByName() {
        for path in ["/a/b/../c/./d", "/a//b/", "/..", "/", "/a/b/../../..", "/x/.hidden/..y", "/a/b/c/.."] {
            #expect(
                CatalogLocator.absolute(path) == URL(fileURLWithPath: path).standardizedFileURL.path,
                "\(path) resolved differently from URL")
        }
        let cwd = FileManager.default.currentDirectoryPath
        #expect(CatalogLocator.absolute("x/../y") == URL(fileURLWithPath: cwd + "/y").standardizedFileURL.path)
        #expect(CatalogLocator.parent(of: "/a/b/c") == "/a/b")
        #expect(CatalogLocator.parent(of: "/a") == "/")
        #expect(CatalogLocator.parent(of: "/") == "/")
    }

    @Test func anExplicitPathWithoutACatalogIsAnError() {
        let locator = CatalogLocator(
            explicitPath: elsewhere.path, environment: ["LADDER_CATALOG": catalog.path],
            executablePath: catalog.file(".build/debug/ladder"))
        #expect {
            try locator.locate()
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .catalogNotFound && error.message.contains("--catalog points at \(elsewhere.path)")
                && error.message.contains("Labs/competencies.toml")
        }
    }

    @Test func theEnvironmentComesNext() throws {
        let locator = CatalogLocator(
            environment: ["LADDER_CATALOG": catalog.path], executablePath: elsewhere.file("bin/ladder"))
        #expect(try locator.locate() == catalog.path)
    }

    @Test func aWrongEnvironmentIsNamedInTheError() {
        let locator = CatalogLocator(
            environment: ["LADDER_CATALOG": elsewhere.path], executablePath: catalog.file(".build/debug/ladder"))
        #expect {
            try locator.locate()
        } throws: { error in
            (error as! LadderError).message.contains("$LADDER_CATALOG points at \(elsewhere.path)")
        }
    }

    @Test func anEmptyEnvironmentVariableIsIgnored() throws {
        let locator = CatalogLocator(
            environment: ["LADDER_CATALOG": ""], executablePath: catalog.file(".build/debug/ladder"))
        #expect(try locator.locate() == catalog.path)
    }

    @Test func walkingUpFromTheExecutable() throws {
        let locator = CatalogLocator(environment: [:], executablePath: catalog.file(".build/debug/ladder"))
        #expect(try locator.locate() == catalog.path)
    }

    @Test func nothingAboveTheExecutableIsAnErrorThatSaysWhatToDo() {
        let locator = CatalogLocator(environment: [:], executablePath: elsewhere.file("bin/ladder"))
        #expect {
            try locator.locate()
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .catalogNotFound && error.message.hasPrefix("no lab catalog found")
                && error.message.contains("nor above \(elsewhere.file("bin/ladder"))")
                && error.message.contains("--catalog") && error.message.contains("LADDER_CATALOG")
        }
    }

    @Test func theRepositoryItselfIsACatalog() throws {
        let locator = CatalogLocator(environment: [:], executablePath: CoreBox.repositoryRoot + "/.build/debug/ladder")
        #expect(try locator.locate() == CoreBox.repositoryRoot)
    }

    // MARK: An installation (`make install`): bin/ladder, bin/ladder-sandbox, share/ladder/{Labs,Graders,Sandbox/profiles}

    /// A prefix laid out as `make install` lays it out; `withCatalog: false` leaves the share directory empty.
    static func installation(withCatalog: Bool = true) throws -> TemporaryDirectory {
        let prefix = try TemporaryDirectory("prefix")
        try prefix.write("bin/ladder", "")
        try prefix.write("bin/ladder-sandbox", "#!/bin/sh\n")
        chmod(prefix.file("bin/ladder-sandbox"), 0o755)
        try FileManager.default.createDirectory(atPath: prefix.file("share/ladder"), withIntermediateDirectories: true)
        if withCatalog {
            try prefix.write("share/ladder/Labs/competencies.toml", "")
            try prefix.write("share/ladder/Sandbox/profiles/default.json", "{}")
        }
        return prefix
    }

    @Test func anInstalledLadderFindsItsCatalogInTheShareDirectory() throws {
        let prefix = try Self.installation()
        let found = try CatalogLocator(environment: [:], executablePath: prefix.file("bin/ladder")).find()
        #expect(
            found == LocatedPath(prefix.file("share/ladder"), .installedShare, "the installation's share directory"))
    }

    @Test func theEnvironmentStillBeatsTheInstallation() throws {
        let prefix = try Self.installation()
        let found = try CatalogLocator(
            environment: ["LADDER_CATALOG": catalog.path], executablePath: prefix.file("bin/ladder")
        ).find()
        #expect(found == LocatedPath(catalog.path, .environment, "$LADDER_CATALOG"))
    }

    @Test func anInstallationWithoutACatalogSaysWhereItLooked() throws {
        let prefix = try Self.installation(withCatalog: false)
        #expect {
            try CatalogLocator(environment: [:], executablePath: prefix.file("bin/ladder")).locate()
        } throws: { error in
            let message = (error as! LadderError).message
            return message.contains(prefix.file("bin/../share/ladder")) && message.contains("--catalog")
        }
    }

    @Test func theLauncherIsBesideTheExecutableUnlessTheEnvironmentSaysOtherwise() throws {
        let prefix = try Self.installation()
        let beside = try CatalogLocator(environment: [:], executablePath: prefix.file("bin/ladder")).launcher()
        #expect(beside == LocatedPath(prefix.file("bin/ladder-sandbox"), .besideExecutable, "beside the executable"))
        let overridden = try CatalogLocator(
            environment: ["LADDER_SANDBOX_LAUNCHER": CoreBox.launcher], executablePath: prefix.file("bin/ladder")
        ).launcher()
        #expect(overridden == LocatedPath(CoreBox.launcher, .environment, "$LADDER_SANDBOX_LAUNCHER"))
    }

    @Test func aMissingLauncherSaysHowToGetOne() {
        #expect {
            try CatalogLocator(environment: [:], executablePath: elsewhere.file("bin/ladder")).launcher()
        } throws: { error in
            let message = (error as! LadderError).message
            return message.contains(elsewhere.file("bin/ladder-sandbox")) && message.contains("make install")
                && message.contains("LADDER_SANDBOX_LAUNCHER")
        }
        #expect {
            try CatalogLocator(
                environment: ["LADDER_SANDBOX_LAUNCHER": elsewhere.file("bin/ladder")], executablePath: CoreBox.launcher
            ).launcher()
        } throws: { error in
            (error as! LadderError).message.contains(
                "$LADDER_SANDBOX_LAUNCHER points at \(elsewhere.file("bin/ladder")), which is not an executable")
        }
    }

    @Test func theProfilesOfAnInstallationAreItsShareDirectorys() throws {
        let prefix = try Self.installation()
        let locator = CatalogLocator(environment: [:], executablePath: prefix.file("bin/ladder"))
        let installed = LocatedPath(
            prefix.file("share/ladder/Sandbox/profiles"), .installedShare, "the installation's share directory")
        #expect(try locator.profiles(catalogRoot: try locator.locate()) == installed)
        #expect(
            try locator.profiles(catalogRoot: catalog.path) == installed,
            "a catalog without profiles uses the installation's")
        try catalog.write("Sandbox/profiles/default.json", "{}")
        #expect(
            try locator.profiles(catalogRoot: catalog.path)
                == LocatedPath(catalog.file("Sandbox/profiles"), .catalog, "the catalog's own"))
    }

    @Test func theProfilesOfASourceCheckoutAndTheEnvironmentsOverride() throws {
        try catalog.write("Sandbox/profiles/default.json", "{}")
        let locator = CatalogLocator(environment: [:], executablePath: catalog.file(".build/debug/ladder"))
        #expect(
            try locator.profiles(catalogRoot: try locator.locate())
                == LocatedPath(
                    catalog.file("Sandbox/profiles"), .sourceCheckout, "the source checkout above the executable"))
        let overridden = CatalogLocator(
            environment: ["LADDER_SANDBOX_PROFILES": elsewhere.path],
            executablePath: catalog.file(".build/debug/ladder"))
        #expect(
            try overridden.profiles(catalogRoot: catalog.path)
                == LocatedPath(elsewhere.path, .environment, "$LADDER_SANDBOX_PROFILES"))
        let wrong = CatalogLocator(
            environment: ["LADDER_SANDBOX_PROFILES": elsewhere.file("none")],
            executablePath: catalog.file(".build/debug/ladder"))
        #expect {
            try wrong.profiles(catalogRoot: catalog.path)
        } throws: { error in
            (error as! LadderError).message.contains(
                "$LADDER_SANDBOX_PROFILES points at \(elsewhere.file("none")), which is not a directory")
        }
    }

    @Test func noProfilesAnywhereIsAnErrorThatSaysWhatToDo() {
        let locator = CatalogLocator(environment: [:], executablePath: elsewhere.file("bin/ladder"))
        #expect {
            try locator.profiles(catalogRoot: catalog.path)
        } throws: { error in
            let message = (error as! LadderError).message
            return message.contains(catalog.file("Sandbox/profiles")) && message.contains("LADDER_SANDBOX_PROFILES")
        }
    }
}
