/// Someone who wrote or co-wrote commits of a release.
public struct Contributor: Hashable, Sendable {
    /// The name, as written in commits.
    public var name: String
    /// The email address, as written in commits.
    public var email: String
    /// Whether none of the history before this release has a commit by them.
    public var firstTime: Bool

    /// Creates a contributor.
    public init(name: String, email: String, firstTime: Bool) {
        self.name = name
        self.email = email
        self.firstTime = firstTime
    }

    /// `{"name", "email", "first_time"}`.
    public var json: JSONValue {
        .object(["name": .string(name), "email": .string(email), "first_time": .bool(firstTime)])
    }
}

/// Finds the contributors of a release from commit authors and `Co-authored-by:` trailers.
/// No network: people are told apart by e-mail address (case-insensitive), else by name.
public enum ContributorFinder {
    /// Shows a person under their canonical name and email (the repository's mailmap).
    public typealias Identity = (_ name: String, _ email: String) -> (name: String, email: String)

    /// The contributors of `commits`, in order of their first appearance (newest commit first),
    /// each marked first-time unless one of `earlier` has them as author or co-author.
    ///
    /// Authors are taken as the commits give them (a repository's reader already shows them
    /// under their mailmap identity); `Co-authored-by:` people go through `identity`, so one
    /// person is listed once, and first-time marks compare canonical identities.
    public static func contributors(of commits: [ConventionalCommit], earlier: [ConventionalCommit], identity: Identity = { ($0, $1) }) -> [Contributor] {
        contributors(of: commits, identity: identity) { unseen in
            for commit in earlier {
                for person in people(of: commit, identity: identity) { unseen.remove(key(person)) }
            }
        }
    }

    /// The contributors of `commits`, each marked first-time unless `earlier` has them as
    /// author or co-author, reading `earlier` only until everyone of `commits` has been met:
    /// most people of a release committed shortly before it, so the rest of the history is
    /// never read. A first-time contributor still costs a walk of all of `earlier`.
    ///
    /// Messages `earlier` leaves out (``Authorship/message`` `nil`) name no co-author.
    public static func contributors(of commits: [ConventionalCommit], earlier: any AuthorshipCursor, identity: Identity = { ($0, $1) }) throws -> [Contributor] {
        let parser = ConventionalCommitParser()
        return try contributors(of: commits, identity: identity) { unseen in
            while !unseen.isEmpty, let commit = try earlier.next() {
                unseen.remove(key((commit.author.name, commit.author.email)))
                // Only a message that may name a co-author is parsed for its trailers.
                guard let message = commit.message, Authorship.mayNameCoAuthors(message) else { continue }
                let raw = RawCommit(id: commit.id, parents: [], author: commit.author, committer: commit.author, message: message)
                for person in people(of: parser.parse(raw), identity: identity) { unseen.remove(key(person)) }
            }
        }
    }

    /// The people of `commits` in order of first appearance; `removeKnown` takes the keys of
    /// them all and removes those who committed earlier.
    private static func contributors(of commits: [ConventionalCommit], identity: Identity, removeKnown: (inout Set<String>) throws -> Void) rethrows -> [Contributor] {
        var seen = Set<String>()
        var people: [(name: String, email: String)] = []
        for commit in commits.reversed() {
            for person in Self.people(of: commit, identity: identity) where seen.insert(key(person)).inserted {
                people.append(person)
            }
        }
        var unseen = seen
        try removeKnown(&unseen)
        return people
            .map { Contributor(name: $0.name, email: $0.email, firstTime: unseen.contains(key($0))) }
            .sorted { $0.name.lowercased() < $1.name.lowercased() }
    }

    private static func key(_ person: (name: String, email: String)) -> String {
        person.email.isEmpty ? "name:" + person.name.lowercased() : person.email.lowercased()
    }

    /// The author, then every `Co-authored-by: Name <email>` trailer.
    static func people(of commit: ConventionalCommit, identity: Identity = { ($0, $1) }) -> [(name: String, email: String)] {
        var people = [(name: commit.author.name, email: commit.author.email)]
        for footer in commit.footers where footer.hasToken("Co-authored-by") {
            // A trailer is one line; what a continuation line adds (a fake heading, a
            // `-----BEGIN` line) is not part of anyone's name.
            let value = footer.value.prefix { $0 != "\n" && $0 != "\r" }
            if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
                let name = String(MessageText.trimming(value[..<open]))
                people.append(identity(name, String(value[value.index(after: open)..<close])))
            } else {
                people.append(identity(String(MessageText.trimming(value)), ""))
            }
        }
        return people.filter { !$0.name.isEmpty || !$0.email.isEmpty }
    }
}
