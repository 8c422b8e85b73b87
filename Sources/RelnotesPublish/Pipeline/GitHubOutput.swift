import Foundation

/// Step outputs for GitHub Actions: `name=value` lines appended to the file `GITHUB_OUTPUT`
/// names, multi-line values between a random delimiter, as GitHub documents
/// ("Multiline strings"), so that a value can never end the block early.
public struct GitHubOutput: Sendable {
    public var entries: [(name: String, value: String)] = []

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

    /// Appends to the file at `path` (creating it), as every step's outputs share one file.
    public func append(to path: String) throws(PublishError) {
        let data = Data(text().utf8)
        if !FileManager.default.fileExists(atPath: path) {
            guard FileManager.default.createFile(atPath: path, contents: data) else {
                throw PublishError(.repository, "cannot write GITHUB_OUTPUT file \(path)", hint: "check the path in GITHUB_OUTPUT")
            }
            return
        }
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: data)
        } catch {
            throw PublishError(.repository, "cannot append to GITHUB_OUTPUT file \(path)", hint: "check the path in GITHUB_OUTPUT")
        }
    }
}
