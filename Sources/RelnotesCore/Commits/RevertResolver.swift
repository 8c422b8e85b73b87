/// Cancels reverts against the commits they revert within one list (docs/lint.md): when
/// both are in the same range, neither appears in the notes nor counts for the version.
public enum RevertResolver {
    /// Drops every revert whose target is in the same list together with that target, keeping
    /// the order of the rest.
    ///
    /// `commits` is newest first, as ``HistoryReader`` returns them. Reverts are resolved from
    /// the newest down, each against a commit not already dropped: by id prefix when the revert
    /// names an id (anywhere in the list), else by the header of an *older* commit (the nearest one; a trailing
    /// ` (#N)` on either side is ignored). Resolving newest first makes a revert of a revert cancel only the pair it
    /// names: `feat`, `Revert "feat"`, `Revert "Revert "feat""` leaves the `feat`. A revert
    /// whose target is not in the list stays.
    public static func droppingRevertedPairs(_ commits: [ConventionalCommit]) -> [ConventionalCommit] {
        guard commits.contains(where: { $0.revert != nil }) else { return commits }
        var dropped = [Bool](repeating: false, count: commits.count)
        var hexIDs: [String] = []
        for index in commits.indices where !dropped[index] {
            guard let target = commits[index].revert else { continue }
            var match: Int?
            switch target {
            case .commit(let prefix):
                guard !prefix.isEmpty else { continue }
                if hexIDs.isEmpty { hexIDs = commits.map(\.id.description) }
                match = commits.indices.first { candidate in
                    candidate != index && !dropped[candidate] && hexIDs[candidate].utf8.starts(with: prefix.utf8)
                }
            case .header(let header):
                match = commits.indices[(index + 1)...].first { candidate in
                    !dropped[candidate] && RevertTarget.sameHeader(commits[candidate].header, header)
                }
            }
            if let match {
                dropped[index] = true
                dropped[match] = true
            }
        }
        var kept: [ConventionalCommit] = []
        kept.reserveCapacity(commits.count)
        for (commit, isDropped) in zip(commits, dropped) where !isDropped { kept.append(commit) }
        return kept
    }
}
