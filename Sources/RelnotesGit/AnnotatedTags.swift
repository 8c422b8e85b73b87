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
        let text = try Self.annotatedTagText(name: name, target: target, tagger: tagger, message: message, signer: signer)
        var oid = git_oid()
        let result = git_tag_create_from_buffer(&oid, handle, text, 0)
        if result == GIT_EEXISTS.rawValue {
            throw GitError(code: .exists, operation: "create tag \(name)", detail: "the tag already exists; relnotes never moves or replaces a tag")
        }
        try check(result, "create tag \(name)")
        return CommitID(oid)
    }

    /// The tag object's text as `git tag -a` (`-s`) writes it: `object`, `type`, `tag`,
    /// `tagger` headers, a blank line, the message, and the detached signature when signed.
    static func annotatedTagText(name: String, target: CommitID, tagger: Signature, message: String, signer: TagSigner?) throws -> String {
        var text = "object \(target)\ntype commit\ntag \(name)\ntagger \(Self.identity(tagger))\n\n\(message)"
        if !text.hasSuffix("\n") { text += "\n" }
        if let signer { text += try signer.sign(text) }
        return text
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
    ///
    /// Values git would not write into an object are refused, naming where they came from: a
    /// name or address with `<`, `>` or a control character (a newline would forge a header),
    /// an empty one, or a date or offset git does not accept (see the accepted forms in
    /// `TaggerDate`). So every tag relnotes creates passes `git fsck --strict`.
    public func tagger(environment: [String: String], now: Date = Date()) throws -> Signature {
        try person(variablePrefix: "GIT_COMMITTER", role: "tagger", environment: environment, now: now)
    }

    /// A person as git chooses one: `<prefix>_NAME`, `<prefix>_EMAIL` and `<prefix>_DATE`
    /// when set, else `user.name` and `user.email` and the current time. `role` names the
    /// person in errors (`tagger`, `author`, `committer`).
    func person(variablePrefix prefix: String, role: String, environment: [String: String], now: Date) throws -> Signature {
        func value(_ variable: String, _ key: String) throws -> (text: String, source: String)? {
            if let text = environment[variable] { return (text, variable) }
            return try configString(key).map { ($0, key) }
        }
        guard let name = try value("\(prefix)_NAME", "user.name"), let email = try value("\(prefix)_EMAIL", "user.email"),
              !name.text.isEmpty, !email.text.isEmpty
        else {
            throw GitError(code: .notFound, operation: "choose the \(role)", detail: "no name and e-mail address are configured", hint: "set them with git config user.name and user.email, or \(prefix)_NAME and \(prefix)_EMAIL")
        }
        let time: Timestamp
        if let date = environment["\(prefix)_DATE"] {
            guard let parsed = TaggerDate.parse(date) else {
                throw UsageError("\(prefix)_DATE=\(TextSanitizer.singleLine(date)) is not a date git accepts", hint: "use \"@<seconds> +0200\", \"2024-05-01T12:00:00+02:00\" or \"Wed, 01 May 2024 12:00:00 +0200\" (offsets below 24 hours)")
            }
            time = parsed
        } else {
            time = Timestamp(seconds: Int64(now.timeIntervalSince1970), offsetMinutes: TimeZone.current.secondsFromGMT(for: now) / 60)
        }
        return Signature(name: try Self.identityPart(name.text, source: name.source, what: "name", role: role), email: try Self.identityPart(email.text, source: email.source, what: "e-mail address", role: role), time: time)
    }

    /// A name or address as it goes into a `tagger` line: surrounding spaces trimmed (as git
    /// trims them); refused when empty or holding `<`, `>` or a control character.
    static func identityPart(_ text: String, source: String, what: String, role: String = "tagger") throws(UsageError) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let forbidden = trimmed.unicodeScalars.first { $0 == "<" || $0 == ">" || $0.value < 0x20 || $0.value == 0x7F }
        guard !trimmed.isEmpty, forbidden == nil else {
            let problem = trimmed.isEmpty ? "is empty" : "holds \(forbidden.map { $0.escaped(asASCII: true) }.map { "'\($0)'" } ?? "a character") that git does not allow in an identity"
            throw UsageError("the \(role)'s \(what) from \(source) \(problem)", hint: "set \(source) to a plain \(what), without '<', '>' or line breaks")
        }
        return trimmed
    }
}
