/// Cuts a history into releases (docs/versioning.md).
///
/// A release's commits are a set difference on the commit graph: those reachable from its tag
/// and not from its previous release. They are never a cut through a linear log, so a branch
/// merged after a tag lands in the next release, however old its commits are.
public struct ReleasePartitioner: Sendable {
    /// The configuration that decides release tags, ranges and path filters.
    public var configuration: Configuration

    /// Which sections to produce.
    public enum Scope: Hashable, Sendable {
        /// Only the unreleased commits.
        case unreleased
        /// Every release reachable from HEAD, newest first, after the unreleased commits.
        case all
    }

    /// The release about to be cut (`--tag V`): the unreleased commits are titled with it and
    /// counted from the release before it, as its tag would count them.
    public struct PlannedRelease: Hashable, Sendable {
        /// The version being released.
        public var version: SemanticVersion
        /// The tag it will have.
        public var tagName: String
        /// The date it is released on.
        public var date: Timestamp

        /// Creates a planned release.
        public init(version: SemanticVersion, tagName: String, date: Timestamp) {
            self.version = version
            self.tagName = tagName
            self.date = date
        }
    }

    /// Creates a partitioner for `configuration`.
    public init(configuration: Configuration) {
        self.configuration = configuration
    }

    /// The releases of `scope`, newest first; the unreleased (or planned) section comes first
    /// and is present even when it has no commits.
    public func releases(in reader: any HistoryReader, scope: Scope, planned: PlannedRelease? = nil) throws -> [Release] {
        var result: [Release] = []
        try forEachRelease(in: reader, scope: scope, planned: planned) { result.append($0) }
        return result
    }

