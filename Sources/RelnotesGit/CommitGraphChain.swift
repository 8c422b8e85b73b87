internal import CGit2
import Foundation
import RelnotesCore

/// git's commit-graph file (`objects/info/commit-graph`, written by `git gc` and
/// `git commit-graph write`): the parents, committer time and root tree of each commit it
/// lists, read without inflating the commit. libgit2 1.5 does not use it outside its own revision walk.
///
/// A commit id names its content, so what the file says of a commit it lists is true whenever
/// the file was written; a commit it does not list (newer than the file) is read from the object
/// database. Only the single-file form is read (a split chain is ignored), and every position
/// is checked: a damaged file is never trusted past its bounds.
final class CommitGraphFile {
    /// The file, mapped read-only for the life of this object (unmapped in `deinit`).
    private let raw: UnsafeRawBufferPointer
    private let count: Int
    private let fanoutOffset: Int
    private let lookupOffset: Int
    private let commitDataOffset: Int
    private let edgesOffset: Int?
    private let edgesCount: Int
    /// The changed-path Bloom filters (`BIDX`, `BDAT`), when the file has them and they read
    /// as git writes them.
    private let filters: (index: Int, data: Int, dataEnd: Int, hashes: Int)?

    private static let entrySize = 20 + 16
    private static let noParent: UInt32 = 0x7000_0000

