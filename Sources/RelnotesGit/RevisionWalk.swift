internal import CGit2
import Foundation
import RelnotesCore

extension GitRepository {
    /// The commits reachable from `tips` and from none of `hidden`, children before parents and,
    /// among unrelated commits, newest committer time first (`git rev-list --topo-order`).
    ///
    /// - Throws: ``GitError`` with code `shallowHistory` when the walk reaches the boundary of a
    ///   shallow clone: the answer would be missing commits, so none is given.
    public func commits(reachableFrom tips: [CommitID], hiding hidden: [CommitID]) throws(GitError) -> [RawCommit] {
        guard !tips.isEmpty else { return [] }
        let operation = "walk the history"
        var walker: OpaquePointer?
        try check(git_revwalk_new(&walker, handle), operation)
        defer { git_revwalk_free(walker) }
        try check(git_revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), operation)
        do throws(GitError) {
            for tip in tips {
                var oid = tip.oid
                try check(git_revwalk_push(walker, &oid), "\(operation) from \(tip.abbreviated())")
            }
            for hide in hidden {
                var oid = hide.oid
                try check(git_revwalk_hide(walker, &oid), "\(operation) hiding \(hide.abbreviated())")
            }
            var commits: [RawCommit] = []
            var oid = git_oid()
            while true {
                let result = git_revwalk_next(&oid, walker)
                if result == GIT_ITEROVER.rawValue { break }
                try check(result, operation)
                let commit = try readCommit(CommitID(oid))
                if shallowBoundary.contains(commit.id), !commit.parents.isEmpty {
                    throw GitError.shallow(operation: operation)
                }
                commits.append(commit)
            }
            return commits
        } catch {
            // libgit2 1.5 knows nothing of shallow clones: it fails on the missing parents of the
            // boundary commits even when the range never needs them (it reads the parents of
            // hidden commits too). Answer such ranges with a walk that stops at the boundary.
            if isShallow && error.code != .shallowHistory {
                return try walkShallow(reachableFrom: tips, hiding: hidden, operation: operation)
            }
            throw error
        }
    }

    /// The range walk of a shallow clone: boundary commits are read as if they had no parents,
    /// and a range that contains one (so would go on past it) is refused as incomplete.
    private func walkShallow(reachableFrom tips: [CommitID], hiding hidden: [CommitID], operation: String) throws(GitError) -> [RawCommit] {
        var commits: [RawCommit] = []
        var seen = Set<CommitID>()
        var stack = tips + hidden
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            var commit = try readCommit(id)
            if shallowBoundary.contains(id) { commit.parents = [] }
            commits.append(commit)
            stack.append(contentsOf: commit.parents)
        }
        let history = InMemoryHistory(commits: commits, tags: [], head: tips.first)
        let range: [RawCommit]
        do {
            range = try history.commits(reachableFrom: tips, hiding: hidden)
        } catch {
            throw GitError.shallow(operation: operation)
        }
        if range.contains(where: { shallowBoundary.contains($0.id) }) {
            throw GitError.shallow(operation: operation)
        }
        // Give the boundary commits back their real parents.
        return try range.map { commit throws(GitError) in try readCommit(commit.id) }
    }

    /// Whether `ancestor` is `descendant` itself or one of its ancestors.
    public func isAncestor(_ ancestor: CommitID, of descendant: CommitID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var commitOID = descendant.oid
        var ancestorOID = ancestor.oid
        let result = git_graph_descendant_of(handle, &commitOID, &ancestorOID)
        if result < 0, isShallow {
            // As for walks: libgit2 1.5 stumbles on the boundary; decide from a boundary-aware walk.
            let operation = "check ancestry"
            let ancestors = try walkShallowAncestry(of: descendant, operation: operation)
            return ancestors.contains(ancestor)
        }
        try check(result, "check whether \(ancestor.abbreviated()) is an ancestor of \(descendant.abbreviated())")
        return result == 1
    }

    private func walkShallowAncestry(of descendant: CommitID, operation: String) throws(GitError) -> Set<CommitID> {
        var seen = Set<CommitID>()
        var stack = [descendant]
        while let id = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            if shallowBoundary.contains(id) { continue }
            stack.append(contentsOf: try readCommit(id).parents)
        }
        return seen
    }

    /// The commit HEAD points at.
    ///
    /// - Throws: ``GitError`` with code `unbornBranch`, naming the branch, when HEAD is a branch
    ///   with no commits yet (a new repository, or after `git checkout --orphan`). The result
    ///   is optional only to answer `HistoryReader`; a real repository never gives `nil`.
    public func head() throws(GitError) -> CommitID? {
        let unborn = git_repository_head_unborn(handle)
        try check(unborn, "read HEAD")
        if unborn == 1 {
            let branch = unbornBranchName() ?? "HEAD"
            throw GitError(code: .unbornBranch, operation: "read HEAD", detail: "the branch \(branch) has no commits yet", hint: "make a first commit on \(branch), or check out a branch that has commits")
        }
        var object: OpaquePointer?
        try check(git_revparse_single(&object, handle, "HEAD^{commit}"), "read HEAD")
        defer { git_object_free(object) }
        return CommitID(git_object_id(object).pointee)
    }

    /// The branch an unborn HEAD names (`main` for `refs/heads/main`).
    private func unbornBranchName() -> String? {
        var reference: OpaquePointer?
        guard git_reference_lookup(&reference, handle, "HEAD") == 0 else { return nil }
        defer { git_reference_free(reference) }
        guard let target = git_reference_symbolic_target(reference) else { return nil }
        let name = String(cString: target)
        let branch = name.hasPrefix("refs/heads/") ? String(name.dropFirst("refs/heads/".count)) : name
        return TextSanitizer.singleLine(branch)
    }

    /// The parents of a commit (to walk exactly one commit: it, hiding its parents).
    public func readParents(of id: CommitID) throws(GitError) -> [CommitID] {
        try readCommit(id).parents
    }

    /// Reads one commit: parents, author, committer and message (decoded lossily as UTF-8).
    func readCommit(_ id: CommitID) throws(GitError) -> RawCommit {
        var oid = id.oid
        var commit: OpaquePointer?
        let result = git_commit_lookup(&commit, handle, &oid)
        if result < 0, isShallow { throw GitError.shallow(operation: "read commit \(id.abbreviated())") }
        try check(result, "read commit \(id.abbreviated())")
        defer { git_commit_free(commit) }
        let parentCount = git_commit_parentcount(commit)
        var parents: [CommitID] = []
        parents.reserveCapacity(Int(parentCount))
        for index in 0..<parentCount {
            if let parent = git_commit_parent_id(commit, index) { parents.append(CommitID(parent.pointee)) }
        }
        // A note under refs/notes/relnotes replaces the message everywhere (docs/overrides.md).
        let notes = try overridingNotes()
        // String(cString:) repairs invalid UTF-8 with U+FFFD: a broken message never stops a run.
        let message = notes[id] ?? git_commit_message(commit).map { String(cString: $0) } ?? ""
        return RawCommit(
            id: id,
            parents: parents,
            author: Signature(git_commit_author(commit), mailmap: try authorMailmap()),
            committer: Signature(git_commit_committer(commit)),
            message: message
        )
    }

    /// The notes that override commit messages, read once per repository.
    func overridingNotes() throws(GitError) -> [CommitID: String] {
        if let messageNotes { return messageNotes }
        let loaded = try notes(reference: Self.messageNotesReference)
        messageNotes = loaded
        return loaded
    }

    /// The mailmap authors are shown under, read once per repository.
    func authorMailmap() throws(GitError) -> GitMailmap {
        if let cachedMailmap { return cachedMailmap }
        let loaded = try mailmap()
        cachedMailmap = loaded
        return loaded
    }

    /// The name and email the mailmap gives a person (`Co-authored-by:` people; authors of
    /// walked commits already have theirs). As written when the mailmap cannot be read.
    public func canonicalIdentity(name: String, email: String) -> (name: String, email: String) {
        guard let mailmap = try? authorMailmap() else { return (name, email) }
        return mailmap.resolve(name: name, email: email)
    }
}

