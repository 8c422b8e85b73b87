import RelnotesCore
import Testing

@Suite("commit message rules (relnotes lint)")
struct LintTests {
    private let linter = CommitLinter(configuration: Configuration())
    private let commit = CommitID(hex: String(repeating: "ab", count: 20))!

    @Test("real-world headers get the verdicts and suggestions a reviewer would give", arguments: [
        // (message, problem or nil when it passes, suggested header)
        ("feat: add --json", nil, nil),
        ("fix(parser)!: reject tabs", nil, nil),
        ("Feat(API): upper-case type and scope are fine", nil, nil),
        ("docs: typo\n\nRefs: #12", nil, nil),
        ("Merge branch 'main' into feature", nil, nil),
        ("Merge pull request #42 from acme/x", nil, nil),
        ("Revert \"feat: add --json\"\n\nThis reverts commit abc.", nil, nil),
        ("Fix stuff", "no type", "fix: stuff"),
        ("fix stuff", "no type", "fix: stuff"),
        ("Added a button", "no type", "feat: a button"),
        ("WIP", "no type", nil),
        ("feature(cli): add x", "unknown type 'feature'", "feat(cli): add x"),
        ("feet: add x", "unknown type 'feet'", "feat: add x"),
        ("feat:add x", "expected a space after ':'", "feat: add x"),
        ("feat(api) add x", "expected ':'", "feat(api): add x"),
        ("feat(): x", "empty", nil),
        ("feat: ", "description", nil),
        ("", "the message is empty", nil),
        ("fixup! feat: add --json", "a fixup! commit", nil),
        ("squash! fix: y", "a squash! commit", nil),
    ] as [(String, String?, String?)])
    func headers(message: String, problem: String?, suggestion: String?) {
        let findings = linter.lint(message, source: .commit(commit))
        if let problem {
            #expect(findings.first?.problem.contains(problem) == true, "\(findings.map(\.problem))")
            if let suggestion { #expect(findings.first?.suggestion == suggestion) }
        } else {
            #expect(findings.isEmpty, "\(findings.map(\.summary))")
        }
    }

    @Test("the summary line names the commit, the header, the problem and the fix")
    func summary() {
        let finding = linter.lint("Fix stuff", source: .commit(commit)).first
        #expect(finding?.summary == "ababab a: \"Fix stuff\": no type; did you mean \"fix: stuff\"?".replacingOccurrences(of: "ababab a", with: commit.abbreviated()))
    }

    @Test("a commit-msg hook accepts fixup! and squash!, which are squashed before they land")
    func fixupInHook() {
        #expect(linter.lint("fixup! feat: add --json", source: .messageFile).isEmpty)
        var configuration = Configuration()
        configuration.lint.allowFixup = true
        #expect(CommitLinter(configuration: configuration).lint("fixup! x", source: .commit(commit)).isEmpty)
    }

    @Test("headers longer than the limit are reported at the first character past it")
    func length() {
        let header = "feat: " + String(repeating: "x", count: 120)
        let finding = linter.lint(header, source: .commit(commit)).first
        #expect(finding?.problem == "the header is 126 characters, more than 100")
        #expect(finding?.column == 101)
    }

    @Test("breaking-change footers must be spelled so tools see them; Release-As must be a version")
    func footers() {
        for token in ["breaking change", "Breaking-Change", "BREAKING CHANGES", "BREAKING_CHANGE"] {
            let findings = linter.lint("feat: x\n\n\(token): the api moved", source: .commit(commit))
            #expect(findings.first?.problem == "'\(token):' is not recognised as a breaking change")
            #expect(findings.first?.line == 3)
        }
        #expect(linter.lint("feat!: x\n\nBREAKING CHANGE: the api moved", source: .commit(commit)).isEmpty)
        #expect(linter.lint("feat!: x\n\nBREAKING-CHANGE: the api moved", source: .commit(commit)).isEmpty)
        #expect(linter.lint("feat: x\n\nRelease-As: soon", source: .commit(commit)).first?.problem == "Release-As: 'soon' is not a semantic version")
        #expect(linter.lint("feat: x\n\nRelease-As: 2.0.0", source: .commit(commit)).isEmpty)
        #expect(linter.lint("feat: x\nbody right below", source: .commit(commit)).first?.problem == "the second line is not blank")
    }

    @Test("extra types and an allowed-scope list come from [lint]")
    func configured() {
        var configuration = Configuration()
        configuration.lint.extraTypes = ["security"]
        configuration.lint.scopes = ["api", "cli"]
        let strict = CommitLinter(configuration: configuration)
        #expect(strict.lint("security: patch openssl", source: .commit(commit)).isEmpty)
        #expect(strict.lint("fix(cli): x", source: .commit(commit)).isEmpty)
        let finding = strict.lint("fix(web): x", source: .commit(commit)).first
        #expect(finding?.problem == "scope 'web' is not allowed")
        #expect(finding?.column == 5)
    }

    @Test("a message that was not UTF-8 is reported")
    func nonUTF8() {
        #expect(linter.lint("fix: caf\u{FFFD}", source: .commit(commit)).first?.problem == "the message is not valid UTF-8")
    }

    @Test("a message file loses comment lines and everything from the scissors line on")
    func messageFile() {
        let text = "feat: x\n\nbody\n# Please enter the commit message\n# ------------------------ >8 ------------------------\ndiff --git a b\n"
        #expect(CommitMessageFile.cleaned(text) == "feat: x\n\nbody")
        #expect(CommitMessageFile.cleaned("; note\nfix: y\n", commentCharacter: ";") == "fix: y")
    }
}

@Suite("path globs")
struct PathGlobTests {
    @Test("globs match as documented", arguments: [
        ("packages/a/**", "packages/a/src/x.swift", true),
        ("packages/a/**", "packages/ab/x", false),
        ("packages/a", "packages/a/deep/file", true),
        ("packages/a", "packages/a", true),
        ("packages/a", "packages/abc", false),
        ("packages/*/README.md", "packages/web/README.md", true),
        ("packages/*/README.md", "packages/web/docs/README.md", false),
        ("**/*.md", "README.md", true),
        ("**/*.md", "docs/deep/x.md", true),
        ("**/*.md", "docs/x.mdx", false),
        ("src/?.c", "src/a.c", true),
        ("src/?.c", "src/ab.c", false),
        ("./docs/**", "docs/x", true),
        ("/docs/**", "docs/x", true),
        ("a/**/b", "a/b", true),
        ("a/**/b", "a/x/y/b", true),
    ])
    func globs(pattern: String, path: String, matches: Bool) {
        #expect(PathGlob(pattern).matches(path) == matches)
    }

