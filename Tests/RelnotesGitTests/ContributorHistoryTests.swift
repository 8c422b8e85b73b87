import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

@Suite("the older history the first-time check reads")
struct ContributorHistoryTests {
    @Test("authorships give every commit the full walk gives, with the same author, and every message that names a co-author", arguments: scenariosWithHistory)
    func sameAsFullWalk(scenario: Scenario) throws {
        let fixture = try scenario.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let full = try repository.commits(reachableFrom: [head], hiding: [])
        var given: [CommitID: Authorship] = [:]
        let cursor = try repository.authorships(from: head)
        while let authorship = try cursor.next() {
            #expect(given.updateValue(authorship, forKey: authorship.id) == nil, "given twice: \(authorship.id)")
        }
        #expect(Set(given.keys) == Set(full.map(\.id)))
        for commit in full {
            let authorship = try #require(given[commit.id])
            #expect(authorship.author == commit.author)
            if commit.message.lowercased().contains("co-authored-by") {
                #expect(authorship.message == commit.message)
            } else if let message = authorship.message {
                #expect(message == commit.message)
            }
        }
    }

    @Test("a note that replaces a message is what the authorship gives, co-authors included")
    func noteReplacesMessage() throws {
        let fixture = try FixtureRepository()
        let first = try fixture.commit("feat: pairing")
        _ = try fixture.git("notes", "--ref=relnotes", "add", "-m", "feat: pairing\n\nCo-authored-by: Grace Hopper <grace@example.com>", first)
        let repository = try GitRepository.discover(from: fixture.url.path)
        let id = try #require(CommitID(hex: first))
        let authorship = try #require(try repository.authorships(from: id).next())
        #expect(authorship.message == "feat: pairing\n\nCo-authored-by: Grace Hopper <grace@example.com>\n")
    }

    @Test("an author first seen on a side branch merged before the previous release is returning, not first-time")
    func sideBranchAuthorIsReturning() throws {
        let fixture = try FixtureRepository()
        _ = try fixture.commit("feat: base")
        try fixture.branch("topic")
        try fixture.checkout("topic")
        _ = try fixture.commit("fix: from the side", file: "side.txt", author: "Side Person <side@example.com>")
        try fixture.checkout("main")
        _ = try fixture.commit("feat: on main")
        _ = try fixture.merge("topic")
        // Many commits after the merge, so the side commit is far from the previous release.
        for index in 0..<30 { _ = try fixture.commit("chore: step \(index)") }
        try fixture.tag("v1.0.0")
        _ = try fixture.commit("fix: back again", author: "Side Person <side@example.com>")
        _ = try fixture.commit("fix: newcomer", author: "New Person <new@example.com>")
        try fixture.tag("v1.1.0")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let selected = try ReleaseSelector(configuration: Configuration()).select(.tag("v1.1.0"), in: repository)
        #expect(selected.contributors.map { "\($0.email) \($0.firstTime)" } == ["new@example.com true", "side@example.com false"])
    }

    @Test("in a shallow clone the first-time check answers when the history it has suffices, and refuses to guess when it does not")
    func shallowClone() throws {
        let source = try FixtureRepository()
        _ = try source.commit("feat: base", author: "Old Timer <old@example.com>")
        for index in 0..<3 { _ = try source.commit("chore: step \(index)") }
        try source.tag("v1.0.0")
        _ = try source.commit("fix: regular")
        try source.tag("v1.1.0")
        let clone = try source.clone(depth: 3)
        let repository = try GitRepository.discover(from: clone.url.path)
        #expect(repository.isShallow)
        let selected = try ReleaseSelector(configuration: Configuration()).select(.tag("v1.1.0"), in: repository)
        #expect(selected.contributors.map(\.firstTime) == [false])

        _ = try source.commit("fix: again", author: "Old Timer <old@example.com>")
        try source.tag("v1.2.0")
        let cut = try source.clone(depth: 3)
        let shallow = try GitRepository.discover(from: cut.url.path)
        let error = #expect(throws: GitError.self) { try ReleaseSelector(configuration: Configuration()).select(.tag("v1.2.0"), in: shallow) }
        #expect(error?.code == .shallowHistory)
        // The walk itself gives what the clone has, then refuses rather than ending.
        let tip = try #require(try shallow.tagReferences().first { $0.name == "v1.1.0" }).target
        let cursor = try shallow.authorships(from: tip)
        var given = 0
        let walkError = #expect(throws: GitError.self) { while try cursor.next() != nil { given += 1 } }
        #expect(walkError?.code == .shallowHistory)
        #expect(given == 2)
    }
}