extension Signature {
    init(_ signature: UnsafePointer<git_signature>?, mailmap: GitMailmap? = nil) {
        guard let signature = signature?.pointee else {
            self.init(name: "", email: "", time: Timestamp(seconds: 0))
            return
        }
        var name = signature.name.map { UnsafePointer($0) }
        var email = signature.email.map { UnsafePointer($0) }
        if let mailmap, let written = name, let writtenEmail = email {
            // Resolved on the C strings, so that a person the mailmap does not know costs no copy.
            // libgit2: the returned strings are the mailmap's or the inputs; both outlive this call.
            var realName: UnsafePointer<CChar>?
            var realEmail: UnsafePointer<CChar>?
            if git_mailmap_resolve(&realName, &realEmail, mailmap.handle, written, writtenEmail) == 0 {
                name = realName ?? written
                email = realEmail ?? writtenEmail
            }
        }
        self.init(
            name: name.map { String(cString: $0) } ?? "",
            email: email.map { String(cString: $0) } ?? "",
            time: Timestamp(seconds: Int64(signature.when.time), offsetMinutes: Int(signature.when.offset))
        )
    }
}

extension GitRepository {
    /// Every commit reachable from `tip`, with its parents and committer time (message and
    /// authors empty: ``completed(_:)`` gives them). Depth first, in no particular order:
    /// ranges are ordered from the graph.
    ///
    /// A commit git's commit-graph file lists is not read at all: its parents, committer time
    /// (seconds; the offset is left 0) and root tree come from the file, as `git log` reads
    /// them, and its text is read only when ``completed(_:)`` asks. A commit the file does not
    /// list (newer than the file, or no file) is read by its headers only (tree, parents,
    /// committer), its text again when ``completed(_:)`` asks. Every commit keeps its root tree
    /// id (``RawCommit/tree``) for path questions.
    ///
    /// - Throws: ``GitError`` with code `shallowHistory` when the walk reaches the boundary of a
    ///   shallow clone, as ``commits(reachableFrom:hiding:)`` does for the same walk.
    public func commitLinks(reachableFrom tip: CommitID) throws(GitError) -> [RawCommit] {
        try commitLinks(reachableFrom: tip) { _ in }
    }

