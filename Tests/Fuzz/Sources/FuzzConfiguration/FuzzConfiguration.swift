import FuzzCheck
import RelnotesCore

/// The `.relnotes.toml` reader on any text: it returns a configuration or throws a
/// `ConfigurationError` (the typed throw makes anything else a compile error) and never traps.
/// An error names the file, has a line inside the file (the one holding the key, when it names
/// one), and says what is wrong.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfiguration(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let text = text(data, count)
    // One parse per input: TOMLKit 0.6 leaks every parsed table (see lsan.supp), and a
    // second parse would double what a long run piles up.
    do throws(ConfigurationError) {
        check(try ConfigurationParser().parse(text, file: file))
    } catch {
        check(error, text: text)
    }
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
        // The line named holds the key (for keys written as plain words), or at least the header
        // of its table.
        if let key = error.key?.split(separator: ".").last.map({ $0.split(separator: "[", omittingEmptySubsequences: false)[0] }),
           !key.isEmpty, key.utf8.allSatisfy({ isBareKeyByte($0) }) {
            let lineText = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)[line - 1]
            let isTableHeader = lineText.drop { $0 == 0x20 || $0 == 0x09 }.first == UInt8(ascii: "[")
            require(containsBytes(lineText, key.utf8) || isTableHeader, "key \(quoted(key)) is not on line \(line): \(quoted(String(decoding: lineText, as: UTF8.self)))")
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

private func isBareKeyByte(_ byte: UInt8) -> Bool {
    (byte | 0x20) &- UInt8(ascii: "a") < 26 || byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
}

