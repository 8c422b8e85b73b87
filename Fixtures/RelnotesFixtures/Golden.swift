import Foundation

/// Golden files: expected outputs committed beside the tests that check them.
///
/// Set `RELNOTES_RECORD=1` (or run `make golden`) to rewrite them from the current output; a
/// recording run reports every rewritten file as a failure, so a refreshed golden file never
/// passes unnoticed.
public enum Golden {
    /// Whether this run re-records golden files.
    public static var isRecording: Bool {
        ProcessInfo.processInfo.environment["RELNOTES_RECORD"] == "1"
    }

    /// Compares `actual` with the file at `url`; returns `nil` when they match, else a problem
    /// to report (a missing file, a difference, or "re-recorded").
    public static func problem(comparing actual: String, with url: URL) -> String? {
        if isRecording {
            do {
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try Data(actual.utf8).write(to: url)
            } catch {
                return "could not record \(url.path): \(error)"
            }
            return "re-recorded \(url.lastPathComponent); run again without RELNOTES_RECORD to check it"
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return "missing golden file \(url.path); run with RELNOTES_RECORD=1 to record it"
        }
        let expected = String(decoding: data, as: UTF8.self)
        guard expected != actual else { return nil }
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let line = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expectedLines.count, actualLines.count)
        let want = line < expectedLines.count ? String(expectedLines[line]) : "<end of file>"
        let got = line < actualLines.count ? String(actualLines[line]) : "<end of output>"
        return "\(url.lastPathComponent):\(line + 1): expected \"\(want)\", got \"\(got)\""
    }
}
