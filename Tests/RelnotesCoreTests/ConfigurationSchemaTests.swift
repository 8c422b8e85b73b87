import Foundation
import RelnotesCore
import Testing

private let schemaURL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("docs/schema/relnotes.schema.json")

/// Keys the schema describes that a change merged beside this one makes the parser read.
/// Remove a key from here when the parser reads it (its `knownKeys` then lists it).
private let announcedKeys: Set<String> = []

private func schema() throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(contentsOf: schemaURL))
    return try #require(object as? [String: Any])
}

/// The properties of each table the schema describes: `""`, `"lint"`, `"groups"`, `"verify"`.
private func schemaTables() throws -> [String: [String: [String: Any]]] {
    let root = try schema()
    let properties = try #require(root["properties"] as? [String: [String: Any]])
    let lint = try #require(properties["lint"]?["properties"] as? [String: [String: Any]])
    let definitions = try #require(root["definitions"] as? [String: Any])
    let group = try #require((definitions["group"] as? [String: Any])?["properties"] as? [String: [String: Any]])
    let verify = try #require(properties["verify"]?["properties"] as? [String: [String: Any]])
    let versionFile = try #require((definitions["version_file"] as? [String: Any])?["properties"] as? [String: [String: Any]])
    let release = try #require(properties["release"]?["properties"] as? [String: [String: Any]])
    let channel = try #require((definitions["channel"] as? [String: Any])?["properties"] as? [String: [String: Any]])
    return ["": properties, "lint": lint, "groups": group, "verify": verify, "version_files": versionFile, "release": release, "branches": channel]
}

/// A TOML literal of a JSON value from the schema.
private func toml(_ value: Any) -> String {
    switch value {
    case let flag as Bool where type(of: value) == type(of: true as AnyObject) || value is Bool: return flag ? "true" : "false"
    case let number as NSNumber: return number.stringValue
    case let text as String: return "\"\(text)\""
    case let array as [Any]: return "[" + array.map(toml).joined(separator: ", ") + "]"
    default: return "{}"
    }
}

@Suite("configuration schema")
struct ConfigurationSchemaTests {
    @Test("the schema describes exactly the keys the parser reads")
    func sameKeys() throws {
        let tables = try schemaTables()
        for (table, keys) in ConfigurationParser.knownKeys {
            let described = Set(try #require(tables[table]).keys)
            #expect(described.subtracting(announcedKeys) == keys, "table '\(table)'")
        }
        #expect(Set(tables.keys) == Set(ConfigurationParser.knownKeys.keys))
    }

    @Test("every key has a description, and rejects other keys", arguments: ["", "lint", "groups", "verify", "version_files", "release", "branches"])
    func describedAndClosed(table: String) throws {
        for (key, property) in try #require(try schemaTables()[table]) {
            #expect((property["description"] as? String)?.isEmpty == false, "\(table).\(key)")
            #expect(property["default"] != nil || property["examples"] != nil || property["enum"] != nil, "\(table).\(key) has no default or example")
        }
        let root = try schema()
        #expect(root["additionalProperties"] as? Bool == false)
    }

    @Test("every example in docs/examples parses with the configuration parser")
    func examplesParse() throws {
        let folder = schemaURL.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("examples")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".toml") }
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOf: folder.appendingPathComponent(file), encoding: .utf8)
            #expect(throws: Never.self, "\(file)") { try ConfigurationParser().parse(text, file: file) }
        }
    }

    @Test("the parser accepts every key with the default or example the schema gives it")
    func parserAcceptsSchemaValues() throws {
        for (table, properties) in try schemaTables() {
            for (key, property) in properties where !announcedKeys.contains(key) && !["lint", "groups", "verify", "version_files", "release", "branches"].contains(key) {
                let value = property["default"] ?? (property["examples"] as? [Any])?.first ?? (property["enum"] as? [Any])?.first
                let sample = try #require(value, "\(table).\(key)")
                var text = "\(key) = \(toml(sample))\n"
                switch table {
                case "lint": text = "[lint]\n" + text
                case "verify": text = "[verify]\n" + text
                case "release": text = "[release]\n" + text
                case "branches": text = "[branches]\n\"1.x\" = { \(key) = \(toml(sample)) }\n"
                case "version_files":
                    // An entry needs a path and one of key and pattern beside the key tried.
                    text = "[[version_files]]\n" + (key == "path" ? "" : "path = \"VERSION\"\n")
                        + (["key", "pattern"].contains(key) ? "" : "pattern = \"^(.*)$\"\n") + text
                case "groups": text = "[[groups]]\ntype = \"docs\"\n" + (key == "type" || key == "types" ? "" : text)
                default: break
                }
                #expect(throws: Never.self, "\(table).\(key): \(text)") { try ConfigurationParser().parse(text, file: "t.toml") }
            }
        }
    }
}
