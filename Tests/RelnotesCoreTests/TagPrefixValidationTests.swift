import Testing
import RelnotesCore

@Suite("tag_prefix must be able to start a git tag name")
struct TagPrefixValidationTests {
    @Test("a prefix git would refuse in a ref name is a configuration error with file and line", arguments: [
        ("v\\n", "line break"), ("v\\r", "line break"), ("v\\u0007", "control character"), ("v\\u001b[31m", "control character"),
        ("re lease-", "space"), ("v~", "'~'"), ("v^", "'^'"), ("v:", "':'"), ("v?", "'?'"), ("v*", "'*'"), ("v[", "'['"),
        ("v\\\\", "'\\'"), ("a..b", "'..'"), ("v@{", "'@{'"), ("/v", "starts with"), ("a//b", "'//'"),
    ])
    func rejected(prefix: String, problem: String) {
        let error = #expect(throws: ConfigurationError.self) {
            try ConfigurationParser().parse("# settings\ntag_prefix = \"\(prefix)\"\n", file: ".relnotes.toml")
        }
        #expect(error?.message.hasPrefix(".relnotes.toml:2: tag_prefix: ") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(problem) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("\n") == false)
        #expect(error?.message.contains("\u{1B}") == false)
        #expect(error?.category == .configuration)
    }

    @Test("usual prefixes are accepted", arguments: ["", "v", "release/", "api-v", "app@", "V_", "tools/cli-v"])
    func accepted(prefix: String) throws {
        #expect(try ConfigurationParser().parse("tag_prefix = \"\(prefix)\"\n", file: ".relnotes.toml").tagPrefix == prefix)
    }
}
