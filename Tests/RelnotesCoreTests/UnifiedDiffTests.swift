import Foundation
import Testing
import RelnotesCore

@Suite("unified diff for changelog --check")
struct UnifiedDiffTests {
    @Test("equal texts give no diff")
    func equal() {
        #expect(UnifiedDiff().diff(from: "a\nb\n", to: "a\nb\n", oldName: "x", newName: "y").isEmpty)
    }

    @Test("a changed line in the middle gives one hunk with three lines of context")
    func oneHunk() {
        let old = (1...10).map { "line \($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "line 5\n", with: "line five\n")
        #expect(UnifiedDiff().diff(from: old, to: new, oldName: "CHANGELOG.md", newName: "CHANGELOG.md (expected)") == """
            --- CHANGELOG.md
            +++ CHANGELOG.md (expected)
            @@ -2,7 +2,7 @@
             line 2
             line 3
             line 4
            -line 5
            +line five
             line 6
             line 7
             line 8

            """)
    }

    @Test("changes far apart give separate hunks; additions at the end and to an empty file work")
    func separateHunks() {
        let old = (1...20).map { "l\($0)" }.joined(separator: "\n") + "\n"
        let new = old.replacingOccurrences(of: "l2\n", with: "L2\n").replacingOccurrences(of: "l19\n", with: "L19\n") + "l21\n"
        let diff = UnifiedDiff().diff(from: old, to: new, oldName: "a", newName: "b")
        #expect(diff.components(separatedBy: "\n@@ ").count == 3)
        #expect(diff.contains("@@ -1,5 +1,5 @@"))
        #expect(diff.hasSuffix("-l19\n+L19\n l20\n+l21\n"))
        #expect(UnifiedDiff().diff(from: "", to: "x\n", oldName: "a", newName: "b") == "--- a\n+++ b\n@@ -0,0 +1,1 @@\n+x\n")
    }

    @Test("the diff is a shortest edit script: its lines rebuild both texts, and it has as many changes as the LCS says", arguments: 0..<60)
    func shortestScript(seed: Int) {
        var random = SplitMix(seed: UInt64(seed) &* 7919)
        let alphabet = ["a", "b", "c", "d", "a\r", "é", "e\u{301}"]
        let old = (0..<random.next(upTo: 14)).map { _ in alphabet[random.next(upTo: 4 + seed % 4)] }
        let new = (0..<random.next(upTo: 14)).map { _ in alphabet[random.next(upTo: 4 + seed % 4)] }
        let oldText = old.map { $0 + "\n" }.joined(), newText = new.map { $0 + "\n" }.joined()
        // One hunk with all of both texts, so that the body can be read back.
        let diff = UnifiedDiff(context: 1_000).diff(from: oldText, to: newText, oldName: "a", newName: "b")
        guard oldText.utf8.elementsEqual(newText.utf8) else {
            let body = Array(diff.utf8).split(separator: 10, omittingEmptySubsequences: false).dropFirst(3).dropLast().map { String(decoding: $0, as: UTF8.self) }
            #expect(body.filter { !$0.hasPrefix("+") }.map { String($0.dropFirst()) } == old)
            #expect(body.filter { !$0.hasPrefix("-") }.map { String($0.dropFirst()) } == new)
            #expect(body.filter { !$0.hasPrefix(" ") }.count == old.count + new.count - 2 * Self.lcs(old, new))
            // Removals come before insertions in each run of changes, as diff -u prints them.
            #expect(!zip(body, body.dropFirst()).contains { $0.0.hasPrefix("+") && $0.1.hasPrefix("-") })
            return
        }
        #expect(diff.isEmpty)
    }

    /// The length of the longest common subsequence, by the textbook table (bytewise).
    static func lcs(_ a: [String], _ b: [String]) -> Int {
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in a.indices.reversed() {
            for j in b.indices.reversed() {
                table[i][j] = Array(a[i].utf8) == Array(b[j].utf8) ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        return table[0][0]
    }

    @Test("lines ending in CRLF are lines: a changed CRLF line gives a one-line hunk")
    func crlfLines() {
        let diff = UnifiedDiff().diff(from: "a\r\nb\r\nc\r\n", to: "a\r\nB\r\nc\r\n", oldName: "x", newName: "y")
        #expect(Array(diff.utf8) == Array("--- x\n+++ y\n@@ -1,3 +1,3 @@\n a\r\n-b\r\n+B\r\n c\r\n".utf8))
    }

    @Test("past maximumEdits changed lines the diff is a one-line summary; at the limit it is the full diff")
    func cap() {
        let old = (0..<100_000).map { "old \($0)\n" }.joined()
        let new = (0..<100_000).map { "new \($0)\n" }.joined()
        let summary = UnifiedDiff(maximumEdits: 50).diff(from: old, to: new, oldName: "CHANGELOG.md", newName: "expected")
        #expect(summary == "--- CHANGELOG.md\n+++ expected\n@@ more than 50 lines differ (100000 lines in CHANGELOG.md, 100000 expected); too many to show @@\n")
        // Unequal lengths beyond the limit are caught before any search.
        #expect(UnifiedDiff(maximumEdits: 3).diff(from: "a\n", to: "a\nb\nc\nd\ne\n", oldName: "x", newName: "y").contains("more than 3 lines differ"))
        let ten = (0..<10).map { "l\($0)\n" }.joined()
        let changed = ten.replacingOccurrences(of: "l4\n", with: "L4\n").replacingOccurrences(of: "l5\n", with: "L5\n")
        let exact = UnifiedDiff(maximumEdits: 4).diff(from: ten, to: changed, oldName: "x", newName: "y")
        #expect(exact == "--- x\n+++ y\n@@ -2,8 +2,8 @@\n l1\n l2\n l3\n-l4\n-l5\n+L4\n+L5\n l6\n l7\n l8\n")
        #expect(UnifiedDiff(maximumEdits: 3).diff(from: ten, to: changed, oldName: "x", newName: "y").contains("more than 3 lines differ"))
    }
}
