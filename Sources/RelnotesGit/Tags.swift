internal import CGit2
import RelnotesCore

extension GitRepository {
    /// Every tag under `refs/tags/` whose target peels to a commit, sorted by name; tags of
    /// trees or blobs, and tags whose commit is missing, are left out.
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

    private func tagReference(_ reference: OpaquePointer?) throws(GitError) -> TagReference? {
        let fullName = String(cString: git_reference_name(reference))
        let name = String(fullName.dropFirst("refs/tags/".count))
        var peeled: OpaquePointer?
        let result = git_reference_peel(&peeled, reference, GIT_OBJECT_COMMIT)
        switch result {
        case GIT_EPEEL.rawValue, GIT_ENOTFOUND.rawValue, GIT_EINVALIDSPEC.rawValue, GIT_EAMBIGUOUS.rawValue:
            return nil  // a tag of a tree or a blob, or of an object this clone does not have
        default:
            try check(result, "read tag \(name)")
        }
        defer { git_object_free(peeled) }
        let target = CommitID(git_object_id(peeled).pointee)
        return TagReference(name: name, target: target, annotation: try annotation(of: reference, name: name))
    }

    /// The tagger and message of an annotated tag (the outermost tag object for a tag of a tag).
    private func annotation(of reference: OpaquePointer?, name: String) throws(GitError) -> TagReference.Annotation? {
        guard let direct = git_reference_target(reference) else { return nil }
        var object: OpaquePointer?
        try check(git_object_lookup(&object, handle, direct, GIT_OBJECT_ANY), "read tag \(name)")
        defer { git_object_free(object) }
        guard git_object_type(object) == GIT_OBJECT_TAG else { return nil }
        let tagger = git_tag_tagger(object).map { Signature($0) }
        let message = git_tag_message(object).map { String(cString: $0) } ?? ""
        return TagReference.Annotation(tagger: tagger, message: message)
    }
}
