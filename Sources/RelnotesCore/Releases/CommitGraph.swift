/// A history held as arrays of integers in topological order, answering ranges and ancestry
/// by one sweep each, without touching the repository again.
///
/// Commits are numbered by their place in a topological order (children before parents;
/// among commits ready at the same time, the newest committer time first). A range
/// `reachable(tips) − reachable(hidden)` is one forward sweep from the newest starting point:
/// when the sweep reaches a commit, all its children have been seen, so whether it is hidden is
/// already settled. The sweep stops as soon as no interesting commit is left ahead of it, so a
/// range costs about its own size, not the size of the history.
struct CommitGraph: Sendable {
    /// The commits as given, in any order (kept as given rather than copied: a long history's
    /// commits are held once).
    private let stored: [RawCommit]
    /// The index in ``stored`` of the commit at each position of the topological order.
    private let order: [Int32]
    /// The index in ``stored`` of each commit, by id, and the position in the topological
    /// order of each index: one table by id serves the whole run.
    private let indices: PositionTable
    private let placeOf: [Int32]
    /// Parent positions, all commits' in one array (a parent not in the graph is `-1`); the
    /// parents of the commit at `i` are `parentList[parentStart[i]..<parentStart[i + 1]]`.
    /// Flat arrays keep the sweeps free of reference counting.
    private let parentList: [Int]
    private let parentStart: [Int]

    /// Builds the graph from commits in any order; the order it keeps is canonical (see
    /// ``canonicallyOrdered(_:)``), so the same commits always come out the same way.
    init(_ input: [RawCommit]) {
        var inputPosition = PositionTable(capacity: input.count)
        var repeated = false
        for index in input.indices where inputPosition.insert(input[index].id, at: index) { repeated = true }
        // Each parent looked up once (a long history's table is far larger than the caches):
        // by input index, flat; -1 for a parent not given. A walk gives most commits' (last)
        // parent right after them: that one is found without the table, unless an id repeats
        // (the table keeps its last place).
        var inputParents: [Int] = []
        var inputParentStart: [Int] = []
        inputParents.reserveCapacity(input.count + input.count / 8)
        inputParentStart.reserveCapacity(input.count + 1)
        for index in input.indices {
            inputParentStart.append(inputParents.count)
            let next = index + 1 < input.count && !repeated ? input[index + 1].id : nil
            for parent in input[index].parents {
                inputParents.append(parent == next ? index + 1 : inputPosition[parent] ?? -1)
            }
        }
        inputParentStart.append(inputParents.count)
        let order = Self.topologicalOrder(input, parents: inputParents, starts: inputParentStart)
        var placeOf = [Int32](repeating: -1, count: input.count)
        for (at, index) in order.enumerated() { placeOf[index] = Int32(truncatingIfNeeded: at) }
        self.stored = input
        self.order = order.map { Int32(truncatingIfNeeded: $0) }
        self.indices = inputPosition
        self.placeOf = placeOf
        var list: [Int] = []
        var start: [Int] = []
        list.reserveCapacity(inputParents.count)
        start.reserveCapacity(order.count + 1)
        for index in order {
            start.append(list.count)
            for parent in inputParents[inputParentStart[index]..<inputParentStart[index + 1]] {
                list.append(parent >= 0 ? Int(placeOf[parent]) : -1)
            }
        }
        start.append(list.count)
        self.parentList = list
        self.parentStart = start
    }

    /// How many commits the graph holds.
    var count: Int { order.count }

    /// A commit the topological order could not place, when there is one: it lies on a cycle of
    /// parents, or behind one. git never writes such a history (an id names its content); a
    /// damaged commit-graph file can say so. The graph then holds only the others.
    var unordered: CommitID? {
        guard order.count < stored.count, let index = placeOf.firstIndex(of: -1) else { return nil }
        return stored[index].id
    }

    /// The position of a commit in the topological order, when the graph holds it.
    func position(of id: CommitID) -> Int? {
        guard let index = indices[id], placeOf[index] >= 0 else { return nil }
        return Int(placeOf[index])
    }

    /// The index, among the commits the graph was built from, of the commit at a position of
    /// the topological order.
    func givenIndex(at position: Int) -> Int {
        Int(order[position])
    }

    /// The commit at a position of the topological order.
    func commit(at position: Int) -> RawCommit {
        stored[Int(order[position])]
    }

    /// Children before parents; among commits whose children are all placed, the newest
    /// committer time first (ties: the larger id). Any input order gives the same result, so a
    /// range reads the same whether it came from a walk of its own or from the whole history.
    static func canonicallyOrdered(_ commits: [RawCommit]) -> [RawCommit] {
        var position = [CommitID: Int](minimumCapacity: commits.count)
        for (index, commit) in commits.enumerated() { position[commit.id] = index }
        var parents: [Int] = []
        var starts: [Int] = []
        starts.reserveCapacity(commits.count + 1)
        for commit in commits {
            starts.append(parents.count)
            for parent in commit.parents { parents.append(position[parent] ?? -1) }
        }
        starts.append(parents.count)
        return topologicalOrder(commits, parents: parents, starts: starts).map { commits[$0] }
    }