    @Test("the fixed folders of include globs are what the git layer compares first")
    func prefixes() {
        #expect(PathGlob("packages/a/**/*.ts").fixedPrefix == "packages/a")
        #expect(PathGlob("**/*.md").fixedPrefix == "")
        #expect(PathFilter(include: ["packages/a/**", "packages/a/src/**", "packages/b"]).prefixes == ["packages/a", "packages/b"])
        #expect(PathFilter(include: ["packages/a/**", "**/*.md"]).prefixes == [""])
        #expect(PathFilter(exclude: ["docs/**"]).prefixes == [""])
    }

    @Test("a commit counts when one changed path is included and not excluded")
    func filter() {
        let filter = PathFilter(include: ["packages/a/**"], exclude: ["**/*.md"])
        #expect(filter.keeps(changedPaths: ["packages/a/x.swift"]))
        #expect(!filter.keeps(changedPaths: ["packages/a/README.md"]))
        #expect(filter.keeps(changedPaths: ["packages/a/README.md", "packages/a/y.swift"]))
        #expect(!filter.keeps(changedPaths: ["packages/b/x.swift"]))
        #expect(PathFilter(exclude: ["docs/**"]).keeps(changedPaths: ["src/x"]))
    }
}

@Suite("lint never suggests what it rejects; misplaced breaking changes; several scopes")
struct LintSuggestionTests {
    private let linter = CommitLinter(configuration: Configuration())
    private let commit = CommitID(hex: String(repeating: "ab", count: 20))!

    @Test("every suggestion passes lint itself", arguments: [
        ("feat(ng:list): add x", "feat: add x"),
        ("foo(): bar", "fix: bar"),
        ("chore((part)): tidy", "chore: tidy"),
        ("Fix stuff", "fix: stuff"),
        ("feature(cli): add x", "feat(cli): add x"),
    ])
    func suggestionsPass(header: String, expected: String) throws {
        let findings = linter.lint(header, source: .commit(commit))
        #expect(!findings.isEmpty)
        let suggestion = try #require(findings.compactMap(\.suggestion).first)
        #expect(suggestion == expected)
        #expect(linter.lint(suggestion, source: .commit(commit)).isEmpty, "\(suggestion) is rejected by lint")
    }

    @Test("BREAKING CHANGE in a body paragraph or squash item is reported as misplaced, on its line")
    func misplacedBreakingChange() throws {
        let message = "feat: new loader\n\nRewrites the loader.\nBREAKING CHANGE: the old config is gone"
        let finding = try #require(linter.lint(message, source: .commit(commit)).first { $0.problem.contains("footer block") })
        #expect(finding.line == 4)
        #expect(linter.lint("feat: x\n\n* feat: a\n* BREAKING CHANGE: drops y", source: .messageFile).contains { $0.problem.contains("footer block") })
        #expect(linter.lint("feat: x\n\nBody.\n\nBREAKING CHANGE: y", source: .messageFile).isEmpty)
    }

    @Test("each scope of feat(api,cli) is checked against [lint] scopes, in any case")
    func severalScopes() {
        var configuration = Configuration()
        configuration.lint.scopes = ["api", "cli"]
        let linter = CommitLinter(configuration: configuration)
        #expect(linter.lint("feat(api,CLI): x", source: .messageFile).isEmpty)
        #expect(linter.lint("refactor(api;web): x", source: .messageFile).map(\.problem) == ["scope 'web' is not allowed"])
    }
}
