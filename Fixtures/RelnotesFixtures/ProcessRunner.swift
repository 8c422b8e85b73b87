import Foundation

/// Runs a program to completion and collects what it wrote.
public enum ProcessRunner {
    /// What a finished program left behind.
    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
        public var standardOutputData: Data
    }

    /// Runs `executable` with `arguments` in `directory`; standard input is `input` (or empty).
    public static func run(
        executable: String, arguments: [String], directory: URL,
        environment: [String: String]? = nil, input: Data? = nil
    ) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = directory
        if let environment { process.environment = environment }
        let outputPipe = Pipe(), errorPipe = Pipe(), inputPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        process.standardInput = inputPipe
        try process.run()
        // Read both pipes on their own threads so that a chatty program never blocks on a full pipe.
        let output = PipeReader(outputPipe.fileHandleForReading)
        let error = PipeReader(errorPipe.fileHandleForReading)
        if let input { inputPipe.fileHandleForWriting.write(input) }
        try inputPipe.fileHandleForWriting.close()
        let outputData = output.finish()
        let errorData = error.finish()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorData, as: UTF8.self),
            standardOutputData: outputData
        )
    }
}

/// Drains a pipe on a background thread.
///
/// `@unchecked Sendable`: `data` is written only by the reading thread before it signals the
/// semaphore, and read only after `finish()` has waited on that semaphore.
private final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }

    func finish() -> Data {
        done.wait()
        return data
    }
}
