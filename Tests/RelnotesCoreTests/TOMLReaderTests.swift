import Foundation
import Testing
import RelnotesCore

/// The TOML reader behind `.relnotes.toml`: TOML 1.0 as Python's `tomllib` reads it (the
/// expected values below were derived with it), every malformed text an error with its line,
/// and no input able to trap.
@Suite("TOML reader")
struct TOMLReaderTests {
    @Test("valid TOML reads to the same values as Python's tomllib", arguments: [
        ("", "{}"),
        ("# only a comment\n", "{}"),
        ("a = \"x\"", "{\"a\":\"x\"}"),
        ("a = \"x\" # trailing comment\nb = 1\n", "{\"a\":\"x\",\"b\":1}"),
        ("bare-key_1 = 1\n\"quoted key\" = 2\n'lit key' = 3\n\"\" = 4\n", "{\"\":4,\"bare-key_1\":1,\"lit key\":3,\"quoted key\":2}"),
        ("a.b.c = 1\na.b.d = 2\na . e = 3\n", "{\"a\":{\"b\":{\"c\":1,\"d\":2},\"e\":3}}"),
        ("\"a.b\" = 1\nsite.\"google.com\" = true\n", "{\"a.b\":1,\"site\":{\"google.com\":true}}"),
        ("esc = \"\\b\\t\\n\\f\\r\\\"\\\\ \\u00e9 \\U0001F600\"\n", "{\"esc\":\"\\b\\t\\n\\f\\r\\\"\\\\ \u{E9} \u{1F600}\"}"),
        ("lit = 'C:\\Users\\x \"q\"'\n", "{\"lit\":\"C:\\\\Users\\\\x \\\"q\\\"\"}"),
        ("ml = \"\"\"\nline one\nline two\"\"\"\n", "{\"ml\":\"line one\\nline two\"}"),
        ("ml = \"\"\"one \\\n   two \\\n\n   three\"\"\"\n", "{\"ml\":\"one two three\"}"),
        ("ml = \"\"\"a\"\"\"\"\n", "{\"ml\":\"a\\\"\"}"),
        ("ml = \"\"\"a\"\"\"\"\"\n", "{\"ml\":\"a\\\"\\\"\"}"),
        ("ml = \"\"\"\"\"a\"\"\"\n", "{\"ml\":\"\\\"\\\"a\"}"),
        ("ml = '''\nraw \\n text\n'''\n", "{\"ml\":\"raw \\\\n text\\n\"}"),
        ("ml = ''''quoted''''\n", "{\"ml\":\"'quoted'\"}"),
        ("ml = '''it's '''''\n", "{\"ml\":\"it's ''\"}"),
        ("ml = \"\"\"\r\ncrlf\r\nlines\"\"\"\r\n", "{\"ml\":\"crlf\\nlines\"}"),
        ("i = [0, +7, -7, 1_000, 0x7fffFFFF, 0o755, 0b1101, 9223372036854775807, -9223372036854775808, -0, +0, 0xdead_beef]\n", "{\"i\":[0,7,-7,1000,2147483647,493,13,9223372036854775807,-9223372036854775808,0,0,3735928559]}"),
        ("t = true\nf = false\n", "{\"f\":false,\"t\":true}"),
        ("arr = [\n  \"a\", # comment\n  'b',\n\n  [1, [2]],\n  { x = 1 },\n]\n", "{\"arr\":[\"a\",\"b\",[1,[2]],{\"x\":1}]}"),
        ("empty = []\nnested = [[], [[]]]\n", "{\"empty\":[],\"nested\":[[],[[]]]}"),
        ("inline = { a = 1, b.c = \"x\", d = { e = [1, 2] } }\nempty = {}\n", "{\"empty\":{},\"inline\":{\"a\":1,\"b\":{\"c\":\"x\"},\"d\":{\"e\":[1,2]}}}"),
        ("[a]\nx = 1\n[b.c]\ny = 2\n[a.d]\nz = 3\n", "{\"a\":{\"d\":{\"z\":3},\"x\":1},\"b\":{\"c\":{\"y\":2}}}"),
        ("[a.b]\nx = 1\n[a]\ny = 2\n", "{\"a\":{\"b\":{\"x\":1},\"y\":2}}"),
        ("[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true\n", "{\"fruit\":{\"apple\":{\"color\":\"red\",\"taste\":{\"sweet\":true},\"texture\":{\"smooth\":true}}}}"),
        ("[[groups]]\ntype = \"x\"\n[[groups]]\ntype = \"y\"\n[groups.sub]\nk = 1\n[[groups.list]]\nv = 1\n[[groups.list]]\nv = 2\n", "{\"groups\":[{\"type\":\"x\"},{\"list\":[{\"v\":1},{\"v\":2}],\"sub\":{\"k\":1},\"type\":\"y\"}]}"),
        ("points = [ { x = 1, y = 2 }, { x = 7, y = 8 } ]\n", "{\"points\":[{\"x\":1,\"y\":2},{\"x\":7,\"y\":8}]}"),
        ("[ spaced . \"header\" ]\nk = 1\n[[ arr ]]\n", "{\"arr\":[{}],\"spaced\":{\"header\":{\"k\":1}}}"),
        ("k = \"tab\there\"\n", "{\"k\":\"tab\\there\"}"),
        ("\u{FEFF}k = 1\n", "{\"k\":1}"),
        ("k = 1\r\n[t]\r\nv = \"x\"\r\n", "{\"k\":1,\"t\":{\"v\":\"x\"}}"),
        ("[x.y.z]\n[x]\ny.w = 1\n", "{\"x\":{\"y\":{\"w\":1,\"z\":{}}}}"),
        ("a = \"caf\u{E9} \u{2603}\"\n# comment with caf\u{E9} and \t tab\n", "{\"a\":\"caf\u{E9} \u{2603}\"}"),
        ("1234 = \"numeric key\"\ntrue = \"bool key\"\n", "{\"1234\":\"numeric key\",\"true\":\"bool key\"}"),
        ("k = \"#not a comment\"\n", "{\"k\":\"#not a comment\"}"),
    ])
    func valid(text: String, json: String) throws {
        let table = try TOMLReader().read(text)
        #expect(TOMLJSON.render(.table(table)) == json)
    }

