import Testing
import RelnotesCore

@Suite("release planner")
struct ReleasePlannerTests {
    private static let date = Timestamp(seconds: 1_717_200_000)

    private func history() -> InMemoryHistory {
        var builder = HistoryBuilder()
        builder.commit("feat: first")
        builder.tag("v1.0.0")
        builder.commit("feat(api): add widgets")
        builder.commit("fix: mend gears")
        return builder.history
    }

    private func planned(_ version: String = "1.1.0") -> ReleasePartitioner.PlannedRelease {
        .init(version: SemanticVersion(version)!, tagName: "v\(version)", date: Self.date)
    }

    private let chart = """
        apiVersion: v2
        name: operator
        # the chart's own version
        version: 1.0.0
        appVersion: "v1.0.0"
        """

    @Test("the changelog's Unreleased section becomes an empty Unreleased section and the release's section, every other byte kept")
    func changelogSection() throws {
        let existing = "# Changelog\n\nHand-written intro.\n\n## [Unreleased]\n\n- stale\n\n## [1.0.0] - 2024-01-01\n\n- first\n"
        let plan = try ReleasePlanner(configuration: Configuration(), links: nil)
            .plan(planned(), in: history(), tagMessage: "v1.1.0\n") { $0 == "CHANGELOG.md" ? existing : nil }
        let changelog = try #require(plan.files.first)
        #expect(changelog.path == "CHANGELOG.md")
        #expect(changelog.oldText == existing)
        #expect(changelog.newText.hasPrefix("# Changelog\n\nHand-written intro.\n\n## Unreleased\n\nNo notable changes.\n\n## 1.1.0 - 2024-06-01\n"))
        #expect(changelog.newText.contains("- **api:** add widgets"))
        #expect(!changelog.newText.contains("stale"))
        #expect(changelog.newText.hasSuffix("## [1.0.0] - 2024-01-01\n\n- first\n"))
    }

    @Test("a missing changelog file is created with the header and the release's section")
    func newChangelog() throws {
        let plan = try ReleasePlanner(configuration: Configuration(), links: nil)
            .plan(planned(), in: history(), tagMessage: "") { _ in nil }
        #expect(plan.files.count == 1)
        #expect(plan.files[0].oldText == nil)
        #expect(plan.files[0].newText.hasPrefix("# Changelog\n\n## Unreleased\n\nNo notable changes.\n\n## 1.1.0 - 2024-06-01\n"))
    }

    @Test("every version file in force is set; several entries of one file make one change")
    func versionFiles() throws {
        var configuration = Configuration()
        configuration.changelogFile = "docs/CHANGES.md"
        configuration.versionFiles = [
            VersionFile(path: "charts/op/Chart.yaml", locator: .key("version")),
            VersionFile(path: "VERSION", locator: .pattern("\\A(.*)$")),
            VersionFile(path: "charts/op/Chart.yaml", locator: .key("appVersion"), value: "{tag}"),
            VersionFile(path: "other/package.json", locator: .key("version"), component: "other"),
        ]
        let files = ["charts/op/Chart.yaml": chart, "VERSION": "1.0.0\n", "docs/CHANGES.md": "# Changelog\n"]
        let plan = try ReleasePlanner(configuration: configuration, links: nil)
            .plan(planned(), in: history(), tagMessage: "") { files[$0] }
        #expect(plan.files.map(\.path) == ["docs/CHANGES.md", "charts/op/Chart.yaml", "VERSION"])
        #expect(plan.files[1].newText == chart.replacingOccurrences(of: "version: 1.0.0", with: "version: 1.1.0").replacingOccurrences(of: "\"v1.0.0\"", with: "\"v1.1.0\""))
        #expect(plan.files[2].newText == "1.1.0\n")
        #expect(plan.changedFiles.count == 3)
    }

    @Test("a version file that is missing, or whose key matches nothing, stops the plan")
    func versionFileErrors() throws {
        var configuration = Configuration()
        configuration.versionFiles = [VersionFile(path: "Chart.yaml", locator: .key("version"))]
        #expect(throws: VersionFileError.self) {
            try ReleasePlanner(configuration: configuration, links: nil).plan(planned(), in: history(), tagMessage: "") { _ in nil }
        }
        configuration.versionFiles = [VersionFile(path: "Chart.yaml", locator: .key("image.tag"))]
        #expect(throws: VersionFileError.self) {
            try ReleasePlanner(configuration: configuration, links: nil).plan(planned(), in: history(), tagMessage: "") { $0 == "Chart.yaml" ? chart : nil }
        }
    }

    @Test("the commit message fills {tag} and {version} and ends in a newline", arguments: [
        ("chore(release): {tag}", "chore(release): v1.1.0\n"),
        ("release {version}\n\nTag: {tag}", "release 1.1.0\n\nTag: v1.1.0\n"),
    ])
    func commitMessage(template: String, expected: String) throws {
        var configuration = Configuration()
        configuration.releaseCommitMessage = template
        let plan = try ReleasePlanner(configuration: configuration, links: nil)
            .plan(planned(), in: history(), tagMessage: "the tag\n") { _ in nil }
        #expect(plan.commitMessage == expected)
        #expect(plan.tagMessage == "the tag\n")
        #expect(plan.tagName == "v1.1.0")
    }
}

extension String {
    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        var index = startIndex
        while index < endIndex {
            if self[index...].hasPrefix(target) {
                return self[..<index] + replacement + self[self.index(index, offsetBy: target.count)...]
            }
            index = self.index(after: index)
        }
        return self
    }
}