    /// Opens the file at `path`; `nil` when there is none or it is not a version-1 SHA-1 file.
    init?(path: String) {
        // Mapped, not read: a million-commit history's file is 60 MB, of which a run touches
        // what it walks. (git replaces the file by renaming a new one over it, so a mapping
        // never sees a half-written file.)
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size >= 8 + 12, let size = Int(exactly: status.st_size),
              let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else { return nil }
        let raw = UnsafeRawBufferPointer(start: mapped, count: size)
        guard let layout = Self.layout(raw) else {
            munmap(mapped, size)
            return nil
        }
        self.raw = raw
        count = layout.count
        fanoutOffset = layout.fanout
        lookupOffset = layout.lookup
        commitDataOffset = layout.commits
        edgesOffset = layout.edges
        edgesCount = layout.edges.map { (layout.edgesEnd - $0) / 4 } ?? 0
        filters = Self.bloomFilters(raw, index: layout.bloomIndex, data: layout.bloomData, count: layout.count)
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count)
    }

    /// Where the chunks are, checked against the file's size; `nil` for anything but a
    /// version-1 SHA-1 file with its lookup and commit data in bounds.
    private static func layout(_ raw: UnsafeRawBufferPointer) -> (count: Int, fanout: Int, lookup: Int, commits: Int, edges: Int?, edgesEnd: Int, bloomIndex: (start: Int, end: Int)?, bloomData: (start: Int, end: Int)?)? {
        // "CGPH", version 1, hash version 1 (SHA-1), chunk count, no base graphs.
        guard raw[0] == 0x43, raw[1] == 0x47, raw[2] == 0x50, raw[3] == 0x48, raw[4] == 1, raw[5] == 1, raw[7] == 0 else { return nil }
        let chunks = Int(raw[6])
        guard raw.count >= 8 + (chunks + 1) * 12 else { return nil }
        var offsets: [UInt32: (start: Int, end: Int)] = [:]
        for index in 0..<chunks {
            let entry = 8 + index * 12
            let id = uint32(raw, entry)
            let start = uint64(raw, entry + 4)
            let end = uint64(raw, entry + 16)
            guard start <= end, end <= UInt64(raw.count) else { return nil }
            offsets[id] = (Int(start), Int(end))
        }
        // OIDF, OIDL, CDAT, EDGE.
        guard let fanout = offsets[0x4F49_4446], let lookup = offsets[0x4F49_444C], let commits = offsets[0x4344_4154],
              fanout.end - fanout.start == 256 * 4 else { return nil }
        let count = Int(uint32(raw, fanout.start + 255 * 4))
        guard lookup.start + count * 20 <= raw.count, commits.start + count * entrySize <= raw.count else { return nil }
        // BIDX, BDAT: read only if both are there.
        return (count, fanout.start, lookup.start, commits.start, offsets[0x4544_4745]?.start, offsets[0x4544_4745]?.end ?? 0,
                offsets[0x4249_4458], offsets[0x4244_4154])
    }

    /// Where the Bloom filters are: one cumulative end offset per commit in `BIDX`, and after
    /// a 12-byte header (version 1 or 2, number of hashes, bits per entry) their bytes in
    /// `BDAT`; `nil` when either is missing or does not fit.
    private static func bloomFilters(_ raw: UnsafeRawBufferPointer, index: (start: Int, end: Int)?, data: (start: Int, end: Int)?, count: Int) -> (index: Int, data: Int, dataEnd: Int, hashes: Int)? {
        guard let index, let data, index.end - index.start == count * 4, data.end - data.start >= 12 else { return nil }
        let version = uint32(raw, data.start)
        let hashes = Int(uint32(raw, data.start + 4))
        guard version == 1 || version == 2, (1...32).contains(hashes) else { return nil }
        // The end offsets never go down and stay within the data, or no filter is trusted: one
        // out of order says the chunk is damaged, and a filter read from it could rule out a
        // path the commit changes.
        var previous: UInt32 = 0
        for position in 0..<count {
            let end = uint32(raw, index.start + position * 4)
            guard end >= previous else { return nil }
            previous = end
        }
        guard Int(previous) <= data.end - data.start - 12 else { return nil }
        return (index.start, data.start + 12, data.end, hashes)
    }

    /// How many commits the file lists.
    var commitCount: Int { count }

    /// The committer time and parents of `id`, or `nil` when the file does not list it (or
    /// what it says of it is out of bounds).
    func links(of id: CommitID) -> (time: Int64, parents: [CommitID])? {
        guard let position = position(of: id), let record = record(at: position) else { return nil }
        return (record.time, record.parents)
    }

    /// The place of `id` in the file (its index in the sorted id list), or `nil` when the file
    /// does not list it.
    func position(of id: CommitID) -> Int? {
        find(id)
    }

    /// The root tree of the commit at `position` (see ``position(of:)``).
    func tree(at position: Int) -> CommitID? {
        guard position >= 0, position < count else { return nil }
        let entry = commitDataOffset + position * Self.entrySize
        return CommitID(raw: UnsafeRawBufferPointer(rebasing: raw[entry..<(entry + 20)]))
    }

    /// Whether the file has changed-path Bloom filters (`git commit-graph write --changed-paths`).
    var hasChangedPathFilters: Bool { filters != nil }

    /// Whether the commit at `position` (see ``position(of:)``) may change `path` (a file or a
    /// folder, repository-relative, no trailing slash) against its first parent, as git's
    /// changed-path Bloom filter for it says: `false` means certainly not, `true` perhaps;
    /// `nil` when the file has no filter for the commit, so only its trees can tell. (A path
    /// that is not ASCII has no ``ChangedPathKey``: filters of version 1 hash such bytes as
    /// git's signed `char` does.)
    func mayChange(_ key: ChangedPathKey, at position: Int) -> Bool? {
        guard let filters, position >= 0, position < count else { return nil }
        let start = position == 0 ? 0 : Int(Self.uint32(raw, filters.index + (position - 1) * 4))
        let end = Int(Self.uint32(raw, filters.index + position * 4))
        // An empty filter: not computed when the file was written.
        guard start < end, filters.data + end <= filters.dataEnd else { return nil }
        let bits = UInt64(end - start) * 8
        for hash in key.hashes(filters.hashes) {
            let bit = UInt64(hash) % bits
            let byte = raw[filters.data + start + Int(bit / 8)]
            if byte & (1 << (bit % 8)) == 0 { return false }
        }
        return true
    }

    /// What the file says of one commit: everything a walk needs, without inflating it.
    struct Record {
        /// The commit's root tree.
        var tree: CommitID
        /// The committer time in seconds (the file keeps no offset).
        var time: Int64
        /// The parents, in order.
        var parents: [CommitID]
    }

    /// The record of the commit at `position` (see ``position(of:)``), or `nil` when anything
    /// it points to is out of bounds (a damaged file: the caller reads the commit instead).
    func record(at position: Int) -> Record? {
        var parents: [CommitID] = []
        var places: [Int] = []
        guard let (tree, time) = record(at: position, parents: &parents, places: &places) else { return nil }
        return Record(tree: tree, time: time, parents: parents)
    }

    /// The same, allocating nothing of its own (for a walk over every commit): the parents are
    /// appended to `parents` and their places in the file to `places`; on `nil` both may have
    /// grown.
    func record(at position: Int, parents: inout [CommitID], places: inout [Int]) -> (tree: CommitID, time: Int64)? {
        guard position >= 0, position < count else { return nil }
        let entry = commitDataOffset + position * Self.entrySize
        let tree = CommitID(raw: UnsafeRawBufferPointer(rebasing: raw[entry..<(entry + 20)]))
        let first = Self.uint32(raw, entry + 20)
        let second = Self.uint32(raw, entry + 24)
        let high = Self.uint32(raw, entry + 28)
        let low = Self.uint32(raw, entry + 32)
        let time = Int64(high & 0x3) << 32 | Int64(low)
        // A walk asks for a parent's record next. In a long history's file every record and id
        // is a cache miss: loading the parents' records now, alongside their ids below, waits
        // once instead of twice (the first byte of `changelog --all` at 1,000,000 commits:
        // 1.10 s → 0.90 s).
        prefetchRecord(first)
        if second & 0x8000_0000 == 0 { prefetchRecord(second) }
        if first != Self.noParent {
            guard let parent = commit(at: first) else { return nil }
            parents.append(parent)
            places.append(Int(first))
        }
        guard second != Self.noParent else { return (tree, time) }
        if second & 0x8000_0000 == 0 {
            guard let parent = commit(at: second) else { return nil }
            parents.append(parent)
            places.append(Int(second))
            return (tree, time)
        }
        // An octopus merge: the second and later parents are a list in EDGE, the last one flagged.
        guard let edgesOffset else { return nil }
        var index = Int(second & 0x7FFF_FFFF)
        while true {
            guard index < edgesCount else { return nil }
            let value = Self.uint32(raw, edgesOffset + index * 4)
            guard let parent = commit(at: value & 0x7FFF_FFFF) else { return nil }
            parents.append(parent)
            places.append(Int(value & 0x7FFF_FFFF))
            if value & 0x8000_0000 != 0 { return (tree, time) }
            index += 1
        }
    }

    /// Starts loading the record at `position` into the cache, when there is one.
    private func prefetchRecord(_ position: UInt32) {
        guard Int(position) < count, let base = raw.baseAddress else { return }
        relnotes_prefetch(base + commitDataOffset + Int(position) * Self.entrySize)
    }

    private func commit(at position: UInt32) -> CommitID? {
        guard Int(position) < count else { return nil }
        let start = lookupOffset + Int(position) * 20
        return CommitID(raw: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 20)]))
    }

    /// Binary search among the ids that share `id`'s first byte.
    private func find(_ id: CommitID) -> Int? {
        let first = Int(id.firstByte)
        var low = first == 0 ? 0 : Int(Self.uint32(raw, fanoutOffset + (first - 1) * 4))
        var high = min(Int(Self.uint32(raw, fanoutOffset + first * 4)), count)
        while low < high {
            let middle = (low + high) / 2
            guard let candidate = commit(at: UInt32(middle)) else { return nil }
            if candidate == id { return middle }
            if candidate < id { low = middle + 1 } else { high = middle }
        }
        return nil
    }

    private static func uint32(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    private static func uint64(_ raw: UnsafeRawBufferPointer, _ offset: Int) -> UInt64 {
        UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}

/// A path as git's changed-path Bloom filters look it up: two 32-bit murmur3 hashes of its
/// bytes, from which the filter's `k` bit positions are derived (`h0 + i * h1`).
struct ChangedPathKey: Equatable {
    private let first: UInt32
    private let second: UInt32

    /// `nil` for a path with bytes outside ASCII (see ``CommitGraphFile/mayChange(_:at:)``) or
    /// an empty path.
    init?(_ path: String) {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        first = Self.murmur3(seed: 0x293A_E76F, bytes)
        second = Self.murmur3(seed: 0x7E64_6E2C, bytes)
    }

    /// The `count` hashes git sets for this path.
    func hashes(_ count: Int) -> some Sequence<UInt32> {
        (0..<UInt32(count)).lazy.map { first &+ $0 &* second }
    }

    /// 32-bit murmur3 (x86), as git's `bloom.c` computes it.
    static func murmur3(seed: UInt32, _ bytes: [UInt8]) -> UInt32 {
        let c1: UInt32 = 0xCC9E_2D51, c2: UInt32 = 0x1B87_3593
        func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { value << count | value >> (32 - count) }
        var hash = seed
        let blocks = bytes.count / 4
        for block in 0..<blocks {
            var k = UInt32(bytes[4 * block]) | UInt32(bytes[4 * block + 1]) << 8 | UInt32(bytes[4 * block + 2]) << 16 | UInt32(bytes[4 * block + 3]) << 24
            k = rotate(k &* c1, 15) &* c2
            hash ^= k
            hash = rotate(hash, 13) &* 5 &+ 0xE654_6B64
        }
        var tail: UInt32 = 0
        let rest = bytes.count & 3
        if rest >= 3 { tail ^= UInt32(bytes[4 * blocks + 2]) << 16 }
        if rest >= 2 { tail ^= UInt32(bytes[4 * blocks + 1]) << 8 }
        if rest >= 1 {
            tail ^= UInt32(bytes[4 * blocks])
            hash ^= rotate(tail &* c1, 15) &* c2
        }
        hash ^= UInt32(truncatingIfNeeded: bytes.count)
        hash ^= hash >> 16
        hash = hash &* 0x85EB_CA6B
        hash ^= hash >> 13
        hash = hash &* 0xC2B2_AE35
        hash ^= hash >> 16
        return hash
    }
}
