internal import CGit2
import Foundation
import RelnotesCore

extension GitRepository {
    /// Whether `refs/tags/<name>` exists.
    public func tagExists(_ name: String) throws(GitError) -> Bool {
        var reference: OpaquePointer?
        let result = git_reference_lookup(&reference, handle, "refs/tags/\(name)")
        if result == GIT_ENOTFOUND.rawValue { return false }
        try check(result, "look up tag \(name)")
        git_reference_free(reference)
        return true
    }

    /// Whether `name` is a valid tag name for git (`git check-ref-format`).
    public func isValidTagName(_ name: String) -> Bool {
        var valid: Int32 = 0
        return git_reference_name_is_valid(&valid, "refs/tags/\(name)") == 0 && valid == 1
    }

    /// Whether tracked files are unchanged from HEAD, in the index and in the working tree.
    /// Untracked files do not count (as for `git describe --dirty`); a bare repository is clean.
    public func isWorkingTreeClean() throws(GitError) -> Bool {
        guard !isBare else { return true }
        var options = git_status_options()
        try check(git_status_options_init(&options, UInt32(GIT_STATUS_OPTIONS_VERSION)), "read the working tree status")
        options.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR
        options.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES.rawValue
        var list: OpaquePointer?
        try check(git_status_list_new(&list, handle, &options), "read the working tree status")
        defer { git_status_list_free(list) }
        return git_status_list_entrycount(list) == 0
    }

    /// Creates the annotated tag `name` on `target`, exactly as `git tag -a` (and `-s`) writes
    /// it, and returns the tag object's id.
    ///
    /// The tag object is built as git builds it (`object`, `type`, `tag`, `tagger` headers, a
    /// blank line, the message, and for a signed tag the detached signature appended), then
    /// stored with `git_tag_create_from_buffer`, which refuses to replace an existing tag.
    ///
    /// - Throws: ``GitError`` with code `exists` when the tag exists: it is never moved.
    public func createAnnotatedTag(name: String, target: CommitID, tagger: Signature, message: String, signer: TagSigner? = nil) throws -> CommitID {
        guard isValidTagName(name) else {
            throw GitError(code: .generic, operation: "create tag \(name)", detail: "not a valid tag name", hint: "tag names follow git check-ref-format: no spaces, `..`, `~`, `^`, `:` or a trailing `.lock`")
        }
        if try tagExists(name) {
            throw GitError(code: .exists, operation: "create tag \(name)", detail: "the tag already exists; relnotes never moves or replaces a tag", hint: "pick another version, or delete the tag yourself if it was a mistake")
        }
        var text = "object \(target)\ntype commit\ntag \(name)\ntagger \(Self.identity(tagger))\n\n\(message)"
        if !text.hasSuffix("\n") { text += "\n" }
        if let signer { text += try signer.sign(text) }
        var oid = git_oid()
        let result = git_tag_create_from_buffer(&oid, handle, text, 0)
        if result == GIT_EEXISTS.rawValue {
            throw GitError(code: .exists, operation: "create tag \(name)", detail: "the tag already exists; relnotes never moves or replaces a tag")
        }
        try check(result, "create tag \(name)")
        return CommitID(oid)
    }

    /// `Name <email> 1700000000 +0100`, as git writes a signature line.
    static func identity(_ person: Signature) -> String {
        let offset = person.time.offsetMinutes
        let sign = offset < 0 ? "-" : "+"
        let hours = abs(offset) / 60, minutes = abs(offset) % 60
        let zone = sign + (hours < 10 ? "0" : "") + String(hours) + (minutes < 10 ? "0" : "") + String(minutes)
        return "\(person.name) <\(person.email)> \(person.time.seconds) \(zone)"
    }

    /// The tagger as git would choose it: `GIT_COMMITTER_NAME`, `GIT_COMMITTER_EMAIL` and
    /// `GIT_COMMITTER_DATE` when set, else `user.name` and `user.email` and the current time.
    public func tagger(environment: [String: String], now: Date = Date()) throws -> Signature {
        let name = try environment["GIT_COMMITTER_NAME"] ?? configString("user.name")
        let email = try environment["GIT_COMMITTER_EMAIL"] ?? configString("user.email")
        guard let name, !name.isEmpty, let email, !email.isEmpty else {
            throw GitError(code: .notFound, operation: "choose the tagger", detail: "no name and e-mail address are configured", hint: "set them with git config user.name and user.email, or GIT_COMMITTER_NAME and GIT_COMMITTER_EMAIL")
        }
        let time: Timestamp
        if let date = environment["GIT_COMMITTER_DATE"] {
            guard let parsed = Self.parseDate(date) else {
                throw GitError(code: .generic, operation: "read GIT_COMMITTER_DATE", detail: "cannot read \"\(date)\"", hint: "use \"@<seconds> +0000\" or ISO 8601 such as 2024-05-01T12:00:00+02:00")
            }
            time = parsed
        } else {
            time = Timestamp(seconds: Int64(now.timeIntervalSince1970), offsetMinutes: TimeZone.current.secondsFromGMT(for: now) / 60)
        }
        return Signature(name: name, email: email, time: time)
    }

    /// Git's internal date format (`@1700000000 +0100`, `1700000000 +0100`) or ISO 8601.
    static func parseDate(_ text: String) -> Timestamp? {
        let parts = text.split(separator: " ")
        if parts.count == 2, let seconds = Int64(parts[0].hasPrefix("@") ? parts[0].dropFirst() : parts[0]) {
            let zone = parts[1]
            guard zone.count == 5, let value = Int(zone.dropFirst()), zone.first == "+" || zone.first == "-" else { return nil }
            let minutes = (value / 100) * 60 + value % 100
            return Timestamp(seconds: seconds, offsetMinutes: zone.first == "-" ? -minutes : minutes)
        }
        if parts.count == 1, text.hasPrefix("@"), let seconds = Int64(text.dropFirst()) {
            return Timestamp(seconds: seconds)
        }
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { return nil }
        var offset = 0
        if !text.hasSuffix("Z"), let sign = text.lastIndex(where: { $0 == "+" || $0 == "-" }), text.distance(from: sign, to: text.endIndex) == 6 {
            let zone = text[text.index(after: sign)...].split(separator: ":")
            if zone.count == 2, let hours = Int(zone[0]), let minutes = Int(zone[1]) {
                offset = (hours * 60 + minutes) * (text[sign] == "-" ? -1 : 1)
            }
        }
        return Timestamp(seconds: Int64(date.timeIntervalSince1970), offsetMinutes: offset)
    }
}
