import Foundation
import RelnotesCore

extension Session {
    /// `path` (as given on the command line: absolute, or relative to the working directory)
    /// relative to the repository's working tree, or `nil` when it lies outside it (or the
    /// repository is bare).
    func repositoryPath(_ path: String) -> String? {
        guard let root = repository.workingDirectory else { return nil }
        let base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        let file = URL(fileURLWithPath: path, relativeTo: base).standardizedFileURL
        // The folder may be a symlink (/tmp on macOS); the file itself may not exist yet.
        let folder = file.deletingLastPathComponent().resolvingSymlinksInPath().path
        let top = URL(fileURLWithPath: root, isDirectory: true).resolvingSymlinksInPath().path
        let full = (folder.hasSuffix("/") ? folder : folder + "/") + file.lastPathComponent
        let prefix = top.hasSuffix("/") ? top : top + "/"
        guard full.hasPrefix(prefix) else { return nil }
        let relative = String(full.dropFirst(prefix.count))
        return relative.isEmpty ? nil : relative
    }
}

extension Configuration {
    /// This configuration with `path` (repository-relative) also counted as the changelog
    /// file: a commit that changes only it is never an entry nor a bump.
    func writingChangelog(to path: String?) -> Configuration {
        guard let path else { return self }
        var configuration = self
        configuration.outputChangelogFiles.append(path)
        return configuration
    }
}
