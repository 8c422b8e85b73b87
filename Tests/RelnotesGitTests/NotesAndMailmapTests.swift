import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

@Suite("git notes and mailmap through libgit2")
struct NotesAndMailmapTests {
    @Test("notes under refs/notes/relnotes are read by the commit they annotate; other notes refs are not")
    func notes() throws {
        let fixture = try FixtureRepository()
        let first = try fixture.commit("feat: bad message")
        let second = try fixture.commit("fix: fine")
        _ = try fixture.git("notes", "--ref=relnotes", "add", "-m", "feat(api): clearer text", first)
        _ = try fixture.git("notes", "add", "-m", "an ordinary note", second)
        let repository = try GitRepository.discover(from: fixture.url.path)
        let notes = try repository.notes()
        #expect(notes.count == 1)
        #expect(notes[CommitID(hex: first)!] == "feat(api): clearer text\n")
    }

    @Test("a repository without the notes reference has no notes")
    func noNotes() throws {
        let fixture = try FixtureRepository()
        _ = try fixture.commit("feat: x")
        #expect(try GitRepository.discover(from: fixture.url.path).notes().isEmpty)
    }

    @Test("the mailmap resolves people as git does")
    func mailmap() throws {
        let fixture = try FixtureRepository()
        try "Ana Lima <ana@example.com> <ana@old.example.com>\nBo Chen <bo@example.com> Bob <bob@example.com>\n"
            .write(to: fixture.url.appendingPathComponent(".mailmap"), atomically: true, encoding: .utf8)
        _ = try fixture.commit("chore: mailmap", changing: [".mailmap"])
        let mailmap = try GitRepository.discover(from: fixture.url.path).mailmap()
        #expect(mailmap.resolve(name: "Ana L.", email: "ana@old.example.com") == ("Ana Lima", "ana@example.com"))
        #expect(mailmap.resolve(name: "Bob", email: "bob@example.com") == ("Bo Chen", "bo@example.com"))
        #expect(mailmap.resolve(name: "Eve", email: "eve@example.com") == ("Eve", "eve@example.com"))
    }
}