    /// The same releases as ``releases(in:scope:planned:)``, in the same order, handed to `body`
    /// one at a time: with `.all`, the history is held as its shape only (ids, parents, times),
    /// and each release's messages are read and parsed just before it is handed out, so a
    /// caller that writes each release and lets it go never holds the whole history's text.
    public func forEachRelease(in reader: any HistoryReader, scope: Scope, planned: PlannedRelease? = nil, _ body: (Release) throws -> Void) throws {
        guard let head = try reader.head() else {
            throw HistoryError("the repository has no commits yet, so there is no changelog to write", hint: "make a first commit, then run relnotes again")
        }
        // With `.all`, releases are read on another thread (when the history can be opened
        // again). That thread's core would wait while the tags are listed, the history walked and
        // the ranges worked out; meanwhile it asks what it can of each commit before its text is
        // read (see AnswersAhead): walking the history itself when walking reads no object, else
        // following this thread's walk (two walks that read every commit would each read it,
        // and contend for the repository's locks).
        let open = scope == .all ? reader.concurrentOpener() : nil
        let feed = open != nil && !reader.walksWithoutReadingObjects(from: head) ? WalkFeed() : nil
        let ahead = open.map { open in
            let extractor = EntryExtractor(configuration: configuration)
            return feed.map { AnswersAhead.start(following: $0, extractor: extractor, open: open) }
                ?? AnswersAhead.start(head: head, extractor: extractor, open: open)
        }
        var finished: (answers: AnswersAhead.Answers, history: HistoryHandoff)?
        // Stopped however this returns, so no thread is left asking.
        defer { if finished == nil { _ = ahead?.finish() } }
        let references = try reader.tagReferences()
        if let planned, let clash = references.first(where: { $0.name == planned.tagName }) {
            throw HistoryError("tag \(clash.name) already exists", hint: "choose another version, or leave out --tag to render its section from the tag")
        }
        let releaseTags = configuration.tagNamePattern.releaseTags(in: references)
        guard scope == .all else {
            // One section: walk only its own range, and ask ancestry only of the tags that matter.
            var index = ReleaseTagIndex(reader: reader, head: head, tags: releaseTags)
            var context = Context(reader: reader, paths: reader, configuration: configuration)
            let (ids, _, previous) = try unreleasedRange(head: head, index: &index, context: &context, planned: planned)
            var release = unreleasedSection(planned: planned, previous: previous)
            release.commits = try context.entries(of: ids)
            return try body(release)
        }
        // Every release: walk the history once, keeping only its shape, and answer each range
        // and ancestry question from memory, rather than walking once per tag.
        let walked: [RawCommit]
        if let feed {
            var walker = WalkFeed.Walker(feed)
            walked = try reader.commitLinks(reachableFrom: head) { walker.add($0) }
            walker.end()
        } else {
            walked = try reader.commitLinks(reachableFrom: head)
        }
        let plan = try self.plan(walked: walked, references: references, releaseTags: releaseTags, head: head, planned: planned)
        finished = ahead?.finish()
        let answers = finished?.answers
        let source = plan.source
        var sections = plan.sections
        var context = Context(reader: source, paths: reader, configuration: configuration, completing: true, answers: answers)
        if let open, sections.count > 1 {
            // Two threads: the other reads releases (from a history of its own: every libgit2
            // call is there), this one parses and writes them, in order. Commits in several
            // ranges are read once (a store both reading contexts share) and parsed once (this
            // context's own).
            let jobs = sections.map { (release: $0.release, dateTip: $0.dateTip) }
            let ranges = sections.map(\.ids)
            sections = []
            let configuration = self.configuration
            context.countUses(ranges)
            let reads = context.sharingReads()
            let sizes = ranges.map(\.ids.count)
            let handoff = finished?.history
            // Asked by this thread while it waits for the other (see AnswersWhileWaiting).
            let waiting = AnswersWhileWaiting()
            try ReleaseReadAhead<ReadRelease>.run(count: jobs.count, weight: { sizes[$0] }, helper: { claim, hand in
                // The history that asked ahead, already open (its packs mapped).
                guard let opened = handoff?.take() ?? (try? open()) else { return }
                var context = Context(reader: source, paths: opened, configuration: configuration, completing: true, answers: answers)
                context.share(reads)
                context.waiting = waiting
                while let index = claim() {
                    hand(index, Result { () throws(any Error) -> ReadRelease in
                        try context.read(index, jobs[index].release, ranges[index], dateTip: jobs[index].dateTip)
                    })
                }
            }, read: { index in
                try context.read(index, jobs[index].release, ranges[index], dateTip: jobs[index].dateTip)
            }, idle: { [questions = context.waitingQuestions] in
                waiting.askNext(sizes: sizes) { questions.answer(in: ranges[$0], at: $1) }
            }, write: { read in
                var release = read.release
                release.commits = try context.entries(of: ranges[read.index], reads: read.commits)
                try body(release)
            })
            return
        }
        context.countUses(sections.map(\.ids))
        for index in sections.indices {
            var release = sections[index].release
            release.date = try context.releaseDate(release.date, dateTip: sections[index].dateTip)
            release.commits = try context.entries(of: sections[index].ids)
            sections[index].ids = RangeCommits(ids: [])
            try body(release)
        }
    }

