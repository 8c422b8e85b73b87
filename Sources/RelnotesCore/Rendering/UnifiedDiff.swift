/// A unified diff of two texts, line by line (`diff -u` layout, 3 lines of context).
///
/// Lines are compared as bytes (a line ends at `\n`; a `\r` before it is part of the line).
/// The edit script comes from Myers' O(ND) algorithm in linear space (the "middle snake"
/// refinement), after the common head and tail are set aside, so time grows with the size of
/// the texts times the number of differing lines. Past `maximumEdits` differing lines the diff
/// is not worth reading and would be slow to compute: a one-line summary stands in for it.
public struct UnifiedDiff: Sendable {
    /// Lines of context around each change.
    public var context: Int
    /// The most inserted plus removed lines shown as a diff; beyond, a summary.
    public var maximumEdits: Int

    /// Creates a differ with `context` lines of context and a summary past `maximumEdits`.
    public init(context: Int = 3, maximumEdits: Int = 20_000) {
        self.context = context
        self.maximumEdits = maximumEdits
    }

    /// The diff from `old` to `new`, or the empty string when they are equal.
    public func diff(from old: String, to new: String, oldName: String, newName: String) -> String {
        guard !old.utf8.elementsEqual(new.utf8) else { return "" }
        let oldLines = Self.lines(old)
        let newLines = Self.lines(new)
        var output = "--- \(oldName)\n+++ \(newName)\n"
        // Lines as numbers: equal lines, equal numbers.
        var numbers: [ArraySlice<UInt8>: Int] = [:]
        let a = oldLines.map { line in numbers[line] ?? { numbers[line] = numbers.count; return numbers.count - 1 }() }
        let b = newLines.map { line in numbers[line] ?? { numbers[line] = numbers.count; return numbers.count - 1 }() }
        guard let script = EditScript(a, b, maximumEdits: maximumEdits) else {
            output += "@@ more than \(maximumEdits) lines differ (\(oldLines.count) lines in \(oldName), \(newLines.count) expected); too many to show @@\n"
            return output
        }
        let steps = script.steps
        let changes = steps.indices.filter { steps[$0].kind != .same }
        var next = 0
        while next < changes.count {
            let first = changes[next]
            var last = first
            next += 1
            // Extend the hunk while the next change is within 2 × context lines.
            while next < changes.count, changes[next] - last - 1 <= 2 * context {
                last = changes[next]
                next += 1
            }
            let hunk = steps[max(0, first - context)..<min(steps.count, last + 1 + context)]
            let oldCount = hunk.filter { $0.kind != .insert }.count
            let newCount = hunk.filter { $0.kind != .remove }.count
            let head = hunk[hunk.startIndex]
            let oldStart = oldCount == 0 ? head.old : head.old + 1
            let newStart = newCount == 0 ? head.new : head.new + 1
            output += "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\n"
            for step in hunk {
                switch step.kind {
                case .same: output += " " + Self.text(oldLines[step.old]) + "\n"
                case .remove: output += "-" + Self.text(oldLines[step.old]) + "\n"
                case .insert: output += "+" + Self.text(newLines[step.new]) + "\n"
                }
            }
        }
        return output
    }

    private static func lines(_ text: String) -> [ArraySlice<UInt8>] {
        let bytes = Array(text.utf8)
        var lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        return lines
    }

    private static func text(_ line: ArraySlice<UInt8>) -> String {
        String(decoding: line, as: UTF8.self)
    }
}

/// The steps that turn one sequence into another, removals before insertions in each run of
/// changes (as `diff -u` prints them).
struct EditScript {
    enum Kind { case same, remove, insert }

    struct Step {
        var kind: Kind
        /// Index in the old sequence (of the line, or where an insertion goes).
        var old: Int
        /// Index in the new sequence.
        var new: Int
    }

    private(set) var steps: [Step] = []

    /// `nil` when more than `maximumEdits` insertions and removals are needed.
    init?(_ a: [Int], _ b: [Int], maximumEdits: Int) {
        var differ = MyersDiffer(a: a, b: b)
        var prefix = 0
        while prefix < a.count, prefix < b.count, a[prefix] == b[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < a.count - prefix, suffix < b.count - prefix, a[a.count - 1 - suffix] == b[b.count - 1 - suffix] { suffix += 1 }
        let aEnd = a.count - suffix, bEnd = b.count - suffix
        guard abs((aEnd - prefix) - (bEnd - prefix)) <= maximumEdits,
              differ.distance(prefix..<aEnd, prefix..<bEnd, limit: maximumEdits) != nil else { return nil }
        var raw: [Step] = []
        raw.reserveCapacity(a.count + b.count)
        for index in 0..<prefix { raw.append(Step(kind: .same, old: index, new: index)) }
        differ.script(prefix..<aEnd, prefix..<bEnd, into: &raw)
        for offset in 0..<suffix { raw.append(Step(kind: .same, old: aEnd + offset, new: bEnd + offset)) }
        // Removals first in each run of changes.
        var index = 0
        while index < raw.count {
            guard raw[index].kind != .same else { steps.append(raw[index]); index += 1; continue }
            var end = index
            while end < raw.count, raw[end].kind != .same { end += 1 }
            let run = raw[index..<end]
            let oldStart = run.first?.old ?? 0, newStart = run.first?.new ?? 0
            var old = oldStart, new = newStart
            for step in run where step.kind == .remove { steps.append(Step(kind: .remove, old: old, new: newStart)); old += 1 }
            for step in run where step.kind == .insert { steps.append(Step(kind: .insert, old: old, new: new)); new += 1 }
            index = end
        }
    }
}

/// Myers' "An O(ND) Difference Algorithm and Its Variations" (1986), section 4b: the middle
/// snake found from both ends at once, so that memory stays linear.
private struct MyersDiffer {
    let a: [Int]
    let b: [Int]
    private var forward: [Int] = []
    private var backward: [Int] = []

