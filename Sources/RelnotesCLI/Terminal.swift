import Foundation
import Synchronization

/// stdout or stderr, written without buffering surprises, with optional colour.
///
/// A failed write (a full disk, a closed pipe, `/dev/full`) is remembered: the descriptor's
/// later writes are skipped, and the entry point turns the failure of stdout into exit 2 with
/// its cause (SIGPIPE is ignored, so a closed pipe is the error `Broken pipe`, not a silent
/// death).
struct Terminal: Sendable {
    let descriptor: Int32

    static let standardOutput = Terminal(descriptor: STDOUT_FILENO)
    static let standardError = Terminal(descriptor: STDERR_FILENO)

    /// `--color`, set once by the root command before any output.
    nonisolated(unsafe) static var colorChoice: ColorChoice = .auto

    /// The `errno` of the first failed write per descriptor.
    private static let failures = Mutex<[Int32: Int32]>([:])

    /// The cause of the first write to this descriptor that failed, if one did.
    var failure: Int32? {
        Self.failures.withLock { $0[descriptor] }
    }

    func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Writes raw bytes (a streamed document), retrying short writes; after a failure, nothing.
    func write(bytes: [UInt8]) {
        guard !bytes.isEmpty, failure == nil else { return }
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written < 0, errno == EINTR { continue }
            if written <= 0 {
                let code = written < 0 ? errno : EIO
                Self.failures.withLock { failures in
                    if failures[descriptor] == nil { failures[descriptor] = code }
                }
                return
            }
            offset += written
        }
    }

    var usesColor: Bool {
        switch Terminal.colorChoice {
        case .always: true
        case .never: false
        case .auto: isatty(descriptor) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
        }
    }

    func styled(_ text: String, _ code: String) -> String {
        usesColor ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// `relnotes: error: <message>` and, on the next line, `hint: <hint>`.
    func error(_ message: String, hint: String?) {
        var text = "relnotes: \(styled("error:", "1;31")) \(message)\n"
        if let hint { text += "\(styled("hint:", "1")) \(hint)\n" }
        write(text)
    }

    /// `relnotes: warning: <message>`.
    func warning(_ message: String) {
        write("relnotes: \(styled("warning:", "1;33")) \(message)\n")
    }
}
