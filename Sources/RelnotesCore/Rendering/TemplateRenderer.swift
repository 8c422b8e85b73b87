import Foundation
import Mustache

/// Renders a ``ChangelogDocument`` with a Mustache template (`--template FILE`).
///
/// The template sees exactly the JSON of `--format json`, with `null` fields absent (so
/// `{{#compare_url}}…{{/compare_url}}` tests for a link). Output is text: `{{name}}` is not
/// HTML-escaped.
public struct TemplateRenderer: Sendable {
    private let template: MustacheTemplate

    /// Parses `text`; `file` names it in errors.
    ///
    /// - Throws: ``TemplateError`` with the line and column of a syntax error.
    public init(template text: String, file: String) throws(TemplateError) {
        // The pragma switches off HTML escaping. On a line of its own it renders as nothing;
        // error line numbers are shifted back by that line.
        let pragma = "{{% CONTENT_TYPE: TEXT}}\n"
        do {
            template = try MustacheTemplate(string: pragma + text)
        } catch let error as MustacheTemplate.ParserError {
            let line = max(1, error.context.lineNumber - 1)
            throw TemplateError(file: file, line: line, column: error.context.columnNumber, problem: Self.describe(error.error))
        } catch {
            throw TemplateError(file: file, line: nil, column: nil, problem: "\(error)")
        }
    }

    /// The rendered text.
    public func render(_ document: ChangelogDocument) -> String {
        template.render(document.json.mustacheContext)
    }

    private static func describe(_ error: any Error) -> String {
        guard let error = error as? MustacheTemplate.Error else { return "\(error)" }
        switch error {
        case .sectionCloseNameIncorrect: return "a section is closed with a name that does not match the section it closes"
        case .unfinishedName: return "a tag is not finished (missing }})"
        case .expectedSectionEnd: return "a section is never closed ({{/name}} missing)"
        default: return "\(error)"
        }
    }
}

/// A template file that cannot be used: file, line and column, and what is wrong.
public struct TemplateError: RelnotesError, Equatable {
    public var file: String
    public var line: Int?
    public var column: Int?
    public var problem: String
    public var category: ErrorCategory { .usage }

    public init(file: String, line: Int?, column: Int?, problem: String) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    public var message: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(problem)"
    }

    public var hint: String? { "see docs/formats.md for the template syntax and data" }
}
