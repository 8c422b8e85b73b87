import Foundation

extension FixtureRepository {
    /// Configures this repository to sign with a fresh ed25519 SSH key (`gpg.format = ssh`),
    /// made beside the repository, and allows that key for `rm@example.com`, so that
    /// `git tag -v` and `git verify-commit` accept what relnotes signs.
    public func configureSSHSigning() throws {
        let key = url.deletingLastPathComponent().appendingPathComponent("id_ed25519")
        let generated = try ProcessRunner.run(
            executable: "/usr/bin/env",
            arguments: ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "rm@example.com", "-f", key.path],
            directory: url
        )
        guard generated.status == 0 else { throw FixtureError("ssh-keygen failed: \(generated.standardError)") }
        let publicKey = try String(contentsOf: key.appendingPathExtension("pub"), encoding: .utf8)
        let allowed = url.deletingLastPathComponent().appendingPathComponent("allowed_signers")
        try Data("rm@example.com \(publicKey)".utf8).write(to: allowed)
        try git("config", "gpg.format", "ssh")
        try git("config", "user.signingkey", key.path)
        try git("config", "gpg.ssh.allowedSignersFile", allowed.path)
    }
}
