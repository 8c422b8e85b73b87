import Foundation

/// The argument lists of the commands in a Markdown body's `sh` blocks, as a POSIX shell splits
/// them: Python's `shlex`, after joining backslash-newline continuations as the shell does. Tests
/// use it to check that every value interpolated into a command line was quoted.
public func shellCommands(in body: String) throws -> [[String]] {
    var blocks: [String] = []
    var current: [Substring]?
    for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
        if current == nil, line == "```sh" {
            current = []
        } else if line == "```", let lines = current {
            blocks.append(lines.joined(separator: "\n"))
            current = nil
        } else if current != nil {
            current?.append(line)
        }
    }
    let script = """
        import json, shlex, sys
        text = sys.stdin.read().replace("\\\\\\n", "")
        print(json.dumps([shlex.split(line) for line in text.split("\\n") if line.strip()]))
        """
    let result = try ProcessRunner.run(
        executable: "/usr/bin/env", arguments: ["python3", "-c", script],
        directory: FileManager.default.temporaryDirectory, input: Data(blocks.joined(separator: "\n").utf8)
    )
    guard result.status == 0 else { throw FixtureError("python3 shlex failed: \(result.standardError)") }
    guard let commands = try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [[String]] else {
        throw FixtureError("python3 shlex printed no list of argument lists")
    }
    return commands
}