    /// The positions of a range (ascending, as ``range(from:hiding:)`` gives them) in the
    /// order ``canonicallyOrdered(_:)`` gives those commits, computed on positions: no table by
    /// commit id is built, and no commit is copied.
    func canonicalOrder(of positions: [Int]) -> [Int] {
        guard positions.count > 1 else { return positions }
        // A parent's place in `positions` (ascending): binary search, -1 when not in the range.
        func local(_ position: Int) -> Int {
            var low = 0, high = positions.count
            while low < high {
                let middle = (low + high) / 2
                if positions[middle] < position { low = middle + 1 } else { high = middle }
            }
            return low < positions.count && positions[low] == position ? low : -1
        }
        var parents: [Int] = []
        var starts: [Int] = []
        var times: [Int64] = []
        var ids: [CommitID] = []
        parents.reserveCapacity(positions.count + positions.count / 8)
        starts.reserveCapacity(positions.count + 1)
        times.reserveCapacity(positions.count)
        ids.reserveCapacity(positions.count)
        for position in positions {
            starts.append(parents.count)
            for parent in parentList[parentStart[position]..<parentStart[position + 1]] {
                parents.append(parent >= 0 ? local(parent) : -1)
            }
            let index = Int(order[position])
            times.append(stored[index].committer.time.seconds)
            ids.append(stored[index].id)
        }
        starts.append(parents.count)
        return Self.topologicalOrder(times: times, ids: ids, parents: parents, starts: starts).map { positions[$0] }
    }

    /// The position of the first parent of the commit at `position`; `nil` for a root commit
    /// or a parent the graph does not hold.
    func firstParent(at position: Int) -> Int? {
        let start = parentStart[position]
        guard start < parentStart[position + 1], parentList[start] >= 0 else { return nil }
        return parentList[start]
    }

    /// The id of the commit at a position of the topological order.
    func id(at position: Int) -> CommitID {
        stored[Int(order[position])].id
    }

    /// The root tree id of the commit at a position of the topological order, when known.
    func tree(at position: Int) -> CommitID? {
        stored[Int(order[position])].tree
    }

    /// The positions reachable from `tips` and from none of `hidden`, in order.
    ///
    /// - Throws: the id of a missing parent the range would need (history is incomplete).
    func range(from tips: [Int], hiding hidden: [Int]) throws(MissingCommit) -> [Int] {
        guard let start = (tips + hidden).min() else { return [] }
        // Sparse marks: a range touches its own commits and a thin frontier, not the history.
        var state = Marks(first: start)
        let interesting: UInt8 = 1, uninteresting: UInt8 = 2
        var pending = 0
        for tip in tips where state[tip] == 0 {
            state[tip] = interesting
            pending += 1
        }
        for hide in hidden {
            if state[hide] == interesting { pending -= 1 }
            state[hide] = uninteresting
        }
        var result: [Int] = []
        var index = start
        while pending > 0, index < count {
            defer { index += 1 }
            let mark = state[index]
            guard mark != 0 else { continue }
            if mark == interesting {
                pending -= 1
                result.append(index)
            }
            for parent in parentList[parentStart[index]..<parentStart[index + 1]] {
                guard parent >= 0 else {
                    if mark == interesting { throw MissingCommit(child: commit(at: index).id) }
                    continue
                }
                let current = state[parent]
                if mark == uninteresting {
                    if current == interesting { pending -= 1 }
                    state[parent] = uninteresting
                } else if current == 0 {
                    state[parent] = interesting
                    pending += 1
                }
            }
        }
        return result
    }

    /// Marks by position, from the sweep's first position to the last one marked (a sweep
    /// moves only towards parents, and a range's parents lie close after it): bytes, not a table.
    private struct Marks {
        private let first: Int
        private var storage: [UInt8] = []

        init(first: Int) {
            self.first = first
        }

        subscript(position: Int) -> UInt8 {
            get {
                let index = position - first
                return index < storage.count ? storage[index] : 0
            }
            set {
                let index = position - first
                if index >= storage.count {
                    storage.append(contentsOf: repeatElement(0, count: max(index + 1, 2 * storage.count) - storage.count))
                }
                storage[index] = newValue
            }
        }
    }

