import FuzzCheck
import RelnotesCore

/// The `.relnotes.toml` reader on any bytes: it returns a configuration or throws a
/// `ConfigurationError` (the typed throw makes anything else a compile error) and never traps.
/// An error names the file, has a line inside the file (the one holding the key or its table,
/// when it names one), and says what is wrong. A file that reads reads the same from its text,
/// with CRLF line ends, and with a comment appended.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: count))
    let text = text(data, count)
    let parser = ConfigurationParser()
    let configuration: Configuration
    do throws(ConfigurationError) {
        configuration = try parser.parse(utf8: bytes, file: file)
    } catch {
        check(error, text: text)
        return 0
    }
    check(configuration)
    require((try? parser.parse(text, file: file)) == configuration, "the text reads differently from its bytes")
    if !bytes.contains(0x0D) {
        let crlf = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).joined(separator: [0x0D, 0x0A])
        require((try? parser.parse(utf8: Array(crlf), file: file)) == configuration, "CRLF line ends read differently")
    }
    require((try? parser.parse(utf8: bytes + Array("\n# end\n".utf8), file: file)) == configuration, "a comment appended changes the configuration")
    return 0
}

private let file = "fuzz.relnotes.toml"

private func check(_ error: ConfigurationError, text: String) {
    require(error.category == .configuration, "a configuration error of category \(error.category)")
    require(error.message.hasPrefix(file), "the error does not start with the file name: \(quoted(error.message))")
    require(!error.problem.isEmpty, "an error without a problem")
    if let line = error.line {
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).count
        require((1...max(1, lines)).contains(line), "error on line \(line) of a \(lines)-line file: \(quoted(error.message))")
        // The line named holds the key or the name of its table (`""` for an empty name), is a
        // table header, or writes the name with escapes. A quoted name may hold dots, so every
        // run of the dotted key's parts is a candidate (for keys of up to 8 parts: the check
        // must stay cheap; of longer ones, each part and every run that starts at the first
        // part or ends at the last: `[branches]` then `"...." = {}` names `branches.....`).
        // An index the parser adds (`groups[2]`) is not in the text, but a quoted key may end
        // in one (`"[64]"`): both forms count. Split at the byte '.': as a `Character`, a dot
        // followed by a combining mark is no dot.
        let parts = error.key.map { $0.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).map { Substring(String(decoding: $0, as: UTF8.self)) } } ?? []
        let runs = parts.count > 8
            ? parts.indices.flatMap { [Substring(parts[...$0].joined(separator: ".")), Substring(parts[$0...].joined(separator: "."))] }
            : parts.indices.flatMap { start in parts.indices[start...].map { Substring(parts[start...$0].joined(separator: ".")) } }
        let names = runs + parts + parts.map(withoutIndex)
        if !names.isEmpty {
            let lineText = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[line - 1]
            let isTableHeader = lineText.drop { $0 == 0x20 || $0 == 0x09 }.first == UInt8(ascii: "[")
            let hasEscape = lineText.contains(UInt8(ascii: "\\"))
            let holdsName: (Substring) -> Bool = { $0.isEmpty ? containsBytes(lineText, "\"\"".utf8) || containsBytes(lineText, "''".utf8) : containsBytes(lineText, $0.utf8) }
            require(names.contains(where: holdsName) || isTableHeader || hasEscape, "none of \(names.map { quoted($0) }) is on line \(line): \(quoted(String(decoding: lineText, as: UTF8.self)))")
        }
    }
}

private func check(_ configuration: Configuration) {
    require(SemanticVersion(configuration.initialVersion.description) == configuration.initialVersion, "initial_version does not round-trip")
    require(configuration.lint.headerMaxLength > 0, "header_max_length \(configuration.lint.headerMaxLength)")
    require(!(configuration.component?.isEmpty ?? false), "an empty component was accepted")
    for group in configuration.groups {
        require(!group.types.isEmpty || group.isCatchAll, "group \(quoted(group.title)) has no types")
    }
    _ = configuration.tagNamePattern.match("v1.2.3")
    _ = configuration.pathFilter
}

/// `groups[2]` without its `[2]`; other names as they are.
private func withoutIndex(_ name: Substring) -> Substring {
    guard name.last == "]", let open = name.lastIndex(of: "["),
          name[name.index(after: open)..<name.index(before: name.endIndex)].allSatisfy(\.isNumber)
    else { return name }
    return name[..<open]
}
