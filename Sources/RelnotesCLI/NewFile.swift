import Foundation
import RelnotesCore

/// Creates a file that must not exist yet (`relnotes init`, `relnotes templates --output`): the
/// text goes to a temporary file in the same folder, which is then hard-linked to the target
/// name. `link(2)` fails when the name exists, so a file created meanwhile is never replaced.
enum NewFile {
    static func create(_ text: String, at path: String, refusal: @autoclosure () -> FileError) throws {
        if FileManager.default.fileExists(atPath: path) { throw refusal() }
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).relnotes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        guard FileManager.default.createFile(atPath: temporary.path, contents: Data(text.utf8)) else {
            throw FileError("cannot write \(path): the folder \(folder.path) is not writable or does not exist", hint: "check the path and its permissions")
        }
        defer { unlink(temporary.path) }
        guard link(temporary.path, target.path) == 0 else {
            if errno == EEXIST { throw refusal() }
            throw FileError("cannot write \(path): \(String(cString: strerror(errno)))", hint: "check the path and its permissions")
        }
    }
}
