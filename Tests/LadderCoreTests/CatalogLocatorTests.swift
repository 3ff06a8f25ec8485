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
        let relative = String(repeating: "../", count: FileManager.default.currentDirectoryPath.split(separator: "/").count)
            + catalog.path.dropFirst()
        let locator = CatalogLocator(explicitPath: relative, environment: [:], executablePath: elsewhere.file("bin/ladder"))
        #expect(try locator.locate() == catalog.path)
    }

    @Test func anExplicitPathWithoutACatalogIsAnError() {
        let locator = CatalogLocator(explicitPath: elsewhere.path, environment: ["LADDER_CATALOG": catalog.path], executablePath: catalog.file(".build/debug/ladder"))
        #expect {
            try locator.locate()
        } throws: { error in
            let error = error as! LadderError
            return error.kind == .catalogNotFound && error.message.contains("--catalog points at \(elsewhere.path)")
                && error.message.contains("Labs/competencies.toml")
        }
    }

    @Test func theEnvironmentComesNext() throws {
        let locator = CatalogLocator(environment: ["LADDER_CATALOG": catalog.path], executablePath: elsewhere.file("bin/ladder"))
        #expect(try locator.locate() == catalog.path)
    }

    @Test func aWrongEnvironmentIsNamedInTheError() {
        let locator = CatalogLocator(environment: ["LADDER_CATALOG": elsewhere.path], executablePath: catalog.file(".build/debug/ladder"))
        #expect {
            try locator.locate()
        } throws: { error in
            (error as! LadderError).message.contains("$LADDER_CATALOG points at \(elsewhere.path)")
        }
    }

    @Test func anEmptyEnvironmentVariableIsIgnored() throws {
        let locator = CatalogLocator(environment: ["LADDER_CATALOG": ""], executablePath: catalog.file(".build/debug/ladder"))
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
            return error.kind == .catalogNotFound && error.message.contains("no lab catalog found above \(elsewhere.file("bin/ladder"))")
                && error.message.contains("--catalog") && error.message.contains("LADDER_CATALOG")
        }
    }

    @Test func theRepositoryItselfIsACatalog() throws {
        let locator = CatalogLocator(environment: [:], executablePath: CoreBox.repositoryRoot + "/.build/debug/ladder")
        #expect(try locator.locate() == CoreBox.repositoryRoot)
    }
}