    /// The same, each commit also handed to `observe` as the walk meets it (another thread may
    /// follow the walk while this one collects it).
    public func commitLinks(reachableFrom tip: CommitID, observing observe: (RawCommit) -> Void) throws(GitError) -> [RawCommit] {
        var commits: [RawCommit] = []
        // The file lists about the commits HEAD reaches (and those only other branches reach):
        // room for them at once, rather than growing a large array step by step.
        commits.reserveCapacity(commitGraph?.commitCount ?? 0)
        try walkLinks(reachableFrom: tip) { commit in
            observe(commit)
            commits.append(commit)
            return true
        }
        // Held for the whole run: without much room left over (an array that grew keeps up to
        // half again; one reserved from the file, what only other branches reach).
        guard commits.capacity - commits.count > commits.count / 8 else { return commits }
        return commits.withUnsafeBufferPointer { Array($0) }
    }

    /// Whether git's commit-graph file lists `tip`: the walk then reads no object, but for
    /// commits newer than the file. (Without the file it inflates every commit's headers.)
    public func walksWithoutReadingObjects(from tip: CommitID) -> Bool {
        commitGraph?.position(of: tip) != nil
    }

    /// The commits ``commitLinks(reachableFrom:)`` gives, in the same order, one at a time, until
    /// `visit` returns `false`: another thread, with a repository of its own, may follow the
    /// walk while this one collects it.
    public func walkLinks(reachableFrom tip: CommitID, _ visit: (RawCommit) -> Bool) throws(GitError) {
        let operation = "walk the history"
        let graph = commitGraph
        let reader = try rawCommitReader()
        var seen = Set<CommitID>([tip])
        // Commits of the file, by their place in it: met once each, without hashing ids.
        var seenInGraph = [Bool](repeating: false, count: graph?.commitCount ?? 0)
        var stack: [(id: CommitID, position: Int?)] = [(tip, graph?.position(of: tip))]
        if let position = stack[0].position { seenInGraph[position] = true }
        let nobody = Signature(name: "", email: "", time: Timestamp(seconds: 0))
        var places: [Int] = []
        while let (id, position) = stack.popLast() {
            if let position, let graph {
                var parents: [CommitID] = []
                places.removeAll(keepingCapacity: true)
                if let (tree, time) = graph.record(at: position, parents: &parents, places: &places) {
                    for (index, at) in places.enumerated() where !seenInGraph[at] {
                        seenInGraph[at] = true
                        stack.append((parents[index], at))
                    }
                    guard visit(RawCommit(id: id, parents: parents, author: nobody, committer: Signature(name: "", email: "", time: Timestamp(seconds: time)), message: "", tree: tree)) else { return }
                    continue
                }
            }
            // Not in the file: read the commit's headers (tree, parents, committer), no more.
            let (tree, parents, time) = try reader.withCommit(id) { bytes throws(GitError) in
                var tree: CommitID?
                var parents: [CommitID] = []
                var time = Timestamp(seconds: 0)
                var inParents = true
                _ = try RawCommitReader.headers(of: bytes) { header throws(GitError) in
                    if tree == nil, let value = RawCommitReader.id(in: header, after: "tree ") {
                        tree = value
                    } else if inParents, let parent = RawCommitReader.parent(in: header) {
                        parents.append(parent)
                    } else if RawCommitReader.starts(header, with: "committer ") {
                        time = try Self.signature(UnsafeRawBufferPointer(rebasing: header[10...]), mailmap: nil, commit: id).time
                        inParents = false
                    } else if RawCommitReader.starts(header, with: "author ") {
                        inParents = false
                    }
                }
                return (tree, parents, time)
            }
            if !parents.isEmpty, shallowBoundary.contains(id) { throw GitError.shallow(operation: operation) }
            for parentID in parents {
                if let at = graph?.position(of: parentID) {
                    if !seenInGraph[at] {
                        seenInGraph[at] = true
                        stack.append((parentID, at))
                    }
                } else if seen.insert(parentID).inserted {
                    stack.append((parentID, nil))
                }
            }
            guard visit(RawCommit(id: id, parents: parents, author: nobody, committer: Signature(name: "", email: "", time: time), message: "", tree: tree)) else { return }
        }
    }