    @Test("invalid TOML is an error on the line at fault", arguments: [
        ("a = 1\na = 2\n", 2),
        ("a.b = 1\na = 2\n", 2),
        ("a = 1\na.b = 2\n", 2),
        ("[a]\n[a]\n", 2),
        ("[a]\nb = 1\n[a.b]\n", 3),
        ("a.b = 1\n[a]\n", 2),
        ("[fruit]\napple.color = \"red\"\n[fruit.apple]\n", 3),
        ("[a.b.c]\nz = 9\n[a]\nb.c.t = 9\n", 4),
        ("a = {b = 1}\na.c = 2\n", 2),
        ("a = {b = 1}\n[a]\n", 2),
        ("a = {b = 1}\n[a.c]\n", 2),
        ("a = [1]\n[[a]]\n", 2),
        ("[a]\n[[a]]\n", 2),
        ("[[a]]\n[a]\n", 2),
        ("a = 1\n[a.b]\n", 2),
        ("x = {a = {b = 1}, a.c = 2}\n", 1),
        ("x = {a = 1, a = 2}\n", 1),
        ("x = {a = 1,}\n", 1),
        ("x = {a = 1\n}\n", 1),
        ("x = {\na = 1}\n", 1),
        ("k = \"\\q\"\n", 1),
        ("k = \"\\uD800\"\n", 1),
        ("k = \"\\U00110000\"\n", 1),
        ("k = \"\\u12\"\n", 1),
        ("k = \"open\n", 1),
        ("k = 'open\n", 1),
        ("\n\nk = \"\"\"never closed\n\n", 3),
        ("k = '''never\n", 1),
        ("k = \"\"\"a\\ b\"\"\"\n", 1),
        ("k = \"a\\\nb\"\n", 1),
        ("k = \"\"\"a\"\"\"\"\"\"\n", 1),
        ("k = 9223372036854775808\n", 1),
        ("k = -9223372036854775809\n", 1),
        ("k = 0x1_0000_0000_0000_0000\n", 1),
        ("k = 012\n", 1),
        ("k = 1__0\n", 1),
        ("k = _1\n", 1),
        ("k = 1_\n", 1),
        ("k = 0x\n", 1),
        ("k = +0x1\n", 1),
        ("k = 0X1\n", 1),
        ("k = 0b2\n", 1),
        ("k = 1.5\n", 1),
        ("k = 1e5\n", 1),
        ("k = inf\n", 1),
        ("k = -nan\n", 1),
        ("k = 1979-05-27\n", 1),
        ("k = 07:32:00\n", 1),
        ("k = 1979-05-27T07:32:00Z\n", 1),
        ("k = TRUE\n", 1),
        ("k = v\n", 1),
        ("k =\n", 1),
        ("k\n", 1),
        ("= 1\n", 1),
        ("k = 1 2\n", 1),
        ("k = [1 2]\n", 1),
        ("k = [1,\n", 1),
        ("k = [\n1,\n,]\n", 3),
        ("[a\n", 1),
        ("[[a]\n", 1),
        ("[[a] ]\n", 1),
        ("[]\n", 1),
        ("[a.]\n", 1),
        ("[.a]\n", 1),
        ("a..b = 1\n", 1),
        ("[ [a] ]\n", 1),
        ("k = \"\u{1}\"\n", 1),
        ("# \u{7F}\n", 1),
        ("k = 1\rj = 2\n", 1),
        ("k = 1 # c\u{0}\n", 1),
        ("k = '''\u{8}'''\n", 1),
        ("x = [[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]\n", 1),
        ("x = {a = {a = {a = {a = {a = {a = {a = {a = {a = {a = {a = {a = {a = {a = {a = {a = {a = 1}}}}}}}}}}}}}}}}}\n", 1),
        ("[a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a]\n", 1),
        ("a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a = 1\n", 1),
    ])
    func invalid(text: String, line: Int) {
        let error = #expect(throws: TOMLError.self) { try TOMLReader().read(text) }
        #expect(error?.line == line, "\(error?.problem ?? "")")
        #expect((error?.column ?? 0) >= 1)
        #expect(error?.hint.isEmpty == false)
    }

