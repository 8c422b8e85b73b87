internal import CGit2
import Foundation
import RelnotesCore

/// git's commit-graph (written by `git gc`, `git commit-graph write`, `git maintenance` and
/// `git fetch` with `fetch.writeCommitGraph`): the parents, committer time and root tree of each
/// commit it lists, read without inflating the commit. libgit2 1.5 does not use it outside its
/// own revision walk.
///
/// git keeps it in one file, `objects/info/commit-graph`, or, written with `--split`, as a chain
/// of files in `objects/info/commit-graphs/`: `commit-graph-chain` names them, oldest first, and
/// each lists commits the files below it do not. Positions run through the whole chain (a file's
/// commits come after those of every file below it) and so do the parents in its records. A
/// single file reads as a chain of one; as in git, it is read when both are there.
///
/// A commit id names its content, so what the files say of a commit they list is true whenever
/// they were written; a commit they do not list (newer than the last file) is read from the
/// object database. Every position is checked: a damaged file is never trusted past its bounds.
/// A file of the chain that is missing or does not match it (its base files, its checksum) ends
/// the chain, as in git: the files below it are read, the commits of those above from the
/// object database.
final class CommitGraphChain {
    /// One file of the chain, mapped read-only for the life of the chain.
    private struct Layer {
        var raw: UnsafeRawBufferPointer
        /// How many commits the files below this one list: its first commit's position.
        var base: Int
        var count: Int
        var fanoutOffset: Int
        var lookupOffset: Int
        var commitDataOffset: Int
        var edgesOffset: Int?
        var edgesCount: Int
        /// The changed-path Bloom filters (`BIDX`, `BDAT`), when the file has them and they read
        /// as git writes them.
        var filters: (index: Int, data: Int, dataEnd: Int, hashes: Int)?

        /// The position after this file's last commit.
        var end: Int { base + count }
    }

    /// The files, the base first.
    private let layers: [Layer]
    /// How many commits the files list.
    let commitCount: Int

    private static let entrySize = 20 + 16
    private static let noParent: UInt32 = 0x7000_0000

    private init?(layers: [Layer]) {
        guard !layers.isEmpty else { return nil }
        self.layers = layers
        commitCount = layers[layers.count - 1].end
    }

    deinit {
        for layer in layers { munmap(UnsafeMutableRawPointer(mutating: layer.raw.baseAddress), layer.raw.count) }
    }

