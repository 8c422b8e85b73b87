import Foundation
import RelnotesCore
import Testing

private let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A history that gives every field of the JSON document a value somewhere.
private func richDocument(grouping: NoteGrouping) throws -> ChangelogDocument {
    var history = HistoryBuilder()
    history.commit("feat: first light")
    history.tag("v1.0.0")
    history.commit("feat(api)!: rename run (#12)\n\nWhy it changed.\n\nBREAKING CHANGE: run is start\nRefs: #3")
    history.commit("fix(cli): a fix\n\nRefs: #4")
    history.commit("not conventional")
    history.tag("v1.1.0-rc.1")
    history.tag("1.1.0-rc.1")
    let configuration = Configuration()
    let releases = try ReleasePartitioner(configuration: configuration).releases(in: history.history, scope: .all)
    let links = RepositoryLinks(webURL: "https://github.com/acme/widgets")
    return ReleaseNotesBuilder(configuration: configuration, links: links, grouping: grouping).document(releases)
}

/// Every key path of a JSON value, arrays written as `[]`.
private func keyPaths(_ value: JSONValue, prefix: String = "") -> Set<String> {
    switch value {
    case .object(let fields):
        var paths = Set<String>()
        for (key, field) in fields {
            paths.insert(prefix + key)
            paths.formUnion(keyPaths(field, prefix: prefix + key + "."))
        }
        return paths
    case .array(let elements):
        return elements.reduce(into: Set<String>()) { $0.formUnion(keyPaths($1, prefix: prefix + "[].")) }
    default:
        return []
    }
}

private func keyPaths(_ shape: TemplateVariableChecker.Shape, prefix: String = "") -> Set<String> {
    switch shape {
    case .object(let fields):
        var paths = Set<String>()
        for (key, field) in fields {
            paths.insert(prefix + key)
            paths.formUnion(keyPaths(field, prefix: prefix + key + "."))
        }
        return paths
    case .array(let element):
        return keyPaths(element, prefix: prefix + "[].")
    default:
        return []
    }
}

@Suite("built-in templates")
struct BuiltInTemplateTests {
    @Test("each built-in is the same text as its exported copy in docs/templates", arguments: BuiltInTemplate.allCases)
    func exportedCopies(template: BuiltInTemplate) throws {
        let url = repositoryRoot.appendingPathComponent("docs/templates/\(template.name).mustache")
        let exported = try String(contentsOf: url, encoding: .utf8)
        #expect(exported == template.text)
    }

    @Test("each built-in parses, uses only names of the data, and renders", arguments: BuiltInTemplate.allCases)
    func builtInsRender(template: BuiltInTemplate) throws {
        let renderer = try TemplateRenderer(template: template.text, file: template.name)
        let text = renderer.render(try richDocument(grouping: .scope))
        #expect(text.contains("rename run"))
    }

    @Test("the names a template may use are exactly the fields of the JSON document")
    func dataShapeMatchesJSON() throws {
        var fromJSON = keyPaths(try richDocument(grouping: .type).json)
        fromJSON.formUnion(keyPaths(try richDocument(grouping: .scope).json))
        let declared = keyPaths(TemplateVariableChecker.changelogData)
        #expect(declared.subtracting(fromJSON).isEmpty, "declared but not in the JSON: \(declared.subtracting(fromJSON).sorted())")
        #expect(fromJSON.subtracting(declared).isEmpty, "in the JSON but not declared: \(fromJSON.subtracting(declared).sorted())")
    }
}

@Suite("Mustache templates: unknown names")
struct TemplateVariableTests {
    @Test("a name the data does not have is an error with line and column", arguments: [
        ("{{#releases}}\n  {{titel}}\n{{/releases}}", 2, 3, "unknown variable 'titel' (did you mean 'title'?)"),
        ("{{#releases}}{{#commits}}{{author.nmae}}{{/commits}}{{/releases}}", 1, 26, "unknown variable 'nmae' in 'author.nmae' (did you mean 'name'?)"),
        ("{{summary}}", 1, 1, "unknown variable 'summary' (not in the data of --format json)"),
        ("{{#releases}}{{#empty(comits)}}x{{/empty(comits)}}{{/releases}}", 1, 14, "unknown variable 'comits' (did you mean 'commits'?)"),
        ("{{#releases}}{{{nonsense_field}}}{{/releases}}", 1, 14, "unknown variable 'nonsense_field' (not in the data of --format json)"),
        ("{{#releases}}{{uppercased(commits)}}{{/releases}}", 1, 14, "'uppercased(commits)': uppercased does not apply to a list"),
        ("{{index()}}", 1, 1, "'index()': index() works only inside a list section, as first(), last(), index(), even() or odd()"),
        ("{{=<% %>=}}\n<%#releases%><%nope%><%/releases%>", 2, 14, "unknown variable 'nope' (not in the data of --format json)"),
    ])
    func unknownNames(template: String, line: Int, column: Int, problem: String) {
        let error = #expect(throws: TemplateError.self) { try TemplateRenderer(template: template, file: "t.mustache") }
        #expect(error?.line == line)
        #expect(error?.column == column)
        #expect(error?.problem == problem)
        #expect(error?.category == .usage)
    }

    @Test("names found up the section stack, dotted names, transforms and list positions are accepted", arguments: [
        "{{#releases}}{{#commits}}{{title}} {{short_id}} {{author.name}}{{/commits}}{{/releases}}",
        "{{#releases}}{{#commits}}{{#first()}}first{{/first()}}{{index()}}{{/commits}}{{/releases}}",
        "{{#releases}}{{count(commits)}}{{#first(commits)}}{{id}}{{/first(commits)}}{{uppercased(title)}}{{/releases}}",
        "{{#releases}}{{#aliases}}{{.}}{{/aliases}}{{^empty(groups)}}{{#groups}}{{#groups}}{{title}}{{/groups}}{{/groups}}{{/empty(groups)}}{{/releases}}",
        "{{! a comment with {{nothing}} }}{{repository.url}}{{schema}}",
        "{{#releases}}{{#commits}}{{#footers}}{{token}}{{separator}}{{value}}{{/footers}}{{/commits}}{{/releases}}",
    ])
    func acceptedNames(template: String) throws {
        _ = try TemplateRenderer(template: template, file: "t.mustache")
    }
}