    @Test("invalid UTF-8 is an error naming its line", arguments: [
        ([0x61, 0x20, 0x3D, 0x20, 0x22, 0xC3, 0x28, 0x22], 1), (Array("a = 1\n# ok\nb = \"".utf8) + [0xFF, 0x22], 3),
        (Array("# x\n".utf8) + [0xED, 0xA0, 0x80], 2), ([0xEF, 0xBB], 1),
    ] as [([UInt8], Int)])
    func invalidUTF8(bytes: [UInt8], line: Int) {
        let error = #expect(throws: TOMLError.self) { try TOMLReader().read(utf8: bytes) }
        #expect(error?.line == line)
        #expect(error?.problem == "not valid UTF-8")
    }

    @Test("each key's line is where it is written, a table's where its header or key is")
    func lines() throws {
        let table = try TOMLReader().read("a = 1\n\n[t]\nx.y = 2\n[[g]]\n[[g]]\nk = { v = 1 }\nl = [\n  { w = 2 },\n]\n")
        #expect(table.lines["a"] == 1 && table.lines["t"] == 3 && table.lines["g"] == 5)
        let t = try #require(table["t"]?.table)
        #expect(t.line == 3 && t.lines["x"] == 4 && t["x"]?.table?.lines["y"] == 4)
        let second = try #require(table["g"]?.array?.last?.table)
        #expect(second.line == 6 && second.lines["k"] == 7 && second["k"]?.table?.line == 7)
        #expect(second["l"]?.array?.first?.table?.line == 8)
        #expect(table.keys == ["a", "t", "g"])
    }

