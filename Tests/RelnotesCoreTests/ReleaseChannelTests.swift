import RelnotesCore
import Testing

@Suite("release channels: [branches]")
struct ReleaseChannelTests {
    private func parse(_ text: String) throws(ConfigurationError) -> Configuration {
        try ConfigurationParser().parse(text, file: ".relnotes.toml")
    }

    private func configuration(_ text: String) throws -> Configuration {
        try parse("[branches]\n" + text)
    }

    private func plan(_ history: HistoryBuilder, _ configuration: Configuration, branch: String?, pre: String? = nil, bump: BumpLevel? = nil) throws -> VersionPlan {
        try VersionPlanner(configuration: configuration).plan(in: history.history, request: VersionRequest(prereleaseIdentifier: pre, bump: bump, branch: branch))
    }

    // MARK: Configuration

    @Test("[branches] entries are read in the order written, names and globs alike")
    func readsEntries() throws {
        let configuration = try configuration("main = { prerelease = \"next\" }\n\"1.x\" = { maintenance = true }\n\"release/*\" = { maintenance = true }\n")
        #expect(configuration.branches == [
            ReleaseChannel(pattern: "main", kind: .prerelease("next")),
            ReleaseChannel(pattern: "1.x", kind: .maintenance),
            ReleaseChannel(pattern: "release/*", kind: .maintenance),
        ])
    }

    @Test("a branch takes the entry naming it exactly, else the first glob matching it", arguments: [
        ("main", "main"), ("release/1.x", "release/1.x"), ("release/2.x", "release/*"), ("feature/x", nil), ("release/a/1.x", nil),
    ] as [(String, String?)])
    func channelLookup(branch: String, pattern: String?) throws {
        let configuration = try configuration("\"release/*\" = { maintenance = true }\nmain = { prerelease = \"next\" }\n\"release/1.x\" = { prerelease = \"beta\" }\n")
        #expect(configuration.channel(forBranch: branch)?.pattern == pattern)
    }

    @Test("a wrong [branches] entry names the file, the line and the key", arguments: [
        ("main = { prerelease = \"next\", maintenance = true }\n", 2, "branches.main.maintenance", "cannot be set together"),
        ("main = { prerelase = \"next\" }\n", 2, "branches.main.prerelase", "unknown key"),
        ("\n\"1.x\" = { maintenance = 1 }\n", 3, "branches.1.x.maintenance", "expected true or false"),
        ("main = { }\n", 2, "branches.main", "needs prerelease"),
        ("main = \"next\"\n", 2, "branches.main", "expected an inline table"),
        ("main = { prerelease = \"1\" }\n", 2, "branches.main.prerelease", "not a prerelease identifier"),
        ("main = { prerelease = \"a.b\" }\n", 2, "branches.main.prerelease", "not a prerelease identifier"),
        ("legacy = { maintenance = true }\n", 2, "branches.legacy.maintenance", "names no version line"),
        ("\"a b\" = { maintenance = true }\n", 2, "branches.a b", "not a branch name or glob"),
        ("\"release/[1\" = { maintenance = true }\n", 2, "branches.release/[1", "'['"),
    ])
    func errors(text: String, line: Int, key: String, problem: String) throws {
        let error = #expect(throws: ConfigurationError.self) { try configuration(text) }
        #expect(error?.line == line)
        #expect(error?.key == key)
        #expect(error?.message.contains(problem) == true, "\(error?.message ?? "")")
        #expect(error?.category == .configuration)
    }

    @Test("a maintenance branch name's last part gives its line", arguments: [
        ("1.x", "1.x"), ("1.x.x", "1.x"), ("release/2.x", "2.x"), ("1.2.x", "1.2.x"), ("1.2", "1.2.x"), ("v1.x", nil), ("1", nil), ("1.2.3", nil), ("01.x", nil), ("main", nil),
    ] as [(String, String?)])
    func maintenanceLines(branch: String, line: String?) {
        #expect(MaintenanceLine(branch: branch)?.description == line)
    }

    // MARK: Prerelease channels

    @Test("a prerelease channel numbers past the highest <core>-ID.N tag HEAD contains, without --pre")
    func prereleaseNumbering() throws {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag("v22.1.0")
        history.commit("feat: a")
        history.tag("v22.2.0-next.3")
        history.commit("fix: b")
        history.tag("v22.2.0-next.4")
        history.commit("feat: c")
        let configuration = try configuration("main = { prerelease = \"next\" }\n")
        let plan = try plan(history, configuration, branch: "main")
        #expect(plan.nextTagName == "v22.2.0-next.5")
        #expect(plan.channel?.explanation == "main: prerelease \"next\" ([branches] main)")
        #expect(VersionPlanExplainer().explanation(of: plan).contains("channel         main: prerelease \"next\" ([branches] main)\n"))
    }

    @Test("--pre wins over a channel's prerelease, and a branch of no channel releases stable")
    func preWins() throws {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag("v1.0.0")
        history.commit("feat: more")
        let configuration = try configuration("main = { prerelease = \"next\" }\n")
        let overridden = try plan(history, configuration, branch: "main", pre: "rc")
        #expect(overridden.nextTagName == "v1.1.0-rc.1")
        #expect(overridden.channel?.overriddenByPre == true)
        #expect(try plan(history, configuration, branch: "feature/x").nextTagName == "v1.1.0")
        #expect(try plan(history, configuration, branch: "feature/x").channel == nil)
        #expect(try plan(history, configuration, branch: nil).nextTagName == "v1.1.0")
    }

    // MARK: Maintenance lines

    @Test("a maintenance line releases the patches and features that stay on it", arguments: [
        ("1.x", "fix: a", "v1.4.1"), ("1.x", "feat: b", "v1.5.0"), ("1.4.x", "fix: a", "v1.4.1"), ("release/1.x", "feat: b", "v1.5.0"),
    ])
    func maintenanceStays(branch: String, message: String, expected: String) throws {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag("v1.4.0")
        history.commit(message)
        let configuration = try configuration("\"1.x\" = { maintenance = true }\n\"1.4.x\" = { maintenance = true }\n\"release/*\" = { maintenance = true }\n")
        let plan = try plan(history, configuration, branch: branch)
        #expect(plan.nextTagName == expected)
        #expect(plan.channel?.line != nil)
    }

    @Test("a bump that would leave the maintenance line is an error naming the line", arguments: [
        ("1.x", "feat!: redo", nil, "maintenance line 1.x", "breaking change since v1.4.0 calls for 2.0.0"),
        ("1.4.x", "feat: b", nil, "maintenance line 1.4.x", "a feat since v1.4.0 calls for 1.5.0"),
        ("1.x", "fix: a", BumpLevel.major, "maintenance line 1.x", "--bump major"),
    ] as [(String, String, BumpLevel?, String, String)])
    func leavingTheLine(branch: String, message: String, bump: BumpLevel?, line: String, cause: String) throws {
        var history = HistoryBuilder()
        history.commit("feat: first")
        history.tag("v1.4.0")
        history.commit(message)
        let configuration = try configuration("\"1.x\" = { maintenance = true }\n\"1.4.x\" = { maintenance = true }\n")
        let error = #expect(throws: HistoryError.self) { try plan(history, configuration, branch: branch, bump: bump) }
        #expect(error?.message.contains(line) == true, "\(error?.message ?? "")")
        #expect(error?.message.contains(cause) == true, "\(error?.message ?? "")")
        #expect(error?.hint?.isEmpty == false)
        #expect(error?.category == .repository)
    }

    @Test("a maintenance glob matching a branch whose name gives no line is a usage error")
    func globWithoutLine() throws {
        var history = HistoryBuilder()
        history.commit("fix: a")
        let configuration = try configuration("\"release/*\" = { maintenance = true }\n")
        let error = #expect(throws: UsageError.self) { try plan(history, configuration, branch: "release/legacy") }
        #expect(error?.message.contains("release/legacy") == true)
    }
}
