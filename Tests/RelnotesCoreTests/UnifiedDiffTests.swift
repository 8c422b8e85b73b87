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
}