    /// Every release's range (ids only) for ``forEachRelease(in:scope:planned:_:)`` with `.all`,
    /// worked out from the walked history's shape alone.
    private func plan(walked: [RawCommit], references: [TagReference], releaseTags: [ReleaseTag], head: CommitID, planned: PlannedRelease?) throws -> Plan {
        let source = InMemoryHistory(commits: walked, tags: references, head: head)
        if let unordered = source.unordered { throw HistoryError.cycle(at: unordered) }
        // A tag is reachable exactly when its commit is in HEAD's history.
        let reached = Set(releaseTags.map(\.target).filter { source.commit($0) != nil })
        var index = ReleaseTagIndex(reader: source, head: head, tags: releaseTags, headHistory: reached)
        let owners = Self.owners(of: try index.reachable())
        var context = Context(reader: source, paths: source, configuration: configuration, completing: true)

        // First the ranges (ids only), so that a commit in several ranges (cumulative
        // prereleases) is parsed once and kept only until its last range is written.
        // `dateTip`: a release dated by its tip commit, whose time (with its offset) is read
        // when the release is, not here, before any release can be read.
        var sections: [(release: Release, ids: RangeCommits, dateTip: CommitID?)] = []
        let (ids, _, previous) = try unreleasedRange(head: head, index: &index, context: &context, planned: planned)
        sections.append((unreleasedSection(planned: planned, previous: previous), ids, nil))
        let folded = Self.foldedPrereleases(owners, planned: planned, configuration: configuration)
        if let planned, let tags = folded.byStableCore[planned.version.core], !planned.version.isPrerelease {
            sections[0].release.aliases = tags
        }
        for owner in owners.reversed() where !folded.folded.contains(owner.tag.name) {
            let previous = try context.previous(of: owner.tag.version, at: owner.tag.target, among: owners)
            let (ids, tipTime) = try context.range(from: owner.tag.target, hiding: previous.map { [$0.tag.target] } ?? [])
            let taggerTime = configuration.releaseDate == .tagger ? owner.tag.annotation?.tagger?.time : nil
            var aliases = owner.aliases
            if !owner.tag.version.isPrerelease { aliases += folded.byStableCore[owner.tag.version.core] ?? [] }
            let release = Release(tag: owner.tag, version: owner.tag.version, aliases: aliases, previous: previous?.tag, date: taggerTime ?? tipTime, commits: [])
            sections.append((release, ids, taggerTime == nil && tipTime != nil ? owner.tag.target : nil))
        }
        return Plan(source: source, sections: sections)
    }

    /// What ``plan(walked:references:releaseTags:head:planned:)`` works out.
    private struct Plan {
        /// The walked history, held in memory.
        var source: InMemoryHistory
        /// Each section in order, Unreleased (or the planned release) first.
        var sections: [(release: Release, ids: RangeCommits, dateTip: CommitID?)]
    }

    /// `fold_prereleases = true` with cumulative ranges (docs/configuration.md): the prereleases
    /// whose stable release (same core) is reachable, or is the planned release, get no section;
    /// their tags (and aliases) are listed under that release, highest first. With
    /// `prereleases = "separate"` a stable range does not hold its prereleases' commits, so
    /// nothing is folded.
    static func foldedPrereleases(_ owners: [Owner], planned: PlannedRelease?, configuration: Configuration) -> (folded: Set<String>, byStableCore: [SemanticVersion: [ReleaseTag]]) {
        guard configuration.foldPrereleases, configuration.prereleases == .cumulative else { return ([], [:]) }
        var stableCores = Set(owners.filter { !$0.tag.version.isPrerelease }.map(\.tag.version.core))
        if let planned, !planned.version.isPrerelease { stableCores.insert(planned.version.core) }
        var folded = Set<String>()
        var byStableCore: [SemanticVersion: [ReleaseTag]] = [:]
        for owner in owners.reversed() where owner.tag.version.isPrerelease && stableCores.contains(owner.tag.version.core) {
            folded.insert(owner.tag.name)
            byStableCore[owner.tag.version.core, default: []] += [owner.tag] + owner.aliases
        }
        return (folded, byStableCore)
    }

    /// The release section of one tag (or of the higher tag on its commit, which owns the range
    /// and lists `tag` among its aliases), the same as ``releases(in:scope:planned:)`` with
    /// HEAD at the tag gives, computed from its own range: one lazy walk finds the previous
    /// release, and no other release is read.
    public func release(of tag: ReleaseTag, in reader: any HistoryReader) throws -> Release {
        let releaseTags = configuration.tagNamePattern.releaseTags(in: try reader.tagReferences())
        var index = ReleaseTagIndex(reader: reader, head: tag.target, tags: releaseTags)
        // Tags on one commit are reachable together, so owners of all tags are the owners of
        // the reachable ones.
        let owners = Self.owners(of: releaseTags)
        guard let owner = owners.first(where: { $0.tag.target == tag.target }) else {
            throw HistoryError("tag \(tag.name) has no release section", hint: "check tag_prefix and component in .relnotes.toml")
        }
        let version = owner.tag.version
        let stableOnly = !version.isPrerelease && configuration.prereleases == .cumulative
        var previous: Owner?
        for candidate in owners.reversed() where candidate.tag.version < version && !candidate.tag.version.hasSamePrecedence(as: version) {
            if stableOnly && candidate.tag.version.isPrerelease { continue }
            if try index.isReachable(candidate.tag) {
                previous = candidate
                break
            }
        }
        var context = Context(reader: reader, paths: reader, configuration: configuration)
        let (ids, tipTime) = try context.range(from: owner.tag.target, hiding: previous.map { [$0.tag.target] } ?? [])
        let commits = try context.entries(of: ids)
        let date = configuration.releaseDate == .tagger ? owner.tag.annotation?.tagger?.time ?? tipTime : tipTime
        return Release(tag: owner.tag, version: owner.tag.version, aliases: owner.aliases, previous: previous?.tag, date: date, commits: commits)
    }