    @Test("a syntax error names the line and the column")
    func column() {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationParser().parse("tag_prefix = \"v\"\n[lint]\ntypes = [\"a\" \"b\"]\n", file: ".relnotes.toml") }
        #expect(error?.message.hasPrefix(".relnotes.toml:3:14: not valid TOML: expected ',' or ']' in an array") == true, "\(error?.message ?? "")")
    }

    @Test("integers at the edges of 64 bits read; one past them is an error, not a trap", arguments: [
        ("9223372036854775807", Int64.max as Int64?), ("-9223372036854775808", Int64.min), ("0x7FFFFFFFFFFFFFFF", Int64.max),
        ("9223372036854775808", nil), ("-9223372036854775809", nil), ("0xFFFFFFFFFFFFFFFF", nil), ("0o1777777777777777777777", nil),
        ("0b" + String(repeating: "1", count: 64), nil), (String(repeating: "9", count: 400), nil),
    ])
    func integerEdges(text: String, expected: Int64?) {
        let value = try? TOMLReader().read("k = \(text)")["k"]?.int
        #expect(value.map { Int64($0) } == expected)
    }
}

/// Inputs that made the previous TOML library (toml++ inside TOMLKit) abort relnotes with an
/// assertion, found by `make fuzz`: each is now a configuration error naming a line of the file.
@Suite("configuration inputs that used to abort relnotes")
struct ConfigurationFormerCrashTests {
    @Test("a former crash input is a configuration error on a line of the file", arguments: [
        "x = [[[\n\n...\t}\nt`ype\n\n[\n\nfix = ]]]]]]", "x = [[[\n\n\t}\nt`ype\n\n[\n\nfix = ]]]]]]",
        "[[[\n", "[!]\n", "[[.a]]\n", "[ =]\n", "[\n", "tag_prefix = \"v\"\n\n[[ #\n", "[lint]\ntypes = [\"a\"]\n[[\n",
        "\u{FEFF} [[[groups]]]\n", "a = 1978-05-27T.07:32:00", "initial_version = 1.2\n", "x = 07:32:00",
        "header = \"# Changelog\"\nlist = [1, 2, 1979-05-27]", "n = nan", "n = -inf", "n = 1e5", "n = 0x", "n = 1__0", "n = 012",
        "x = " + String(repeating: "[", count: 200) + String(repeating: "]", count: 200),
        "x = " + String(repeating: "[", count: 100_000), "x = " + String(repeating: "{a=", count: 100_000),
        String(repeating: "a.", count: 100_000) + "a = 1", "[" + String(repeating: "a.", count: 100_000) + "a]",
        "header = \"x\"\nh\u{4}eader = 1", "x = \"\\", "x = \"\"\"\\", "x = '''", "x = \"\\u", "x = [", "x = {", "x = {a", "x = {a =",
        "[[", "[a", "a.", "a =", "\"", "'", "x = 1979-05-27 07:32:00", "x = +", "x = -", "x = 0b", "x = 0o8", "x = --1",
    ])
    func formerCrash(text: String) {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationParser().parse(text, file: ".relnotes.toml") }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).count
        #expect(error.flatMap(\.line).map { (1...lines).contains($0) } == true, "\(error?.message ?? "")")
        #expect(error?.category == .configuration)
    }

    // The first fuzzing runs found their own line check too strict about quoted keys (with
    // dots, empty, ending in an index, starting with a combining mark); these pin down which line such errors name.
    @Test("an error inside a quoted key's inline table, or an inline table in an array, names the line of that key", arguments: [
        ("[branches]\nmain = { prerelease = \"next\" }\n\"release/*~\" = { prerelease = \"rc\", maintenance = false }\n", 3, "branches.release/*~"),
        ("[branches]\n\"1.x\" = { maintenance = true, bogus = 1 }\n", 2, "branches.1.x.bogus"),
        ("[branches]\nmain = { prerelease = \"next\" }\n\n\"\" = { prerelease = \"rc\" }\n", 4, "branches."),
        ("tag_prefix = \"v\"\n\".\" = 0\n", 2, "."),
        ("header = \"x\"\n\"[64]\" = 1\n", 2, "[64]"),
        ("[branches]\nmn = { prerelease = \"next\" }\n\"\u{5C2}\u{7C2}#cac/*\" = {}\n", 3, "branches.\u{5C2}\u{7C2}#cac/*"),
        ("groups = [\n  { type = \"docs\", hidden = true },\n  { type = \"x\" },\n]\n", 1, "groups[1].title"),
        ("groups = [\n  { type = \"x\", title = \"X\", bump = \"huge\" },\n]\n", 2, "groups[0].bump"),
    ])
    func lineOfQuotedKey(text: String, line: Int, key: String) {
        let error = #expect(throws: ConfigurationError.self) { try ConfigurationParser().parse(text, file: ".relnotes.toml") }
        #expect(error?.line == line, "\(error?.message ?? "")")
        #expect(error?.key == key)
    }

    @Test("every seed in the fuzzing corpus reads to a configuration or a configuration error with a line")
    func corpus() throws {
        for url in try TOMLCorpus.files() {
            let bytes = try [UInt8](Data(contentsOf: url))
            do throws(ConfigurationError) {
                _ = try ConfigurationParser().parse(utf8: bytes, file: url.lastPathComponent)
            } catch {
                #expect(error.line != nil, "\(url.lastPathComponent): \(error.message)")
            }
        }
    }
}