    /// Whether the commit at `ancestor` is the one at `descendant` or one of its ancestors.
    func isAncestor(_ ancestor: Int, of descendant: Int) throws(MissingCommit) -> Bool {
        if ancestor == descendant { return true }
        guard ancestor > descendant else { return false }
        var reached = [Bool](repeating: false, count: ancestor - descendant + 1)
        reached[0] = true
        for index in descendant..<ancestor where reached[index - descendant] {
            for parent in parentList[parentStart[index]..<parentStart[index + 1]] {
                guard parent >= 0 else { throw MissingCommit(child: commit(at: index).id) }
                if parent <= ancestor { reached[parent - descendant] = true }
            }
        }
        return reached[ancestor - descendant]
    }

    /// A commit whose parent is not in the graph.
    struct MissingCommit: Error {
        var child: CommitID
    }

    /// Kahn's algorithm: a commit is ready once all its children are placed; among ready
    /// commits the newest committer time goes first (ties: the larger id), so any input order
    /// gives the same result.
    private static func topologicalOrder(_ commits: [RawCommit], parents: [Int], starts: [Int]) -> [Int] {
        topologicalOrder(times: commits.map(\.committer.time.seconds), ids: commits.map(\.id), parents: parents, starts: starts)
    }

    /// The same, from each commit's committer time (seconds) and id, by index.
    private static func topologicalOrder(times: [Int64], ids: [CommitID], parents: [Int], starts: [Int]) -> [Int] {
        let count = times.count
        var pendingChildren = [Int](repeating: 0, count: count)
        for parent in parents where parent >= 0 { pendingChildren[parent] += 1 }
        var ready = ReadyQueue(times: times, ids: ids)
        for index in 0..<count where pendingChildren[index] == 0 { ready.push(index) }
        var result: [Int] = []
        result.reserveCapacity(count)
        while let index = ready.pop() {
            result.append(index)
            for parent in parents[starts[index]..<starts[index + 1]] where parent >= 0 {
                pendingChildren[parent] -= 1
                if pendingChildren[parent] == 0 { ready.push(parent) }
            }
        }
        return result
    }

    /// A binary max-heap of commit indices by (committer time, id).
    private struct ReadyQueue {
        let times: [Int64]
        let ids: [CommitID]
        var heap: [Int] = []

        init(times: [Int64], ids: [CommitID]) {
            self.times = times
            self.ids = ids
        }

        private func before(_ a: Int, _ b: Int) -> Bool {
            if times[a] != times[b] { return times[a] > times[b] }
            return ids[a] > ids[b]
        }

        mutating func push(_ index: Int) {
            heap.append(index)
            var child = heap.count - 1
            while child > 0 {
                let parent = (child - 1) / 2
                guard before(heap[child], heap[parent]) else { break }
                heap.swapAt(child, parent)
                child = parent
            }
        }

        mutating func pop() -> Int? {
            guard let first = heap.first else { return nil }
            let last = heap.removeLast()
            guard !heap.isEmpty else { return first }
            heap[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1, right = left + 1
                var best = parent
                if left < heap.count, before(heap[left], heap[best]) { best = left }
                if right < heap.count, before(heap[right], heap[best]) { best = right }
                guard best != parent else { break }
                heap.swapAt(parent, best)
                parent = best
            }
            return first
        }
    }
}

/// Integers by commit id, for tables as large as a whole history: open addressing on a mix of
/// the id's bits (an id is already uniformly distributed), id and value side by side in one
/// array, so a lookup in a table larger than the caches costs about one miss and no `Hasher`.
/// Inserting an id again replaces its value, as a dictionary does.
struct PositionTable: Sendable {
    private struct Slot {
        var id: CommitID
        /// -1: empty.
        var value: Int32
    }

    private var slots: [Slot]
    private let shift: UInt64

    /// A table for up to `capacity` ids (at most half full).
    init(capacity: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < capacity * 2 { bits += 1 }
        // An empty slot's id is never read; any id does.
        let empty = Slot(id: CommitID(bytes: [UInt8](repeating: 0, count: 20))!, value: -1)
        slots = [Slot](repeating: empty, count: 1 << bits)
        shift = 64 - bits
    }

    private func start(_ id: CommitID) -> Int {
        let mixed = (id.high ^ id.middle &* 0x9E37_79B9_7F4A_7C15 ^ UInt64(id.low)) &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed >> shift)
    }

    /// Stores `value` (at most `Int32.max`) for `id`; `true` when it replaced a value.
    @discardableResult
    mutating func insert(_ id: CommitID, at value: Int) -> Bool {
        let mask = slots.count - 1
        var index = start(id)
        while slots[index].value >= 0, slots[index].id != id { index = (index + 1) & mask }
        let replaced = slots[index].value >= 0
        slots[index] = Slot(id: id, value: Int32(truncatingIfNeeded: value))
        return replaced
    }

    /// The value stored for `id`, if any.
    subscript(id: CommitID) -> Int? {
        let mask = slots.count - 1
        var index = start(id)
        while true {
            let slot = slots[index]
            if slot.value < 0 { return nil }
            if slot.id == id { return Int(slot.value) }
            index = (index + 1) & mask
        }
    }
}
