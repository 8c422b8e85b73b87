internal import CGit2
import RelnotesCore

extension GitRepository {
    /// Every tag under `refs/tags/` whose target peels to a commit, sorted by name; tags of
    /// trees or blobs are left out.
    ///
    /// - Throws: ``GitError`` naming the tag when its object, or the object it points to, is
    ///   missing or unreadable (a dangling tag): the answer would silently lack a release.
    public func tagReferences() throws(GitError) -> [TagReference] {
        let operation = "list tags"
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, "refs/tags/*"), operation)
        defer { git_reference_iterator_free(iterator) }
        var tags: [TagReference] = []
        var reference: OpaquePointer?
        while true {
            let result = git_reference_next(&reference, iterator)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, operation)
            defer { git_reference_free(reference) }
            if let tag = try tagReference(reference) { tags.append(tag) }
        }
        return tags.sorted { $0.name < $1.name }
    }

    /// The names of every tag under `refs/tags/`, without reading any object (cheap: each
    /// loose reference file is read once, where `git_tag_list` reads it twice).
    public func tagNames() throws(GitError) -> [String] {
        let operation = "list tags"
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, "refs/tags/*"), operation)
        defer { git_reference_iterator_free(iterator) }
        var names: [String] = []
        var name: UnsafePointer<CChar>?
        while true {
            let result = git_reference_next_name(&name, iterator)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, operation)
            guard let name else { continue }
            let full = String(cString: name)
            names.append(full.hasPrefix("refs/tags/") ? String(full.dropFirst("refs/tags/".count)) : full)
        }
        return names
    }

    /// What the tag `name` points to when it is not a commit (`"tree"`, `"blob"`), else `nil`.
    public func nonCommitTarget(ofTag name: String) throws(GitError) -> String? {
        var reference: OpaquePointer?
        let result = git_reference_lookup(&reference, handle, "refs/tags/\(name)")
        if result == GIT_ENOTFOUND.rawValue || result == GIT_EINVALIDSPEC.rawValue { return nil }
        try check(result, "read tag \(name)")
        defer { git_reference_free(reference) }
        var peeled: OpaquePointer?
        try check(git_reference_peel(&peeled, reference, GIT_OBJECT_ANY), "read tag \(name)")
        defer { git_object_free(peeled) }
        // Peeling to "any" stops at the first object that is not a tag.
        let type = git_object_type(peeled)
        guard type != GIT_OBJECT_COMMIT, let kind = git_object_type2string(type) else { return nil }
        return String(cString: kind)
    }

    private func tagReference(_ reference: OpaquePointer?) throws(GitError) -> TagReference? {
        let fullName = String(cString: git_reference_name(reference))
        let name = String(fullName.dropFirst("refs/tags/".count))
        if let known = try directTagReference(reference, name: name) { return known }
        var peeled: OpaquePointer?
        let result = git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT)
        switch result {
        case GIT_EPEEL.rawValue, GIT_EINVALIDSPEC.rawValue:
            return nil  // a tag of a tree or a blob: not a release tag, ignored
        case GIT_ENOTFOUND.rawValue:
            throw GitError(
                code: .notFound,
                operation: "read tag \(TextSanitizer.singleLine(name))",
                detail: "\(missingObject(of: reference)) is missing from the repository",
                hint: "the repository is incomplete: fetch it again (git fetch --tags), or delete the broken tag (git tag -d)"
            )
        default:
            try check(result, "read tag \(TextSanitizer.singleLine(name))")
        }
        defer { git_object_free(peeled) }
        let target = CommitID(git_object_id(peeled).pointee)
        return TagReference(name: name, target: target, annotation: try annotation(of: reference, name: name))
    }

    /// A tag that names a commit, or a tag object that names a commit (nearly every tag), read
    /// from the objects' headers and the one tag object: no commit is inflated or parsed (a
    /// history's thousands of tags made that a tenth of a run). `nil` for anything else (a tag
    /// of a tag, of a tree or a blob, a missing object), which peeling answers.
    private func directTagReference(_ reference: OpaquePointer?, name: String) throws(GitError) -> TagReference? {
        guard let direct = git_reference_target(reference) else { return nil }
        let reader = try rawCommitReader()
        let id = CommitID(direct.pointee)
        switch reader.objectType(id) {
        case GIT_OBJECT_COMMIT:
            return TagReference(name: name, target: id, annotation: nil)
        case GIT_OBJECT_TAG:
            var object: OpaquePointer?
            guard git_object_lookup(&object, handle, direct, GIT_OBJECT_TAG) == 0 else { return nil }
            defer { git_object_free(object) }
            guard git_tag_target_type(object) == GIT_OBJECT_COMMIT, let target = git_tag_target_id(object),
                  reader.objectType(CommitID(target.pointee)) == GIT_OBJECT_COMMIT else { return nil }
            return TagReference(name: name, target: CommitID(target.pointee), annotation: Self.annotation(ofTag: object))
        default:
            return nil
        }
    }

    /// Which object of a tag's chain is missing: `"its object 1a2b3c4…"` (the tag object or
    /// the commit of a lightweight tag) or `"the commit 1a2b3c4… it points to"`.
    private func missingObject(of reference: OpaquePointer?) -> String {
        guard let direct = git_reference_target(reference) else { return "the object it points to" }
        var id = CommitID(direct.pointee)
        var object: OpaquePointer?
        guard git_object_lookup(&object, handle, direct, GIT_OBJECT_ANY) == 0 else { return "its object \(id)" }
        defer { git_object_free(object) }
        // Follow tags of tags down to the first object that cannot be read.
        while git_object_type(object) == GIT_OBJECT_TAG, let target = git_tag_target_id(object) {
            id = CommitID(target.pointee)
            var next: OpaquePointer?
            guard git_object_lookup(&next, handle, target, GIT_OBJECT_ANY) == 0 else { return "the object \(id) it points to" }
            git_object_free(object)
            object = next
        }
        return "the object \(id) it points to"
    }

    /// The tagger and message of an annotated tag (the outermost tag object for a tag of a tag).
    private func annotation(of reference: OpaquePointer?, name: String) throws(GitError) -> TagReference.Annotation? {
        guard let direct = git_reference_target(reference) else { return nil }
        var object: OpaquePointer?
        try check(git_object_lookup(&object, handle, direct, GIT_OBJECT_ANY), "read tag \(name)")
        defer { git_object_free(object) }
        guard git_object_type(object) == GIT_OBJECT_TAG else { return nil }
        return Self.annotation(ofTag: object)
    }

    /// The tagger and message of a tag object.
    private static func annotation(ofTag object: OpaquePointer?) -> TagReference.Annotation {
        let tagger = git_tag_tagger(object).map { Signature($0) }
        let message = git_tag_message(object).map { String(cString: $0) } ?? ""
        return TagReference.Annotation(tagger: tagger, message: message)
    }
}