    /// A commit given by ``commitLinks(reachableFrom:)``, whole: message (or its overriding
    /// note), author through the mailmap, committer, as ``readCommit(_:)`` gives it.
    public func completed(_ commit: RawCommit) throws(GitError) -> RawCommit {
        try readWhole(commit)
    }

    /// The stored bytes of a commit given by ``commitLinks(reachableFrom:)``, for
    /// ``decoded(_:text:)`` (on this repository or another of the same repository, on another
    /// thread).
    public func commitText(_ commit: RawCommit) throws(GitError) -> CommitText? {
        try rawCommitReader().withCommit(commit.id) { bytes throws(GitError) in CommitText(bytes: Array(bytes)) }
    }

    /// A commit given by ``commitLinks(reachableFrom:)`` made whole from its stored bytes, as
    /// ``completed(_:)`` makes it: this repository's mailmap and notes apply.
    public func decoded(_ commit: RawCommit, text: CommitText) throws(GitError) -> RawCommit {
        // withUnsafeBytes rethrows untyped: the typed error goes through a Result.
        try text.bytes.withUnsafeBytes { bytes in Result { () throws(GitError) in try decode(commit, bytes) } }.get()
    }

    /// A commit read whole from its raw bytes in the object database, without making or
    /// caching a `git_commit`.
    private func readWhole(_ commit: RawCommit) throws(GitError) -> RawCommit {
        try rawCommitReader().withCommit(commit.id) { bytes throws(GitError) in try decode(commit, bytes) }
    }