    /// The range of the Unreleased section (or the planned release): the commits HEAD has that
    /// no release tag HEAD contains. Starts by hiding the highest reachable tag, then also hides
    /// any release tag whose commit is still in the range (a back-port branch merged later),
    /// until none is: a few walks at most, and ancestry asked of one tag, not of every tag.
    private func unreleasedRange(head: CommitID, index: inout ReleaseTagIndex, context: inout Context, planned: PlannedRelease?) throws -> (ids: RangeCommits, tipTime: Timestamp?, previous: ReleaseTag?) {
        if let planned {
            let stableOnly = !planned.version.isPrerelease && configuration.prereleases == .cumulative
            let previous = try index.highestReachable { candidate in
                candidate.version < planned.version && !candidate.version.hasSamePrecedence(as: planned.version)
                    && !(stableOnly && candidate.version.isPrerelease)
            }
            let (ids, tipTime) = try context.range(from: head, hiding: previous.map { [$0.target] } ?? [])
            return (ids, tipTime, previous)
        }
        let (raw, latest) = try index.unreleasedCommits()
        let (ids, tipTime) = context.ordered(raw, tip: head)
        return (ids, tipTime, latest)
    }

    /// The Unreleased section (or the planned release), before its commits are read.
    private func unreleasedSection(planned: PlannedRelease?, previous: ReleaseTag?) -> Release {
        if let planned {
            return Release(tag: nil, version: planned.version, plannedTagName: planned.tagName, previous: previous, date: planned.date, commits: [])
        }
        return Release(tag: nil, version: nil, previous: previous, date: nil, commits: [])
    }

    /// Several tags on one commit: the highest version owns the range, the others are aliases.
    /// Ascending precedence.
    static func owners(of tags: [ReleaseTag]) -> [Owner] {
        var byTarget = [CommitID: [ReleaseTag]]()
        for tag in tags { byTarget[tag.target, default: []].append(tag) }
        return byTarget.values.map { group in
            let sorted = group.sorted(by: ReleaseTag.precedes)
            return Owner(tag: sorted[sorted.count - 1], aliases: Array(sorted.dropLast().reversed()))
        }
        .sorted { ReleaseTag.precedes($0.tag, $1.tag) }
    }

    struct Owner {
        var tag: ReleaseTag
        var aliases: [ReleaseTag]
    }

    /// A release as the reading thread hands it over: its commits as the repository tells them
    /// (aligned with its range's ids; `nil`: not in the history), parsed by the writing thread.
    struct ReadRelease: Sendable {
        var index: Int
        var release: Release
        var commits: [EntryExtractor.Read?]
    }

    /// A range's commits in canonical order, and, when the history is held in memory and the
    /// range was computed there, their positions in it (so that nothing looks them up by id).
    struct RangeCommits {
        var ids: [CommitID]
        var positions: [Int]?
    }

    /// The questions the writing thread asks of the commits ahead while it waits for the
    /// reading one (see ``AnswersWhileWaiting``): the parts of a ``Context`` they need, none of
    /// which change, so that asking a commit never copies the context the thread writes with.
    struct WaitingQuestions {
        let memory: InMemoryHistory?
        let answers: AnswersAhead.Answers?
        let extractor: EntryExtractor
        let paths: any HistoryReader