/// Cross-checks the reader with Python's `tomllib` on the fuzzing corpus, when `python3` is
/// there: where tomllib reads a file, we read the same values (or refuse a value relnotes has no
/// use for: a float, a date, an integer beyond 64 bits, deep nesting); where it refuses one, so
/// do we.
@Suite("TOML reader against Python's tomllib")
struct TOMLReaderCrossCheckTests {
    @Test("the reader agrees with tomllib on the fuzzing corpus", .enabled(if: TOMLCorpus.python != nil))
    func agrees() throws {
        let python = try #require(TOMLCorpus.python)
        for url in try TOMLCorpus.files() {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", TOMLCorpus.script, url.path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let output = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            let expected = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .newlines)
            let name = url.lastPathComponent
            let bytes = try [UInt8](Data(contentsOf: url))
            do throws(TOMLError) {
                let table = try TOMLReader().read(utf8: bytes)
                #expect(TOMLJSON.render(.table(table)) == expected, "\(name)")
            } catch {
                let refusedValue = error.problem.contains("is not a value relnotes reads") || error.problem.contains("64-bit") || error.problem.contains("nest deeper")
                #expect(expected == "ERROR" || refusedValue, "\(name): tomllib reads it, we say \(error.problem)")
            }
        }
    }
}

enum TOMLCorpus {
    static func files() throws -> [URL] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fuzz/corpus/FuzzConfiguration")
        return try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "toml" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
    }

    /// `python3` with `tomllib` (Python 3.11 or later), if there is one.
    static let python: String? = {
        for path in ["/usr/bin/python3", "/usr/local/bin/python3", "/opt/homebrew/bin/python3"] where FileManager.default.isExecutableFile(atPath: path) {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: path)
            process.arguments = ["-c", "import tomllib"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            guard (try? process.run()) != nil else { continue }
            process.waitUntilExit()
            if process.terminationStatus == 0 { return path }
        }
        return nil
    }()

    /// Prints the file's values as compact JSON with sorted keys, or ERROR. A leading
    /// byte-order mark is skipped, as relnotes does.
    static let script = """
        import sys, json, tomllib
        data = open(sys.argv[1], 'rb').read()
        if data.startswith(b'\\xef\\xbb\\xbf'): data = data[3:]
        try:
            print(json.dumps(tomllib.loads(data.decode('utf-8')), sort_keys=True, ensure_ascii=False, separators=(',', ':'), default=str))
        except Exception:
            print('ERROR')
        """
}

/// Renders a value as Python's `json.dumps(sort_keys=True, ensure_ascii=False,
/// separators=(',', ':'))` does, to compare with tomllib.
enum TOMLJSON {
    static func render(_ value: TOMLValue) -> String {
        switch value {
        case .string(let text): return quote(text)
        case .integer(let number): return String(number)
        case .boolean(let flag): return flag ? "true" : "false"
        case .array(let elements): return "[" + elements.map(render).joined(separator: ",") + "]"
        case .table(let table):
            let keys = table.values.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) { $0.value < $1.value } }
            return "{" + keys.map { quote($0) + ":" + render(table.values[$0] ?? .table(TOMLTable())) }.joined(separator: ",") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\u{8}": result += "\\b"
            case "\u{C}": result += "\\f"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
