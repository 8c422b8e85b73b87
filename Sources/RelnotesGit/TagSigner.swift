import Foundation
import RelnotesCore

/// Signs a tag as `git tag -s` does, by running the program git would run, so that
/// `git tag -v` verifies the result: `gpg` for `gpg.format = openpgp` (the default), or
/// `ssh-keygen -Y sign` for `gpg.format = ssh`.
public struct TagSigner: Sendable {
    public enum Format: String, Sendable {
        case openpgp, ssh
    }

    public var format: Format
    /// The key: a gpg key id or user id; for ssh a key file, or a public key written `key::ssh-…`.
    public var key: String
    /// The program to run (`gpg.program` / `gpg.ssh.program`).
    public var program: String
    public var environment: [String: String]

    public init(format: Format, key: String, program: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.format = format
        self.key = key
        self.program = program ?? (format == .openpgp ? "gpg" : "ssh-keygen")
        self.environment = environment
    }

    /// Reads `gpg.format`, `user.signingkey`, `gpg.program` / `gpg.ssh.program` the way git does;
    /// without `user.signingkey`, openpgp signs with the tagger's identity.
    public static func configured(in repository: GitRepository, tagger: Signature, environment: [String: String]) throws -> TagSigner {
        let formatName = try repository.configString("gpg.format") ?? "openpgp"
        guard let format = Format(rawValue: formatName) else {
            throw GitError(code: .generic, operation: "sign the tag", detail: "gpg.format = \(formatName) is not supported", hint: "use gpg.format = openpgp or ssh")
        }
        let configuredKey = try repository.configString("user.signingkey")
        switch format {
        case .openpgp:
            return TagSigner(format: .openpgp, key: configuredKey ?? "\(tagger.name) <\(tagger.email)>", program: try repository.configString("gpg.openpgp.program") ?? repository.configString("gpg.program"), environment: environment)
        case .ssh:
            guard let configuredKey else {
                throw GitError(code: .generic, operation: "sign the tag", detail: "gpg.format = ssh needs user.signingkey", hint: "set user.signingkey to your SSH key file, e.g. ~/.ssh/id_ed25519.pub")
            }
            return TagSigner(format: .ssh, key: configuredKey, program: try repository.configString("gpg.ssh.program"), environment: environment)
        }
    }

    /// The signature to append to `payload` (armored, ending in a newline).
    public func sign(_ payload: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-sign-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        defer { try? FileManager.default.removeItem(at: folder) }
        switch format {
        case .openpgp:
            let result = try run([program, "--status-fd=2", "-bsau", key], input: Data(payload.utf8))
            guard result.status == 0, result.error.contains("[GNUPG:] SIG_CREATED"), !result.output.isEmpty else {
                throw failure("gpg failed to sign the data", result.error)
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
            let result = try run([program, "-Y", "sign", "-n", "git", "-f", keyFile, buffer.path], input: nil)
            guard result.status == 0, let signature = FileManager.default.contents(atPath: buffer.path + ".sig") else {
                throw failure("ssh-keygen failed to sign the data", result.error)
            }
            return String(decoding: signature, as: UTF8.self)
        }
    }

    private func failure(_ message: String, _ detail: String) -> GitError {
        let last = detail.split(separator: "\n").last(where: { !$0.hasPrefix("[GNUPG:]") }).map(String.init) ?? ""
        return GitError(code: .generic, operation: "sign the tag", detail: last.isEmpty ? message : "\(message): \(last)", hint: "check user.signingkey and gpg.format, and that the key is usable (agent, passphrase)")
    }

    private func run(_ arguments: [String], input: Data?) throws -> (status: Int32, output: Data, error: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.environment = environment
        let output = Pipe(), error = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = error
        process.standardInput = stdin
        do {
            try process.run()
        } catch {
            throw GitError(code: .notFound, operation: "sign the tag", detail: "cannot run \(arguments[0])", hint: "install it, or set gpg.program / gpg.ssh.program")
        }
        if let input { stdin.fileHandleForWriting.write(input) }
        try? stdin.fileHandleForWriting.close()
        // Signatures and gpg's status lines are small: reading one pipe after the other is safe.
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, outputData, String(decoding: errorData, as: UTF8.self))
    }
}
