import Foundation
import RelnotesCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signs a tag as `git tag -s` does, by running the program git would run, so that
/// `git tag -v` verifies the result: `gpg` for `gpg.format = openpgp` (the default), `gpgsm`
/// for `gpg.format = x509`, or `ssh-keygen -Y sign` for `gpg.format = ssh`.
///
/// The signer runs with a time limit (``timeLimit``); its output and error streams are read
/// while the payload is written, so a signer that writes much to stderr cannot stall relnotes,
/// and one that exits without reading (or cannot be started) is an error, never a signal.
public struct TagSigner: Sendable {
    /// The kind of signature, as git's `gpg.format` names it.
    public enum Format: String, Sendable {
        /// `openpgp` (gpg, git's default), `x509` (gpgsm) or `ssh` (`ssh-keygen -Y sign`).
        case openpgp, x509, ssh
    }

    /// Which kind of signature to make.
    public var format: Format
    /// The key: a gpg key id or user id; for ssh a key file, or a public key written `key::ssh-…`.
    public var key: String
    /// The program to run (`gpg.program`, `gpg.x509.program`, `gpg.ssh.program`): a path, or a
    /// name looked up in `PATH`.
    public var program: String
    /// The environment the signer runs with; its `PATH` is where a program name is looked up.
    public var environment: [String: String]
    /// How long the signer may take (a passphrase prompt included) before it is stopped.
    public var timeLimit: TimeInterval

    /// Creates a signer; without `program`, the format's default (`gpg`, `gpgsm` or `ssh-keygen`)
    /// is looked up in `PATH`.
    public init(format: Format, key: String, program: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, timeLimit: TimeInterval = 120) {
        self.format = format
        self.key = key
        switch format {
        case .openpgp: self.program = program ?? "gpg"
        case .x509: self.program = program ?? "gpgsm"
        case .ssh: self.program = program ?? "ssh-keygen"
        }
        self.environment = environment
        self.timeLimit = timeLimit
    }

    /// Reads `gpg.format`, `user.signingkey`, `gpg.program` / `gpg.x509.program` /
    /// `gpg.ssh.program` the way git does; without `user.signingkey`, openpgp and x509 sign with
    /// the tagger's identity.
    public static func configured(in repository: GitRepository, tagger: Signature, environment: [String: String]) throws -> TagSigner {
        let formatName = try repository.configString("gpg.format") ?? "openpgp"
        guard let format = Format(rawValue: formatName) else {
            throw GitError(code: .generic, operation: "sign the tag", detail: "gpg.format = \(TextSanitizer.singleLine(formatName)) is not supported", hint: "use gpg.format = openpgp, x509 or ssh")
        }
        let configuredKey = try repository.configString("user.signingkey")
        switch format {
        case .openpgp:
            return TagSigner(format: .openpgp, key: configuredKey ?? "\(tagger.name) <\(tagger.email)>", program: try repository.configString("gpg.openpgp.program") ?? repository.configString("gpg.program"), environment: environment)
        case .x509:
            return TagSigner(format: .x509, key: configuredKey ?? "\(tagger.name) <\(tagger.email)>", program: try repository.configString("gpg.x509.program"), environment: environment)
        case .ssh:
            guard let configuredKey else {
                throw GitError(code: .generic, operation: "sign the tag", detail: "gpg.format = ssh needs user.signingkey", hint: "set user.signingkey to your SSH key file, e.g. ~/.ssh/id_ed25519.pub")
            }
            return TagSigner(format: .ssh, key: configuredKey, program: try repository.configString("gpg.ssh.program"), environment: environment)
        }
    }

    /// The configuration key that names the program, for hints.
    private var programKey: String {
        switch format {
        case .openpgp: "gpg.program"
        case .x509: "gpg.x509.program"
        case .ssh: "gpg.ssh.program"
        }
    }

    /// The signature to append to `payload` (armored, ending in a newline).
    public func sign(_ payload: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-sign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        switch format {
        case .openpgp, .x509:
            let result = try run(["--status-fd=2", "-bsau", key], input: Data(payload.utf8))
            guard result.status == 0, result.error.contains("[GNUPG:] SIG_CREATED"), !result.output.isEmpty else {
                throw failure("\(program) failed to sign the data", result)
            }
            return String(decoding: result.output, as: UTF8.self)
        case .ssh:
            var keyFile = (key as NSString).expandingTildeInPath
            if key.hasPrefix("key::") || key.hasPrefix("ssh-") {
                let literal = key.hasPrefix("key::") ? String(key.dropFirst(5)) : key
                keyFile = folder.appendingPathComponent("key.pub").path
                try Data((literal + "\n").utf8).write(to: URL(fileURLWithPath: keyFile))
            }
            let buffer = folder.appendingPathComponent("tag")
            try Data(payload.utf8).write(to: buffer)
            let result = try run(["-Y", "sign", "-n", "git", "-f", keyFile, buffer.path], input: nil)
            guard result.status == 0, let signature = FileManager.default.contents(atPath: buffer.path + ".sig") else {
                throw failure("\(program) failed to sign the data", result)
            }
            return String(decoding: signature, as: UTF8.self)
        }
    }

    private func failure(_ message: String, _ result: RunResult) -> GitError {
        let last = result.error.split(separator: "\n").last(where: { !$0.hasPrefix("[GNUPG:]") }).map { TextSanitizer.singleLine($0.prefix(300)) } ?? ""
        var detail = last.isEmpty ? message : "\(message): \(last)"
        if let writeError = result.writeError, result.status != 0 { detail += " (it stopped reading the tag: \(writeError))" }
        return GitError(code: .generic, operation: "sign the tag", detail: detail, hint: "check user.signingkey and gpg.format, and that the key is usable (agent, passphrase)")
    }

