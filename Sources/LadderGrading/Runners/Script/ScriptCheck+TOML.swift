import Foundation
import LadderModel
import LadderTOML

extension ScriptCheck {
    init(reading reader: inout TOMLReader) throws(ManifestError) {
        let command = try reader.require("command") { field throws(ManifestError) in try field.command() }
        let format = try reader.require("format", as: ScriptReportFormat.self)
        let withService = try reader.optional("service", as: Bool.self) ?? false
        let profile = try reader.optional("profile", as: String.self) ?? "python"
        self.init(command: command, format: format, withService: withService, profile: profile)
    }
}

extension ScriptReportFormat: TOMLDecodable {
    public static func decode(_ field: TOMLField) throws(ManifestError) -> ScriptReportFormat {
        ScriptReportFormat(rawValue: try field.oneOf(allCases.map(\.rawValue)))!
    }
}