        /// What ``EntryExtractor/answer(_:paths:)`` says of the commit at `offset` of `range`;
        /// `nil` for a commit asked ahead already, or when the question fails (the reading
        /// thread asks it again, and reports the error).
        func answer(in range: RangeCommits, at offset: Int) -> EntryExtractor.Answer? {
            let id = range.ids[offset]
            guard let memory, let position = range.positions?[offset] ?? memory.position(id),
                  Self.answeredAhead(id, at: position, answers: answers, memory: memory) == nil else { return nil }
            return try? extractor.answer(memory.commitWithParentTree(at: position), paths: paths)
        }

        /// What ``AnswersAhead`` answered for commit `id`, at `position` of `memory`.
        static func answeredAhead(_ id: CommitID, at position: Int, answers: AnswersAhead.Answers?, memory: InMemoryHistory?) -> EntryExtractor.Answer? {
            guard let answers, let memory else { return nil }
            return answers[memory.givenIndex(at: position), id]
        }
    }

    /// The per-run state: parsed commits are remembered while a later range still needs them,
    /// since cumulative ranges overlap.
    struct Context {
        let reader: any HistoryReader
        /// Answers path questions, and reads messages: the repository itself, even when ranges
        /// come from memory.
        let paths: any HistoryReader
        let configuration: Configuration
        let extractor: EntryExtractor
        /// Whether walked commits are links only (``HistoryReader/commitLinks(reachableFrom:)``),
        /// whose messages `paths` reads.
        let completing: Bool
        /// The history ranges come from when it is held in memory: walked commits are looked up
        /// there, not remembered.
        let memory: InMemoryHistory?
        /// The commits walked and not read yet, by id, when there is no ``memory``.
        private var walked: [CommitID: RawCommit] = [:]
        /// The entries of each commit seen that a later range still needs (none for a commit
        /// that does not count).
        private var entries: [CommitID: [ConventionalCommit]] = [:]
        /// How many ranges still to be read hold each commit of ``memory``, by position (at
        /// most 255 are counted, which only keeps a commit longer); `nil`: keep every commit parsed.
        private var uses: [UInt8]?
        /// Read commits and counts of uses shared with another thread's context (which reads
        /// while this one parses, or the other way round).
        private var shared: ReadCommits?

        /// What was asked of the walked commits ahead (see ``AnswersAhead``), by their index in
        /// the walk: ``memory``'s commits, as it was made of them.
        private let answers: AnswersAhead.Answers?
        /// Answers the writing thread asked while it waited, for the thread reading releases.
        var waiting: AnswersWhileWaiting?

        init(reader: any HistoryReader, paths: any HistoryReader, configuration: Configuration, completing: Bool = false, answers: AnswersAhead.Answers? = nil) {
            self.reader = reader
            self.memory = reader as? InMemoryHistory
            self.paths = paths
            self.extractor = EntryExtractor(configuration: configuration)
            self.configuration = configuration
            self.completing = completing
            self.answers = answers
        }

        /// The release a range that ends at `commit` (version `version`) starts from: the
        /// highest-precedence release of lower precedence that is an ancestor; a stable version
        /// looks back to stable releases only, unless `prereleases = "separate"`.
        mutating func previous(of version: SemanticVersion, at commit: CommitID, among owners: [Owner]) throws -> Owner? {
            let stableOnly = !version.isPrerelease && configuration.prereleases == .cumulative
            // Owners are in version order, so the releases of lower precedence are a prefix of
            // them: found by binary search, not by passing every higher one for every release
            // (with thousands of tags, tens of millions of comparisons).
            func lower(_ candidate: Owner) -> Bool {
                candidate.tag.version < version && !candidate.tag.version.hasSamePrecedence(as: version)
            }
            var low = 0, high = owners.count
            while low < high {
                let middle = (low + high) / 2
                if lower(owners[middle]) { low = middle + 1 } else { high = middle }
            }
            for candidate in owners[..<low].reversed() {
                if stableOnly && candidate.tag.version.isPrerelease { continue }
                if try reader.isAncestor(candidate.tag.target, of: commit) { return candidate }
            }
            return nil
        }

