import Foundation

/// stdout or stderr, written without buffering surprises, with optional colour.
struct Terminal: Sendable {
    let descriptor: Int32

    static let standardOutput = Terminal(descriptor: STDOUT_FILENO)
    static let standardError = Terminal(descriptor: STDERR_FILENO)

    /// `--color`, set once by the root command before any output.
    nonisolated(unsafe) static var colorChoice: ColorChoice = .auto

    func write(_ text: String) {
        write(bytes: Array(text.utf8))
    }

    /// Writes raw bytes (a streamed document), retrying short writes.
    func write(bytes: [UInt8]) {
        var bytes = bytes
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { buffer in
                Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
            }
            if written <= 0 {
                if written < 0, errno == EINTR { continue }
                return
            }
            offset += written
        }
        bytes.removeAll()
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
