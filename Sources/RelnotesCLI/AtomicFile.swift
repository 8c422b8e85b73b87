import Foundation
import RelnotesCore

/// Writes a file so that readers see the old content or the new, never half of either: the
/// text goes to a temporary file in the same folder, which is then renamed over the target.
/// An existing file keeps its permissions.
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).relnotes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        // Renaming would replace a read-only file even where the folder is writable (and root
        // may write anything): honour the file's own mode, as editors do.
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path),
           let mode = attributes[.posixPermissions] as? Int, mode & 0o222 == 0 {
            throw FileError("cannot write \(path): the file is read-only", hint: "make it writable (chmod u+w \(path)) or write elsewhere with --output; it was left as it was")
        }
        let data = Data(text.utf8)
        guard FileManager.default.createFile(atPath: temporary.path, contents: data) else {
            throw FileError("cannot write \(path): the folder \(folder.path) is not writable or does not exist", hint: "check the path and its permissions; \(path) was left as it was")
        }
        if let attributes = try? FileManager.default.attributesOfItem(atPath: path), let permissions = attributes[.posixPermissions] {
            try? FileManager.default.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw FileError("cannot replace \(path): \(reason)", hint: "check the permissions of \(path) and its folder; it was left as it was")
        }
    }

    /// The file's text, or `nil` when it does not exist.
    static func read(_ path: String) throws -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileError("cannot read \(path)", hint: "check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw FileError("\(path) is not valid UTF-8, so relnotes will not rewrite it", hint: "convert it to UTF-8 first (e.g. iconv), or write elsewhere with --output")
        }
        return text
    }
}

/// A file that cannot be read or written: an input error, exit 2.
struct FileError: RelnotesError {
    var message: String
    var hint: String?
    var category: ErrorCategory { .repository }

    init(_ message: String, hint: String? = nil) {
        self.message = message
        self.hint = hint
    }
}
