/// A unified diff of two texts, line by line (`diff -u` layout, 3 lines of context), built on
/// the standard library's Myers difference.
public struct UnifiedDiff: Sendable {
    /// Lines of context around each change.
    public var context: Int

    public init(context: Int = 3) {
        self.context = context
    }

    /// The diff from `old` to `new`, or the empty string when they are equal.
    public func diff(from old: String, to new: String, oldName: String, newName: String) -> String {
        guard old != new else { return "" }
        let oldLines = Self.lines(old)
        let newLines = Self.lines(new)
        let changes = newLines.difference(from: oldLines)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in changes {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        // Walk both sides in step, producing an edit script of (kind, old index, new index).
        enum Kind { case same, remove, insert }
        var script = [(kind: Kind, old: Int, new: Int)]()
        var oldIndex = 0, newIndex = 0
        while oldIndex < oldLines.count || newIndex < newLines.count {
            if oldIndex < oldLines.count, removed.contains(oldIndex) {
                script.append((.remove, oldIndex, newIndex)); oldIndex += 1
            } else if newIndex < newLines.count, inserted.contains(newIndex) {
                script.append((.insert, oldIndex, newIndex)); newIndex += 1
            } else {
                script.append((.same, oldIndex, newIndex)); oldIndex += 1; newIndex += 1
            }
        }
        var output = "--- \(oldName)\n+++ \(newName)\n"
        var position = 0
        while position < script.count {
            guard let firstChange = script[position...].firstIndex(where: { $0.kind != .same }) else { break }
            let start = max(position, firstChange - context)
            var end = firstChange
            // Extend the hunk while the next change is within 2 × context lines.
            while true {
                guard let nextSame = script[end...].firstIndex(where: { $0.kind == .same }) else { end = script.count; break }
                let nextChange = script[nextSame...].firstIndex(where: { $0.kind != .same })
                if let nextChange, nextChange - nextSame <= 2 * context {
                    end = nextChange
                } else {
                    end = min(script.count, nextSame + context)
                    break
                }
            }
            let hunk = script[start..<end]
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .remove }.count
            let oldStart = oldCount == 0 ? hunk.first!.old : hunk.first!.old + 1
            let newStart = newCount == 0 ? hunk.first!.new : hunk.first!.new + 1
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for step in hunk {
                switch step.kind {
                case .same: output += " \(oldLines[step.old])\n"
                case .remove: output += "-\(oldLines[step.old])\n"
                case .insert: output += "+\(newLines[step.new])\n"
                }
            }
            position = end
        }
        return output
    }

    private static func lines(_ text: String) -> [Substring] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
