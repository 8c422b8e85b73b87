import Foundation
import RelnotesCore

/// Step outputs for GitHub Actions: `name=value` lines appended to the file `GITHUB_OUTPUT`
/// names, multi-line values between a random delimiter, as GitHub documents
/// ("Multiline strings"), so that a value can never end the block early.
public struct GitHubOutput: Sendable {
    /// The outputs, in the order they were set.
    public var entries: [(name: String, value: String)] = []

    /// Creates an empty set of outputs.
    public init() {}

    /// Adds one output.
    public mutating func set(_ name: String, _ value: String) {
        entries.append((name, value))
    }

    /// The text to append.
    public func text(delimiter: () -> String = { "RELNOTES_EOF_" + UUID().uuidString.replacingOccurrences(of: "-", with: "") }) -> String {
        var text = ""
        for (name, value) in entries {
            if value.contains("\n") || value.contains("\r") {
                var marker = delimiter()
                while value.contains(marker) { marker = delimiter() }
                text += "\(name)<<\(marker)\n\(value)\(value.hasSuffix("\n") ? "" : "\n")\(marker)\n"
            } else {
                text += "\(name)=\(value)\n"
            }
        }
        return text
    }

    /// Whether GitHub accepts `name` as an output name: a letter or `_` first, then letters,
    /// digits, `-` and `_`.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.utf8.first, first == UInt8(ascii: "_") || isLetter(first) else { return false }
        return name.utf8.allSatisfy { isLetter($0) || (48...57).contains($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte)
    }

    /// Checks, before anything is done that the outputs describe (a tag, a release), that the
    /// file at `path` can be opened for appending; creates it when missing, as the runner would.
    public static func checkWritable(_ path: String) throws(PublishError) {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw PublishError(.repository, "cannot append to GITHUB_OUTPUT file \(path): \(String(cString: strerror(errno)))", hint: "check the path in GITHUB_OUTPUT; nothing was done")
        }
        close(descriptor)
    }

    /// Appends to the file at `path` (creating it), as every step's outputs share one file.
    ///
    /// The whole text goes in one `write` with `O_APPEND`, after a newline when the file does not
    /// end in one (else its last line would merge with our first). A short or failed write is
    /// undone (the file is truncated back), so the file never ends inside a multi-line value.
    public func append(to path: String) throws(PublishError) {
        for (name, _) in entries where !Self.isValidName(name) {
            throw PublishError(.usage, "\(TextSanitizer.singleLine(name)) is not a valid step output name", hint: "use letters, digits, - and _, starting with a letter or _")
        }
        var descriptor = open(path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == EACCES { descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC) }
        guard descriptor >= 0 else {
            throw PublishError(.repository, "cannot append to GITHUB_OUTPUT file \(path): \(String(cString: strerror(errno)))", hint: "check the path in GITHUB_OUTPUT")
        }
        defer { close(descriptor) }
        var status = stat()
        let size = fstat(descriptor, &status) == 0 ? status.st_size : 0
        var bytes = Array(text().utf8)
        if size > 0 {
            var last: UInt8 = 0
            // Unreadable (opened write-only): assume the file ends as GitHub's runner leaves it.
            if pread(descriptor, &last, 1, size - 1) == 1, last != 10 { bytes.insert(10, at: 0) }
        }
        var written = 0
        repeat {
            written = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
        } while written < 0 && errno == EINTR
        guard written == bytes.count else {
            let cause = written < 0 ? String(cString: strerror(errno)) : "only \(written) of \(bytes.count) bytes were written"
            if written > 0 { _ = ftruncate(descriptor, size) }
            throw PublishError(.repository, "cannot append to GITHUB_OUTPUT file \(path): \(cause)", hint: "check the path in GITHUB_OUTPUT and the free space")
        }
    }
}