        /// The commits of a range in canonical order, and the committer time of its tip (the
        /// release date, even when the tip is a merge that is left out).
        mutating func range(from tip: CommitID, hiding hidden: [CommitID]) throws -> (ids: RangeCommits, tipTime: Timestamp?) {
            var ids: RangeCommits
            var tipTime: Timestamp?
            if let memory {
                // On positions: the same commits in the same order, without a table by id.
                let positions = try memory.orderedRange(from: tip, hiding: hidden)
                ids = RangeCommits(ids: positions.map(memory.id(at:)), positions: positions)
                if let tipPosition = memory.position(tip), positions.contains(tipPosition) {
                    tipTime = memory.commit(at: tipPosition).committer.time
                }
            } else {
                (ids, tipTime) = ordered(try reader.commits(reachableFrom: [tip], hiding: hidden), tip: tip)
            }
            return (ids, tipTime)
        }

        /// The date of a release dated by its tip commit `dateTip`: that commit's time read
        /// whole, since links may give a time without its offset (git's commit-graph file keeps
        /// seconds only); `date` unchanged otherwise.
        func releaseDate(_ date: Timestamp?, dateTip: CommitID?) throws -> Timestamp? {
            guard completing, let dateTip, let commit = memory?.commit(dateTip) else { return date }
            return try paths.completed(commit).committer.time
        }

        /// A walked range in canonical order; the commits are remembered until read.
        mutating func ordered(_ walked: [RawCommit], tip: CommitID) -> (ids: RangeCommits, tipTime: Timestamp?) {
            let raw = CommitGraph.canonicallyOrdered(walked)
            let tipTime = raw.first { $0.id == tip }?.committer.time
            var ids: [CommitID] = []
            ids.reserveCapacity(raw.count)
            for commit in raw {
                ids.append(commit.id)
                if memory == nil, self.walked[commit.id] == nil { self.walked[commit.id] = commit }
            }
            return (RangeCommits(ids: ids), tipTime)
        }

        /// From here on, a parsed commit is kept only while one of `ranges` still to be read
        /// holds it.
        mutating func countUses(_ ranges: [RangeCommits]) {
            guard let memory else { return }
            var uses = [UInt8](repeating: 0, count: memory.count)
            for range in ranges {
                if let positions = range.positions {
                    for position in positions where uses[position] < .max { uses[position] += 1 }
                    continue
                }
                for id in range.ids {
                    guard let position = memory.position(id) else { continue }
                    if uses[position] < .max { uses[position] += 1 }
                }
            }
            self.uses = uses
        }

        /// From here on, read commits and their counts of uses are kept in a store that another
        /// thread's context shares (see ``share(_:)``), so that a commit in ranges the two
        /// threads read is read once. This context keeps its own counts for what it parses.
        mutating func sharingReads() -> ReadCommits {
            let store = ReadCommits(uses: uses ?? [])
            shared = store
            return store
        }

        /// Keeps read commits in `store`, with the other context that shares it; this context
        /// only reads (``read(_:_:_:dateTip:)``), the other parses.
        mutating func share(_ store: ReadCommits) {
            shared = store
            uses = nil
            entries = [:]
        }

        /// Release `index` (`release`, its commits still to be read) with each commit of
        /// `range` as the repository tells it (the reading half of ``entries(of:)``; what was
        /// asked ahead is not asked again), and, when
        /// it is dated by its tip commit `dateTip`, that commit's time read whole (links may
        /// give a time without its offset: git's commit-graph file keeps seconds only). Commits
        /// come as stored bytes where the repository reads them in two steps, for the writing
        /// thread to decode: the reading thread is the slower one.
        mutating func read(_ index: Int, _ release: Release, _ range: RangeCommits, dateTip: CommitID?) throws -> ReadRelease {
            var release = release
            release.date = try releaseDate(release.date, dateTip: dateTip)
            var commits: [EntryExtractor.Read?] = []
            commits.reserveCapacity(range.ids.count)
            let asked = waiting?.start(index) ?? []
            for (offset, id) in range.ids.enumerated() {
                guard let shared, let position = range.positions?[offset] ?? memory?.position(id),
                      let commit = memory?.commitWithParentTree(at: position) else {
                    commits.append(nil)
                    continue
                }
                let (known, left) = shared.take(id, at: position)
                if let known {
                    commits.append(known)
                    continue
                }
                let answered = (offset < asked.count ? asked[offset] : nil) ?? answeredAhead(id, at: position)
                let read = try extractor.read(commit, paths: paths, answered: answered)
                if left > 0 { shared.keep(id, read) }
                commits.append(read)
            }
            return ReadRelease(index: index, release: release, commits: commits)
        }