    /// The commit-graph of the object folder `objects`, as git reads it: `info/commit-graph`,
    /// else the chain `info/commit-graphs/commit-graph-chain` names; `nil` when there is neither,
    /// or not even the chain's first file reads.
    static func open(objects: String) -> CommitGraphChain? {
        if let single = CommitGraphChain(path: objects + "/info/commit-graph") { return single }
        let folder = objects + "/info/commit-graphs/"
        // A line a file: 40 hex digits and a newline. (git reads any length; a million-commit
        // history written by `git maintenance` keeps a handful.)
        guard let (descriptor, size) = openRegularFile(folder + "commit-graph-chain"), size <= 1 << 20 else { return nil }
        let chain = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true).readData(ofLength: size)
        var hashes: [[UInt8]] = []
        var layers: [Layer] = []
        var lines = chain.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            guard let hash = CommitID(hex: String(decoding: line, as: UTF8.self)).map({ Array($0.bytes) }) else { break }
            let base = layers.last?.end ?? 0
            guard let raw = map(folder + "graph-" + String(decoding: line, as: UTF8.self) + ".graph") else { break }
            // The file's own checksum (its last 20 bytes) is its name in the chain.
            guard raw.count >= 20, raw[(raw.count - 20)...].elementsEqual(hash),
                  let layer = layer(raw, base: base, bases: hashes) else {
                munmap(UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count)
                break
            }
            layers.append(layer)
            hashes.append(hash)
        }
        return CommitGraphChain(layers: layers)
    }

    /// The single file at `path`; `nil` when there is none or it is not a version-1 SHA-1 file
    /// with no base files.
    init?(path: String) {
        guard let raw = Self.map(path) else { return nil }
        guard let layer = Self.layer(raw, base: 0, bases: []) else {
            munmap(UnsafeMutableRawPointer(mutating: raw.baseAddress), raw.count)
            return nil
        }
        layers = [layer]
        commitCount = layer.count
    }

    /// The file at `path`, mapped read-only; `nil` when it cannot be, or is too short for a header.
    private static func map(_ path: String) -> UnsafeRawBufferPointer? {
        // Mapped, not read: a million-commit history's file is 60 MB, of which a run touches
        // what it walks. (git replaces a file by renaming a new one over it, and names a
        // chain's files by their checksums, so a mapping never sees a half-written file.)
        guard let (descriptor, size) = openRegularFile(path) else { return nil }
        defer { close(descriptor) }
        guard size >= 8 + 12, let mapped = mmap(nil, size, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else { return nil }
        return UnsafeRawBufferPointer(start: mapped, count: size)
    }

    /// The regular file at `path`, opened read-only, and its size; `nil` for anything else. A
    /// FIFO or a device there (a damaged or hostile repository) is never waited on or read
    /// without end, where git itself would wait.
    private static func openRegularFile(_ path: String) -> (descriptor: Int32, size: Int)? {
        let descriptor = Foundation.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, let size = Int(exactly: status.st_size) else {
            close(descriptor)
            return nil
        }
        return (descriptor, size)
    }

    /// Where a file's chunks are, checked against its size and against the chain below it:
    /// `base` commits in the files whose checksums are `bases`, which its header and its `BASE`
    /// chunk must name in order. `nil` for anything but a version-1 SHA-1 file with its lookup
    /// and commit data in bounds.
    private static func layer(_ raw: UnsafeRawBufferPointer, base: Int, bases: [[UInt8]]) -> Layer? {
        // "CGPH", version 1, hash version 1 (SHA-1), chunk count, number of base files.
        guard raw[0] == 0x43, raw[1] == 0x47, raw[2] == 0x50, raw[3] == 0x48, raw[4] == 1, raw[5] == 1, Int(raw[7]) == bases.count else { return nil }
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
        // OIDF, OIDL, CDAT.
        guard let fanout = offsets[0x4F49_4446], let lookup = offsets[0x4F49_444C], let commits = offsets[0x4344_4154],
              fanout.end - fanout.start == 256 * 4 else { return nil }
        let count = Int(uint32(raw, fanout.start + 255 * 4))
        // Positions are 31 bits, less git's markers.
        guard lookup.start + count * 20 <= raw.count, commits.start + count * entrySize <= raw.count,
              base + count < Int(noParent) else { return nil }
        // BASE: the checksums of the files below, in order.
        if !bases.isEmpty {
            guard let listed = offsets[0x4241_5345], listed.end - listed.start == bases.count * 20 else { return nil }
            for (index, hash) in bases.enumerated() where !raw[(listed.start + index * 20)..<(listed.start + index * 20 + 20)].elementsEqual(hash) {
                return nil
            }
        }
        // EDGE; BIDX and BDAT, read only if both are there.
        let edges = offsets[0x4544_4745]
        return Layer(raw: raw, base: base, count: count, fanoutOffset: fanout.start, lookupOffset: lookup.start, commitDataOffset: commits.start,
                     edgesOffset: edges?.start, edgesCount: edges.map { ($0.end - $0.start) / 4 } ?? 0,
                     filters: bloomFilters(raw, index: offsets[0x4249_4458], data: offsets[0x4244_4154], count: count))
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

    /// How many files the chain has (1 for the single file).
    var fileCount: Int { layers.count }

    /// The file holding `position`, by its index in `layers`; `nil` out of bounds.
    @inline(__always)
    private func layerIndex(_ position: Int) -> Int? {
        guard position >= 0, position < commitCount else { return nil }
        // The base file lists most commits, and a walk spends most of its time there.
        var index = 0
        while position >= layers[index].end { index += 1 }
        return index
    }

    /// The committer time and parents of `id`, or `nil` when the files do not list it (or what
    /// they say of it is out of bounds).
    func links(of id: CommitID) -> (time: Int64, parents: [CommitID])? {
        guard let position = position(of: id), let record = record(at: position) else { return nil }
        return (record.time, record.parents)
    }

    /// The place of `id` in the chain, or `nil` when no file lists it.
    func position(of id: CommitID) -> Int? {
        for layer in layers {
            if let found = Self.find(id, in: layer) { return layer.base + found }
        }
        return nil
    }

    /// The root tree of the commit at `position` (see ``position(of:)``).
    func tree(at position: Int) -> CommitID? {
        guard let index = layerIndex(position) else { return nil }
        let layer = layers[index]
        let entry = layer.commitDataOffset + (position - layer.base) * Self.entrySize
        return CommitID(raw: UnsafeRawBufferPointer(rebasing: layer.raw[entry..<(entry + 20)]))
    }

    /// Whether a file of the chain has changed-path Bloom filters
    /// (`git commit-graph write --changed-paths`).
    var hasChangedPathFilters: Bool { layers.contains { $0.filters != nil } }

    /// Whether the commit at `position` (see ``position(of:)``) may change `path` (a file or a
    /// folder, repository-relative, no trailing slash) against its first parent, as git's
    /// changed-path Bloom filter for it says: `false` means certainly not, `true` perhaps;
    /// `nil` when its file has no filter for the commit, so only its trees can tell. (A path
    /// that is not ASCII has no ``ChangedPathKey``: filters of version 1 hash such bytes as
    /// git's signed `char` does.) Each file's filters are read with that file's own settings.
    func mayChange(_ key: ChangedPathKey, at position: Int) -> Bool? {
        guard let index = layerIndex(position), let filters = layers[index].filters else { return nil }
        let raw = layers[index].raw
        let local = position - layers[index].base
        let start = local == 0 ? 0 : Int(Self.uint32(raw, filters.index + (local - 1) * 4))
        let end = Int(Self.uint32(raw, filters.index + local * 4))
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

    /// What the files say of one commit: everything a walk needs, without inflating it.
    struct Record {
        /// The commit's root tree.
        var tree: CommitID
        /// The committer time in seconds (the files keep no offset).
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
    /// appended to `parents` and their places in the chain to `places`; on `nil` both may have
    /// grown.
    func record(at position: Int, parents: inout [CommitID], places: inout [Int]) -> (tree: CommitID, time: Int64)? {
        guard let index = layerIndex(position) else { return nil }
        let layer = layers[index]
        let raw = layer.raw
        let entry = layer.commitDataOffset + (position - layer.base) * Self.entrySize
        let tree = CommitID(raw: UnsafeRawBufferPointer(rebasing: raw[entry..<(entry + 20)]))
        let first = Self.uint32(raw, entry + 20)
        let second = Self.uint32(raw, entry + 24)
        let high = Self.uint32(raw, entry + 28)
        let low = Self.uint32(raw, entry + 32)
        let time = Int64(high & 0x3) << 32 | Int64(low)
        // A file's parents are in it or below it, never above.
        let limit = layer.end
        // A walk asks for a parent's record next. In a long history's file every record and id
        // is a cache miss: loading the parents' records now, alongside their ids below, waits
        // once instead of twice (the first byte of `changelog --all` at 1,000,000 commits:
        // 1.10 s → 0.90 s).
        prefetchRecord(first)
        if second & 0x8000_0000 == 0 { prefetchRecord(second) }
        if first != Self.noParent {
            guard Int(first) < limit, let parent = commit(at: Int(first)) else { return nil }
            parents.append(parent)
            places.append(Int(first))
        }
        guard second != Self.noParent else { return (tree, time) }
        if second & 0x8000_0000 == 0 {
            guard Int(second) < limit, let parent = commit(at: Int(second)) else { return nil }
            parents.append(parent)
            places.append(Int(second))
            return (tree, time)
        }
        // An octopus merge: the second and later parents are a list in EDGE, the last one flagged.
        guard let edgesOffset = layer.edgesOffset else { return nil }
        var edge = Int(second & 0x7FFF_FFFF)
        while true {
            guard edge < layer.edgesCount else { return nil }
            let value = Self.uint32(raw, edgesOffset + edge * 4)
            let at = Int(value & 0x7FFF_FFFF)
            guard at < limit, let parent = commit(at: at) else { return nil }
            parents.append(parent)
            places.append(at)
            if value & 0x8000_0000 != 0 { return (tree, time) }
            edge += 1
        }
    }

    /// Starts loading the record at `position` into the cache, when there is one.
    @inline(__always)
    private func prefetchRecord(_ position: UInt32) {
        guard let index = layerIndex(Int(position)), let base = layers[index].raw.baseAddress else { return }
        relnotes_prefetch(base + layers[index].commitDataOffset + (Int(position) - layers[index].base) * Self.entrySize)
    }

    /// The id of the commit at `position`.
    private func commit(at position: Int) -> CommitID? {
        guard let index = layerIndex(position) else { return nil }
        let start = layers[index].lookupOffset + (position - layers[index].base) * 20
        return CommitID(raw: UnsafeRawBufferPointer(rebasing: layers[index].raw[start..<(start + 20)]))
    }

    /// `id`'s index among the commits of `layer`: a binary search among the ids that share its
    /// first byte.
    private static func find(_ id: CommitID, in layer: Layer) -> Int? {
        let raw = layer.raw
        let first = Int(id.firstByte)
        var low = first == 0 ? 0 : Int(uint32(raw, layer.fanoutOffset + (first - 1) * 4))
        var high = min(Int(uint32(raw, layer.fanoutOffset + first * 4)), layer.count)
        while low < high {
            let middle = (low + high) / 2
            let start = layer.lookupOffset + middle * 20
            let candidate = CommitID(raw: UnsafeRawBufferPointer(rebasing: raw[start..<(start + 20)]))
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
