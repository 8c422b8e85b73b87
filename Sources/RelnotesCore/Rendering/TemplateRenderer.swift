import Foundation
import Mustache

/// Renders a ``ChangelogDocument`` with a Mustache template (`--template FILE|NAME`).
///
/// The template sees exactly the JSON of `--format json`, with `null` fields absent (so
/// `{{#compare_url}}…{{/compare_url}}` tests for a link). Output is text: `{{name}}` is not
/// HTML-escaped. A name the data does not have (`{{sumary}}`) is an error with its line and
/// column, not an empty string.
public struct TemplateRenderer: Sendable {
    private let template: MustacheTemplate

    /// Parses `text`; `file` names it in errors.
    ///
    /// - Throws: ``TemplateError`` with the line and column of a syntax error, or of a name
    ///   that is not in the data of `--format json`.
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
        if let problem = TemplateVariableChecker().firstProblem(in: text) {
            throw TemplateError(file: file, line: problem.line, column: problem.column, problem: problem.message)
        }
    }

    /// Renders with a built-in template.
    public init(builtIn: BuiltInTemplate) {
        // The built-in texts are checked by the test suite; a failure here is a programming error.
        do {
            try self.init(template: builtIn.text, file: builtIn.name)
        } catch {
            preconditionFailure("built-in template \(builtIn.name) does not parse: \(error.message)")
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
    /// The template file (or built-in name) as the user gave it.
    public var file: String
    /// The 1-based line of the problem, when known.
    public var line: Int?
    /// The 1-based column of the problem, when known.
    public var column: Int?
    /// What is wrong, in a few words.
    public var problem: String
    /// A template that cannot be used is a usage error (exit 1).
    public var category: ErrorCategory { .usage }
    /// Overrides the default hint (the template syntax page).
    public var customHint: String?

    /// Creates the error.
    public init(file: String, line: Int?, column: Int?, problem: String, hint: String?) {
        self.init(file: file, line: line, column: column, problem: problem)
        customHint = hint
    }

    /// Creates the error with the default hint.
    public init(file: String, line: Int?, column: Int?, problem: String) {
        self.file = file
        self.line = line
        self.column = column
        self.problem = problem
    }

    /// `file:line:column: problem`, leaving out the parts that are not known.
    public var message: String {
        var place = file
        if let line { place += ":\(line)" }
        if let column { place += ":\(column)" }
        return "\(place): \(problem)"
    }

    /// What to do: by default, where the template syntax and data are described.
    public var hint: String? { customHint ?? "see docs/formats.md for the template syntax and data" }
}