        /// What the writing thread asks while it waits (see ``WaitingQuestions``).
        var waitingQuestions: WaitingQuestions {
            WaitingQuestions(memory: memory, answers: answers, extractor: extractor, paths: paths)
        }

        /// What ``AnswersAhead`` answered for commit `id`, at `position` of ``memory``.
        private func answeredAhead(_ id: CommitID, at position: Int) -> EntryExtractor.Answer? {
            WaitingQuestions.answeredAhead(id, at: position, answers: answers, memory: memory)
        }

        /// The parsing half of ``entries(of:)``: a range's entries from what
        /// ``read(_:_:_:dateTip:)`` gave of its commits, each commit parsed once per run.
        mutating func entries(of range: RangeCommits, reads: [EntryExtractor.Read?]) throws -> [ConventionalCommit] {
            var result = [ConventionalCommit]()
            result.reserveCapacity(range.ids.count)
            for (offset, id) in range.ids.enumerated() {
                guard offset < reads.count, let read = reads[offset] else { continue }
                let remaining = countUse(at: range.positions?[offset] ?? memory?.position(id))
                if let known = entries[id] {
                    if remaining == 0 {
                        // Let go of here first, so that the entries are moved, not copied.
                        entries[id] = nil
                        Self.append(moving: known, to: &result)
                    } else {
                        result += known
                    }
                    continue
                }
                let found = try extractor.outcome(of: read, paths: paths).entries
                if remaining.map({ $0 > 0 }) ?? true {
                    entries[id] = found
                    result += found
                } else {
                    Self.append(moving: found, to: &result)
                }
            }
            return RevertResolver.droppingRevertedPairs(result)
        }

        /// Appends a commit's entries that nothing else holds to `result`: a lone entry (nearly
        /// every commit has one) is moved, not copied and then destroyed, since a copy retains
        /// a dozen strings and arrays.
        private static func append(moving entries: consuming [ConventionalCommit], to result: inout [ConventionalCommit]) {
            var entries = entries
            if entries.count == 1 { result.append(entries.removeLast()) } else { result += entries }
        }

        /// Counts one use of the commit at `position` (see ``countUses(_:)``): how many ranges
        /// still to be read hold it after this one; `nil` when uses are not counted.
        private mutating func countUse(at position: Int?) -> UInt8? {
            guard let position, let count = uses?[position] else { return nil }
            // Saturated at 255: the commit is simply kept to the end.
            let left = count == .max ? count : max(count, 1) - 1
            uses?[position] = left
            return left
        }

        /// A range as the notes see it: merges and reverted pairs left out, commits outside the
        /// path filter left out, each commit read and parsed once per run (on one thread).
        mutating func entries(of range: RangeCommits) throws -> [ConventionalCommit] {
            var result = [ConventionalCommit]()
            result.reserveCapacity(range.ids.count)
            let completing = self.completing, paths = self.paths
            for (offset, id) in range.ids.enumerated() {
                let position = range.positions?[offset] ?? memory?.position(id)
                let remaining = countUse(at: position)
                if let known = entries[id] {
                    result += known
                    if remaining == 0 { entries[id] = nil }
                    continue
                }
                guard let commit = position.flatMap({ memory?.commitWithParentTree(at: $0) }) ?? walked[id] else { continue }
                let found = try extractor.entries(of: commit, paths: paths) { commit in
                    completing ? try paths.completed(commit) : commit
                }.entries
                if remaining.map({ $0 > 0 }) ?? true {
                    entries[id] = found
                } else {
                    walked[id] = nil
                }
                result += found
            }
            return RevertResolver.droppingRevertedPairs(result)
        }
    }
}
