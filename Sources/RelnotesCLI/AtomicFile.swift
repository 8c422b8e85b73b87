import Foundation
import RelnotesCore

/// Writes a file so that readers see the old content or the new, never half of either: the
/// text goes to a temporary file in the same folder as the target, is flushed to disk, and is
/// then renamed over the target.
///
/// - A symbolic link is written through: the temporary file goes beside the link's final
///   target and replaces that target; the link stays a link.
/// - A replaced file keeps its permission bits; a new file gets 0644 less the umask.
/// - A target that exists but is not a regular file (`/dev/stdout`, a pipe, a terminal) is
///   written directly, as a shell redirection would.
/// - Temporary files are named `.<name>.relnotes-<pid>-<random>`. A run killed mid-write
///   (SIGKILL) leaves one behind; the next write to the same target removes those whose process
///   no longer runs.
/// - Every failure names the real cause (`No space left on device`, `Permission denied`).
enum AtomicFile {
    static func write(_ text: String, to path: String) throws {
        try write(bytes: Array(text.utf8), to: path)
    }

    /// Writes raw bytes (an index file put back as it was), as ``write(_:to:)`` writes text.
    static func write(bytes: [UInt8], to path: String) throws {
        let target = try finalTarget(of: path)
        var status = stat()
        let exists = stat(target, &status) == 0
        if exists, status.st_mode & S_IFMT == S_IFDIR {
            throw FileError("cannot write \(path): it is a folder", hint: "name a file with --output")
        }
        if exists, status.st_mode & S_IFMT != S_IFREG {
            try writeDirectly(bytes, to: target, shownAs: path)
            return
        }
        // Renaming would replace a read-only file even where the folder is writable (and root
        // may write anything): honour the file's own mode, as editors do.
        if exists, status.st_mode & 0o222 == 0 {
            throw FileError("cannot write \(path): the file is read-only", hint: "make it writable (chmod u+w \(path)) or write elsewhere with --output; it was left as it was")
        }
        let folder = (target as NSString).deletingLastPathComponent
        let name = (target as NSString).lastPathComponent
        removeStaleTemporaries(of: name, in: folder.isEmpty ? "." : folder)
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).relnotes-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        // open(2) applies the umask to 0644; a replaced file's mode is set explicitly below.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            let where_ = folder.isEmpty ? "the current folder" : "the folder \(folder)"
            throw FileError("cannot write \(path): \(reason(code)) (creating a temporary file in \(where_))", hint: "check that \(where_) exists and is writable; \(path) was left as it was")
        }
        func fail(_ step: String, _ code: Int32) -> FileError {
            close(descriptor)
            unlink(temporary)
            return FileError("cannot write \(path): \(reason(code)) (\(step))", hint: "free space or fix the cause, then run again; \(path) was left as it was")
        }
        if exists, fchmod(descriptor, status.st_mode & 0o7777) != 0 { throw fail("setting its permissions", errno) }
        if let code = writeAll(bytes, to: descriptor) { throw fail("writing", code) }
        if fsync(descriptor) != 0 { throw fail("flushing to disk", errno) }
        if close(descriptor) != 0 {
            let code = errno
            unlink(temporary)
            throw FileError("cannot write \(path): \(reason(code)) (closing)", hint: "free space or fix the cause, then run again; \(path) was left as it was")
        }
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            throw FileError("cannot replace \(path): \(reason(code))", hint: "check the permissions of \(path) and its folder; it was left as it was")
        }
        // Make the rename itself durable; a folder that cannot be opened or synced is no error.
        let folderDescriptor = open(folder.isEmpty ? "." : folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// The file's text, byte-order mark included, or `nil` when it does not exist or is not a
    /// regular file (a device or a pipe holds no previous text to merge with).
    static func read(_ path: String) throws -> String? {
        var status = stat()
        guard stat(path, &status) == 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw FileError("cannot read \(path): \(reason(code))", hint: "check the path and its permissions")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            if status.st_mode & S_IFMT == S_IFDIR {
                throw FileError("cannot read \(path): it is a folder", hint: "name a file")
            }
            return nil
        }
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileError("cannot read \(path): \(reason(errno))", hint: "check its permissions")
        }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { Foundation.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError("cannot read \(path): \(reason(errno))", hint: "check the file and the disk")
            }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw FileError("\(path) is not valid UTF-8, so relnotes will not rewrite it", hint: "convert it to UTF-8 first (e.g. iconv), or write elsewhere with --output")
        }
        return text
    }

    /// `path` with every symbolic link along the final component followed (the target need not
    /// exist: a dangling link is written through, creating its target).
    static func finalTarget(of path: String) throws -> String {
        var current = path
        for _ in 0..<40 {
            var status = stat()
            guard lstat(current, &status) == 0, status.st_mode & S_IFMT == S_IFLNK else { return current }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let length = readlink(current, &buffer, buffer.count - 1)
            guard length >= 0 else {
                throw FileError("cannot write \(path): \(reason(errno)) (reading the symbolic link \(current))", hint: "check the link")
            }
            let destination = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if destination.hasPrefix("/") {
                current = destination
            } else {
                let folder = (current as NSString).deletingLastPathComponent
                current = folder.isEmpty ? destination : folder + "/" + destination
            }
        }
        throw FileError("cannot write \(path): \(reason(ELOOP))", hint: "check the symbolic links from \(path)")
    }

    /// Removes `.<name>.relnotes-<pid>-<random>` files in `folder` left by runs that no longer
    /// exist (killed mid-write). A file whose process still runs is another write in progress.
    static func removeStaleTemporaries(of name: String, in folder: String) {
        let prefix = ".\(name).relnotes-"
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return }
        for entry in entries where entry.hasPrefix(prefix) {
            let parts = entry.dropFirst(prefix.count).split(separator: "-")
            guard parts.count == 2, let pid = pid_t(parts[0]), pid > 0, UInt32(parts[1]) != nil else { continue }
            if kill(pid, 0) == 0 || errno != ESRCH { continue }
            unlink(folder + "/" + entry)
        }
    }

    private static func writeDirectly(_ bytes: [UInt8], to target: String, shownAs path: String) throws {
        let descriptor = open(target, O_WRONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw FileError("cannot write \(path): \(reason(errno))", hint: "check the path and its permissions")
        }
        if let code = writeAll(bytes, to: descriptor) {
            close(descriptor)
            throw FileError("cannot write \(path): \(reason(code))", hint: "free space or fix the cause, then run again")
        }
        if close(descriptor) != 0 {
            throw FileError("cannot write \(path): \(reason(errno))", hint: "free space or fix the cause, then run again")
        }
    }

    /// Writes every byte, retrying short writes; the `errno` of a failure.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) -> Int32? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            if written == 0 { return EIO }
            offset += written
        }
        return nil
    }

    static func reason(_ code: Int32) -> String {
        String(cString: strerror(code))
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
