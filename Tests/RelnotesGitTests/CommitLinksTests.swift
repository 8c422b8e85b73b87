import Foundation
import RelnotesCore
import RelnotesFixtures
import RelnotesGit
import Testing

@Suite("the history walk of changelog --all")
struct CommitLinksTests {
    @Test("the history walk meets every commit a range walk reads, with the same parents and committer time, and completed gives the same commit", arguments: scenariosWithHistory)
    func linksCompleteToTheRangeWalksCommits(scenario: Scenario) throws {
        let fixture = try scenario.build()
        let repository = try GitRepository.discover(from: fixture.url.path)
        let head = try #require(try repository.head())
        let walked = try repository.commits(reachableFrom: [head], hiding: [])
        let links = try repository.commitLinks(reachableFrom: head)
        #expect(Set(links.map(\.id)) == Set(walked.map(\.id)))
        #expect(links.count == walked.count)
        let byID = Dictionary(uniqueKeysWithValues: walked.map { ($0.id, $0) })
        for link in links {
            let expected = try #require(byID[link.id])
            #expect(link.parents == expected.parents)
            #expect(link.committer.time == expected.committer.time)
            // Messages (a relnotes note, invalid UTF-8) and authors (the mailmap) as a range walk reads them.
            #expect(try repository.completed(link) == expected)
        }
    }
}