    init(a: [Int], b: [Int]) {
        self.a = a
        self.b = b
    }

    /// The number of insertions plus removals, or `nil` past `limit`.
    mutating func distance(_ x: Range<Int>, _ y: Range<Int>, limit: Int) -> Int? {
        if x.isEmpty || y.isEmpty { return x.count + y.count <= limit ? x.count + y.count : nil }
        return middleSnake(x, y, limit: limit)?.distance
    }

    /// Appends the steps from `a[x]` to `b[y]`.
    mutating func script(_ x: Range<Int>, _ y: Range<Int>, into steps: inout [Step]) {
        var x = x, y = y
        var tail: [Step] = []
        while !x.isEmpty, !y.isEmpty, a[x.lowerBound] == b[y.lowerBound] {
            steps.append(Step(kind: .same, old: x.lowerBound, new: y.lowerBound))
            x = (x.lowerBound + 1)..<x.upperBound
            y = (y.lowerBound + 1)..<y.upperBound
        }
        while !x.isEmpty, !y.isEmpty, a[x.upperBound - 1] == b[y.upperBound - 1] {
            tail.append(Step(kind: .same, old: x.upperBound - 1, new: y.upperBound - 1))
            x = x.lowerBound..<(x.upperBound - 1)
            y = y.lowerBound..<(y.upperBound - 1)
        }
        if x.isEmpty {
            for index in y { steps.append(Step(kind: .insert, old: x.lowerBound, new: index)) }
        } else if y.isEmpty {
            for index in x { steps.append(Step(kind: .remove, old: index, new: y.lowerBound)) }
        } else if let snake = middleSnake(x, y, limit: Int.max) {
            script(x.lowerBound..<snake.start.0, y.lowerBound..<snake.start.1, into: &steps)
            for offset in 0..<(snake.end.0 - snake.start.0) {
                steps.append(Step(kind: .same, old: snake.start.0 + offset, new: snake.start.1 + offset))
            }
            script(snake.end.0..<x.upperBound, snake.end.1..<y.upperBound, into: &steps)
        }
        steps += tail.reversed()
    }

    typealias Step = EditScript.Step

    /// The middle snake of the shortest edit script from `a[x]` to `b[y]` (both not empty), as
    /// absolute positions, with the script's length; `nil` when that length passes `limit`.
    private mutating func middleSnake(_ x: Range<Int>, _ y: Range<Int>, limit: Int) -> (distance: Int, start: (Int, Int), end: (Int, Int))? {
        let n = x.count, m = y.count
        let delta = n - m
        let odd = delta & 1 != 0
        let maximum = (n + m + 1) / 2
        let offset = maximum + 1
        let size = 2 * maximum + 3
        if forward.count < size { forward = [Int](repeating: 0, count: size); backward = forward }
        forward[offset + 1] = 0
        backward[offset + 1] = 0
        let x0 = x.lowerBound, y0 = y.lowerBound
        for d in 0...maximum {
            if 2 * d - 1 > limit { return nil }
            // Forward paths, furthest x on each diagonal k = x - y.
            for k in stride(from: -d, through: d, by: 2) {
                var i = k == -d || (k != d && forward[offset + k - 1] < forward[offset + k + 1])
                    ? forward[offset + k + 1] : forward[offset + k - 1] + 1
                var j = i - k
                let (si, sj) = (i, j)
                while i < n, j < m, a[x0 + i] == b[y0 + j] { i += 1; j += 1 }
                forward[offset + k] = i
                let reverse = delta - k
                if odd, reverse >= -(d - 1), reverse <= d - 1, i + backward[offset + reverse] >= n {
                    guard 2 * d - 1 <= limit else { return nil }
                    return (2 * d - 1, (x0 + si, y0 + sj), (x0 + i, y0 + j))
                }
            }
            // Backward paths, counted from the ends: furthest reach on each diagonal of the
            // reversed texts.
            for k in stride(from: -d, through: d, by: 2) {
                var i = k == -d || (k != d && backward[offset + k - 1] < backward[offset + k + 1])
                    ? backward[offset + k + 1] : backward[offset + k - 1] + 1
                var j = i - k
                let (si, sj) = (i, j)
                while i < n, j < m, a[x0 + n - 1 - i] == b[y0 + m - 1 - j] { i += 1; j += 1 }
                backward[offset + k] = i
                let ahead = delta - k
                if !odd, ahead >= -d, ahead <= d, i + forward[offset + ahead] >= n {
                    guard 2 * d <= limit else { return nil }
                    return (2 * d, (x0 + n - i, y0 + m - j), (x0 + n - si, y0 + m - sj))
                }
            }
        }
        return nil
    }
}
