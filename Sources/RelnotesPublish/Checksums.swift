import Crypto
import Foundation

/// SHA-256 checksums, as `sha256sum` prints and checks them.
public enum Checksums {
    /// The lower-case hexadecimal SHA-256 of `data`.
    public static func sha256(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// The lower-case hexadecimal SHA-256 of the file at `path`, read in 1 MiB pieces so that
    /// a large file is never held in memory; `nil` when it cannot be read.
    public static func sha256(fileAt path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var hasher = SHA256()
        do {
            // `nil` or an empty piece is the end of the file; a read error throws.
            while let piece = try handle.read(upToCount: 1 << 20), !piece.isEmpty {
                hasher.update(data: piece)
            }
        } catch {
            return nil
        }
        return hasher.finalize().map { byte in
            let text = String(byte, radix: 16)
            return byte < 16 ? "0" + text : text
        }.joined()
    }

    /// A `checksums.txt` body: one `<sha256>  <name>` line per file, sorted by name, so that
    /// `sha256sum -c checksums.txt` verifies the downloaded files.
    public static func file(_ entries: [(name: String, sha256: String)]) -> String {
        entries.sorted { $0.name < $1.name }.map { "\($0.sha256)  \($0.name)\n" }.joined()
    }
}
