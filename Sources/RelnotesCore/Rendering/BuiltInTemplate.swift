/// The templates built into relnotes, chosen by name with `--template NAME`.
///
/// `relnotes templates NAME` prints one, to start a template of your own from it. The copies in
/// `docs/templates/` are the same text (a test checks that they are identical).
public enum BuiltInTemplate: String, CaseIterable, Sendable {
    /// Keep a Changelog layout (keepachangelog.com 1.1.0), with link references at the end.
    case keepAChangelog = "keep-a-changelog"
    /// One line per commit: short id and header, breaking ones marked.
    case compact = "compact"
    /// GitHub Release body style: each release's groups with authors and pull-request links.
    case github = "github"

    /// The name given to `--template`.
    public var name: String { rawValue }

    /// The built-in template called `name`, or `nil` when there is none.
    public init?(name: String) {
        self.init(rawValue: name)
    }

    /// What the template gives, in one line.
    public var summary: String {
        switch self {
        case .keepAChangelog: "Keep a Changelog layout (keepachangelog.com 1.1.0), with link references at the end."
        case .compact: "One line per commit: short id and header, breaking ones marked."
        case .github: "GitHub Release body style: each release's groups with authors and pull-request links."
        }
    }

    /// The template's text (Mustache, over the data of `--format json`).
    public var text: String {
        switch self {
        case .keepAChangelog: Self.keepAChangelogText
        case .compact: Self.compactText
        case .github: Self.githubText
        }
    }

    private static let keepAChangelogText = #"""
        # Changelog

        All notable changes to this project are documented in this file.
        The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/),
        and this project adheres to [Semantic Versioning](https://semver.org/spec/v2.0.0.html).
        {{#releases}}

        ## [{{title}}]{{#date}} - {{date}}{{/date}}
        {{^empty(breaking_changes)}}

        ### Breaking Changes

        {{#breaking_changes}}
        - {{#scope}}**{{scope}}:** {{/scope}}{{summary}}{{#breaking_note}}: {{breaking_note}}{{/breaking_note}}
        {{/breaking_changes}}
        {{/empty(breaking_changes)}}
        {{#groups}}

        ### {{title}}

        {{#commits}}
        - {{#scope}}**{{scope}}:** {{/scope}}{{#conventional}}{{summary}}{{/conventional}}{{^conventional}}{{header}}{{/conventional}}{{#pull_request_url}} ([#{{pull_request}}]({{pull_request_url}})){{/pull_request_url}}
        {{/commits}}
        {{#groups}}
        #### {{title}}

        {{#commits}}
        - {{summary}}
        {{/commits}}

        {{/groups}}
        {{/groups}}
        {{/releases}}

        {{#releases}}
        {{#compare_url}}
        [{{title}}]: {{compare_url}}
        {{/compare_url}}
        {{/releases}}

        """#

    private static let compactText = #"""
        {{#releases}}
        {{title}}{{#date}} ({{date}}){{/date}}
        {{#commits}}
          {{short_id}} {{header}}{{#breaking}} [BREAKING]{{/breaking}}
        {{/commits}}
        {{^commits}}
          (no commits)
        {{/commits}}

        {{/releases}}

        """#

    private static let githubText = #"""
        {{#releases}}
        ## {{title}}
        {{^empty(breaking_changes)}}

        ### Breaking Changes

        {{#breaking_changes}}
        * {{#scope}}**{{scope}}:** {{/scope}}{{summary}}{{#breaking_note}}: {{breaking_note}}{{/breaking_note}}{{#pull_request_url}} in {{pull_request_url}}{{/pull_request_url}}
        {{/breaking_changes}}
        {{/empty(breaking_changes)}}
        {{#groups}}

        ### {{title}}

        {{#commits}}
        * {{#scope}}**{{scope}}:** {{/scope}}{{#conventional}}{{summary}}{{/conventional}}{{^conventional}}{{header}}{{/conventional}} by {{author.name}}{{#pull_request_url}} in {{pull_request_url}}{{/pull_request_url}}{{^pull_request_url}}{{#url}} in {{url}}{{/url}}{{/pull_request_url}}
        {{/commits}}
        {{#groups}}

        #### {{title}}

        {{#commits}}
        * {{#conventional}}{{summary}}{{/conventional}}{{^conventional}}{{header}}{{/conventional}} by {{author.name}}{{#pull_request_url}} in {{pull_request_url}}{{/pull_request_url}}{{^pull_request_url}}{{#url}} in {{url}}{{/url}}{{/pull_request_url}}
        {{/commits}}
        {{/groups}}
        {{/groups}}
        {{#empty}}

        No notable changes.
        {{/empty}}
        {{#compare_url}}

        **Full Changelog**: {{compare_url}}
        {{/compare_url}}

        {{/releases}}

        """#
}