    /// A commit's raw bytes parsed as libgit2 parses a commit (signatures by libgit2 itself; the
    /// message after the first empty line, leading newlines dropped, up to a NUL), the author
    /// through the mailmap and the message replaced by an overriding note.
    private func decode(_ commit: RawCommit, _ bytes: UnsafeRawBufferPointer) throws(GitError) -> RawCommit {
        let notes = try overridingNotes()
        let mailmap = try authorMailmap()
        let id = commit.id
        var author: Signature?
        var committer: Signature?
        let messageStart = try RawCommitReader.headers(of: bytes) { header throws(GitError) in
            if author == nil, RawCommitReader.starts(header, with: "author ") {
                author = try Self.signature(UnsafeRawBufferPointer(rebasing: header[7...]), mailmap: mailmap, commit: id)
            } else if committer == nil, RawCommitReader.starts(header, with: "committer ") {
                committer = try Self.signature(UnsafeRawBufferPointer(rebasing: header[10...]), mailmap: nil, commit: id)
            }
        }
        guard let author, let committer else {
            throw GitError(code: .generic, operation: "read commit \(id.abbreviated())", detail: "the commit has no author or committer")
        }
        let message: String
        if let note = notes[id] {
            message = note
        } else {
            var start = messageStart
            while start < bytes.count, bytes[start] == UInt8(ascii: "\n") { start += 1 }
            var end = start
            while end < bytes.count, bytes[end] != 0 { end += 1 }
            message = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
        return RawCommit(id: id, parents: commit.parents, author: author, committer: committer, message: message)
    }

    /// The reader of raw commits, made on first use.
    func rawCommitReader() throws(GitError) -> RawCommitReader {
        if let rawReader { return rawReader }
        let made = try RawCommitReader(repository: self)
        rawReader = made
        return made
    }

    /// A signature header's value (`Name <email> 1700000000 +0200`) as a `git_commit` would
    /// parse it, and shown under `mailmap` when one is given: in the form git writes, read
    /// directly (``PlainSignature``), else by libgit2.
    private static func signature(_ value: UnsafeRawBufferPointer, mailmap: GitMailmap?, commit: CommitID) throws(GitError) -> Signature {
        if let plain = PlainSignature(value) { return plain.signature(in: value, mailmap: mailmap) }
        return try parsedByLibgit2(value, mailmap: mailmap, commit: commit)
    }

    /// A signature header's value parsed by libgit2 itself, and shown under `mailmap` when one
    /// is given.
    static func parsedByLibgit2(_ value: UnsafeRawBufferPointer, mailmap: GitMailmap?, commit: CommitID) throws(GitError) -> Signature {
        // A C string on the stack (a NUL inside the header ends it, as it ends libgit2's).
        let parsing = withUnsafeTemporaryAllocation(of: CChar.self, capacity: value.count + 1) { text in
            let base = UnsafeMutableRawPointer(text.baseAddress.unsafelyUnwrapped)
            if let bytes = value.baseAddress { base.copyMemory(from: bytes, byteCount: value.count) }
            text[value.count] = 0
            var parsed: UnsafeMutablePointer<git_signature>?
            let result = git_signature_from_buffer(&parsed, text.baseAddress)
            return (result, parsed)
        }
        guard parsing.0 == 0, let parsed = parsing.1 else {
            throw GitError.last(parsing.0, "read commit \(commit.abbreviated())")
        }
        defer { git_signature_free(parsed) }
        return Signature(UnsafePointer(parsed), mailmap: mailmap)
    }

    /// Opens this repository again (from its working tree, or its git directory when bare),
    /// for reading on another thread: libgit2 wants one repository per thread. The repository
    /// opened reads the packs through handles of its own, so that its reads and this
    /// repository's never wait for each other's pack lock. (Root trees the walk read go along
    /// with its commits: ``RawCommit/tree``.)
    public func concurrentOpener() -> (@Sendable () throws -> any HistoryReader)? {
        let path = workingDirectory ?? gitDirectory
        return {
            let repository = try GitRepository.discover(from: path)
            repository.readThroughOwnPacks()
            return repository
        }
    }

    /// The commits reachable from `tip`, one at a time, newest committer time first, each
    /// read only when the walk reaches it (libgit2's own revision walk reads the whole history
    /// before giving its first commit). A shallow clone's boundary commits count as having no
    /// parents, as ``isAncestor(_:of:)`` treats them.
    public func ancestors(of tip: CommitID) throws -> any CommitCursor {
        try AncestorCursor(repository: self, tip: tip)
    }
}

/// A lazy walk from one commit: a max-heap of the commits met but not yet given, by committer
/// time, so the commits near the tip (where the release tags HEAD contains usually are) come
/// first, and each commit is read once, when first met.
final class AncestorCursor: CommitCursor {
    private struct Entry {
        var time: Int64
        var id: CommitID
        var parents: [CommitID]

        func comesBefore(_ other: Entry) -> Bool {
            time != other.time ? time > other.time : id > other.id
        }
    }

    private let reader: RawCommitReader
    private let graph: CommitGraphChain?
    private var seen = Set<CommitID>()
    private var heap: [Entry] = []

    init(repository: GitRepository, tip: CommitID) throws(GitError) {
        reader = try RawCommitReader(repository: repository)
        graph = repository.commitGraph
        try meet(tip)
    }

    func next() throws -> CommitID? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count, heap[left].comesBefore(heap[best]) { best = left }
                if right < heap.count, heap[right].comesBefore(heap[best]) { best = right }
                guard best != parent else { break }
                heap.swapAt(parent, best)
                parent = best
            }
        }
        for parent in first.parents { try meet(parent) }
        return first.id
    }

    private func meet(_ id: CommitID) throws(GitError) {
        guard seen.insert(id).inserted else { return }
        let links = try readLinks(id)
        heap.append(Entry(time: links.time, id: id, parents: links.parents))
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].comesBefore(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// A commit's committer time and parents: from the commit-graph file when it lists the
    /// commit (as git reads them), else from the commit's headers, without parsing the rest.
    private func readLinks(_ id: CommitID) throws(GitError) -> (time: Int64, parents: [CommitID]) {
        let boundary = reader.shallowBoundary.contains(id)
        if !boundary, let links = graph?.links(of: id) { return links }
        return try reader.withCommit(id) { bytes throws(GitError) in
            var time: Int64 = 0
            var parents: [CommitID] = []
            var inParents = true
            _ = try RawCommitReader.headers(of: bytes) { header throws(GitError) in
                if inParents, let parent = RawCommitReader.parent(in: header) {
                    if !boundary { parents.append(parent) }
                } else if let seconds = RawCommitReader.committerTime(in: header) {
                    time = seconds
                    inParents = false
                } else if RawCommitReader.starts(header, with: "author ") {
                    inParents = false
                }
            }
            return (time, parents)
        }
    }
}