    private func cannotRun(_ detail: String) -> GitError {
        GitError(code: .notFound, operation: "run the signer \(TextSanitizer.singleLine(program))", detail: detail, hint: "install it, or set \(programKey) to its path (gpg.format = \(format.rawValue) chooses which program git and relnotes run)")
    }

    /// Where `program` is: itself when it holds a `/`, else the first executable of that name
    /// in the environment's `PATH` (as git runs it, without a shell).
    func resolvedProgram() throws(GitError) -> String {
        if program.isEmpty { throw cannotRun("the program name is empty") }
        if program.contains("/") {
            guard FileManager.default.fileExists(atPath: program) else { throw cannotRun("no such file") }
            guard FileManager.default.isExecutableFile(atPath: program) else { throw cannotRun("not an executable file") }
            return program
        }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (folder.isEmpty ? "." : String(folder)) + "/" + program
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isFolder), !isFolder.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        throw cannotRun("not found in PATH")
    }

    struct RunResult {
        var status: Int32
        var output: Data
        var error: String
        /// Why writing the payload stopped early (the signer exited without reading it), if it did.
        var writeError: String?
    }

    /// Runs the signer: the payload goes to its standard input through a socket (written with
    /// no SIGPIPE, so a signer that exits early gives EPIPE, an error, not a signal), while two
    /// threads drain its output and error streams, all within ``timeLimit``.
    private func run(_ arguments: [String], input: Data?) throws -> RunResult {
        let executable = try resolvedProgram()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error

        var sockets: [Int32] = [-1, -1]
        #if canImport(Glibc)
        let streamType = Int32(SOCK_STREAM.rawValue)
        #else
        let streamType = SOCK_STREAM
        #endif
        guard socketpair(AF_UNIX, streamType, 0, &sockets) == 0 else {
            throw cannotRun("cannot create its input: \(String(cString: strerror(errno)))")
        }
        let ours = sockets[0], theirs = sockets[1]
        // Our end must not leak into the signer, or it would never see the end of its input.
        _ = fcntl(ours, F_SETFD, FD_CLOEXEC)
        #if canImport(Darwin)
        var on: Int32 = 1
        _ = setsockopt(ours, SOL_SOCKET, SO_NOSIGPIPE, &on, socklen_t(MemoryLayout<Int32>.size))
        #endif
        process.standardInput = FileHandle(fileDescriptor: theirs, closeOnDealloc: false)
        do {
            try process.run()
        } catch let launchError {
            close(ours)
            close(theirs)
            throw cannotRun(launchError.localizedDescription)
        }
        close(theirs)
        _ = shutdown(ours, Int32(SHUT_RD))

        let results = SignerStreams()
        let group = DispatchGroup()
        let outputHandle = output.fileHandleForReading, errorHandle = error.fileHandleForReading
        DispatchQueue.global().async(group: group) { results.setOutput(outputHandle.readDataToEndOfFile()) }
        DispatchQueue.global().async(group: group) { results.setError(errorHandle.readDataToEndOfFile()) }
        let payload = input ?? Data()
        DispatchQueue.global().async(group: group) {
            results.setWriteError(Self.write(payload, to: ours))
            close(ours)
        }

        if group.wait(timeout: .now() + timeLimit) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            _ = group.wait(timeout: .now() + 5)
            process.waitUntilExit()
            throw GitError(code: .generic, operation: "sign the tag", detail: "the signer \(TextSanitizer.singleLine(program)) did not finish within \(Int(timeLimit)) s and was stopped", hint: "check that the key is usable without a prompt (gpg-agent, pinentry), or sign the tag with git tag -s")
        }
        process.waitUntilExit()
        let (outputData, errorData, writeError) = results.values
        return RunResult(status: process.terminationStatus, output: outputData, error: String(decoding: errorData, as: UTF8.self), writeError: writeError)
    }

    /// Writes all of `data` to the socket `descriptor`; the reason when it cannot.
    private static func write(_ data: Data, to descriptor: Int32) -> String? {
        #if canImport(Glibc)
        let flags = Int32(MSG_NOSIGNAL)
        #else
        let flags: Int32 = 0
        #endif
        return data.withUnsafeBytes { buffer -> String? in
            guard let base = buffer.baseAddress else { return nil }
            var offset = 0
            while offset < buffer.count {
                let written = send(descriptor, base + offset, buffer.count - offset, flags)
                if written < 0 {
                    if errno == EINTR { continue }
                    return String(cString: strerror(errno))
                }
                offset += written
            }
            return nil
        }
    }
}

/// What the signer's three stream threads produce.
///
/// `@unchecked Sendable`: every stored property is read and written only while `lock` is held,
/// and each is set by exactly one of the threads started in `TagSigner.run`; `values` is read
/// after the dispatch group has finished (or timed out, when the values are not used).
private final class SignerStreams: @unchecked Sendable {
    private let lock = NSLock()
    private var output = Data()
    private var error = Data()
    private var writeError: String?

    func setOutput(_ data: Data) { lock.withLock { output = data } }
    func setError(_ data: Data) { lock.withLock { error = data } }
    func setWriteError(_ text: String?) { lock.withLock { writeError = text } }
    var values: (Data, Data, String?) { lock.withLock { (output, error, writeError) } }
}
