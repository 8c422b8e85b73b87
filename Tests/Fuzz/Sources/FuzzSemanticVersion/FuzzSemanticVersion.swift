import FuzzCheck
import RelnotesCore

/// Semantic versions and tag names. The input is split at NUL bytes into candidate names.
///
/// - A string that parses prints back byte for byte (the grammar is strict, so the canonical
///   form is the only form), and `SemanticVersion(v.description) == v`.
/// - `init?` and the throwing `parse` agree.
/// - Precedence agrees with an independent reading of SemVer 2.0.0 section 11, and `<` is a
///   strict total order consistent with `==` (and with hashing).
/// - A tag name matches a `TagNamePattern` exactly when one of its accepted prefixes is
///   followed by a version, and prefix + version spells the name again.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzSemanticVersion(_ data: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let names = texts(data, count)
    var versions: [(text: String, version: SemanticVersion)] = []
    for name in names {
        if let version = checkVersion(name) { versions.append((name, version)) }
        for pattern in patterns(configuredBy: names[0]) { checkTagName(name, pattern: pattern) }
    }
    for left in versions {
        for right in versions { checkOrder(left, right) }
    }
    if versions.count >= 3 {
        let (a, b, c) = (versions[0].version, versions[1].version, versions[2].version)
        if a < b && b < c { require(a < c, "< is not transitive: \(a) < \(b) < \(c)") }
    }
    return 0
}

private func checkVersion(_ text: String) -> SemanticVersion? {
    let version = SemanticVersion(text)
    let parsed = Result { () throws(UsageError) -> SemanticVersion in try SemanticVersion.parse(text) }
    switch (version, parsed) {
    case (let version?, .success(let other)):
        require(version == other, "init and parse read \(quoted(text)) differently")
    case (nil, .failure(let error)):
        require(!error.message.isEmpty && error.category == .usage, "parse failed on \(quoted(text)) without a usage message")
        return nil
    case (nil, .success(let other)):
        require(false, "init rejects \(quoted(text)) but parse reads \(other)")
        return nil
    case (_?, .failure(let error)):
        require(false, "init reads \(quoted(text)) but parse rejects it: \(error.message)")
        return nil
    }
    guard let version else { return nil }
    require(sameBytes(version.description, text), "\(quoted(text)) prints back as \(quoted(version.description))")
    require(SemanticVersion(version.description) == version, "\(version) does not round-trip")
    require(version.isPrerelease == !version.prerelease.isEmpty, "isPrerelease disagrees with the identifiers")
    require(version.core.hasSamePrecedence(as: version) == !version.isPrerelease, "core of \(version) has the wrong precedence")
    require(!version.isPrerelease || version < version.core, "prerelease \(version) does not rank below its release")
    return version
}

/// Precedence by the specification, on the text itself: numbers compared by length then digits
/// (no leading zeros, so no integer type can overflow), then prerelease identifiers.
private func specificationOrder(_ left: String, _ right: String) -> Int {
    func split(_ text: String) -> (core: [Substring], prerelease: [Substring]) {
        let withoutBuild = text.split(separator: "+", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let parts = withoutBuild.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let core = parts[0].split(separator: ".", omittingEmptySubsequences: false)
        let prerelease = parts.count > 1 ? parts[1].split(separator: ".", omittingEmptySubsequences: false) : []
        return (core, prerelease)
    }
    func isNumeric(_ identifier: Substring) -> Bool { identifier.utf8.allSatisfy { $0 &- UInt8(ascii: "0") < 10 } }
    func compareNumbers(_ a: Substring, _ b: Substring) -> Int {
        if a.utf8.count != b.utf8.count { return a.utf8.count < b.utf8.count ? -1 : 1 }
        return compareBytes(a, b)
    }
    func compareBytes(_ a: Substring, _ b: Substring) -> Int {
        if a.utf8.elementsEqual(b.utf8) { return 0 }
        return a.utf8.lexicographicallyPrecedes(b.utf8) ? -1 : 1
    }
    let (a, b) = (split(left), split(right))
    for (x, y) in zip(a.core, b.core) {
        let order = compareNumbers(x, y)
        if order != 0 { return order }
    }
    switch (a.prerelease.isEmpty, b.prerelease.isEmpty) {
    case (true, true): return 0
    case (true, false): return 1
    case (false, true): return -1
    case (false, false): break
    }
    for (x, y) in zip(a.prerelease, b.prerelease) {
        let order: Int = switch (isNumeric(x), isNumeric(y)) {
        case (true, true): compareNumbers(x, y)
        case (true, false): -1
        case (false, true): 1
        case (false, false): compareBytes(x, y)
        }
        if order != 0 { return order }
    }
    return a.prerelease.count == b.prerelease.count ? 0 : (a.prerelease.count < b.prerelease.count ? -1 : 1)
}

private func checkOrder(_ left: (text: String, version: SemanticVersion), _ right: (text: String, version: SemanticVersion)) {
    let (a, b) = (left.version, right.version)
    let relations = [a < b, a == b, b < a].filter { $0 }.count
    require(relations == 1, "\(a) and \(b): exactly one of <, ==, > must hold, \(relations) do")
    require((a == b) == sameBytes(a.description, b.description), "== disagrees with the printed form for \(a) and \(b)")
    if a == b { require(a.hashValue == b.hashValue, "equal versions \(a) and \(b) hash differently") }
    require(a.hasSamePrecedence(as: b) == b.hasSamePrecedence(as: a), "hasSamePrecedence is not symmetric for \(a) and \(b)")
    let expected = specificationOrder(left.text, right.text)
    require(a.hasSamePrecedence(as: b) == (expected == 0), "\(a) and \(b): hasSamePrecedence is \(a.hasSamePrecedence(as: b)), the specification says \(expected)")
    if expected < 0 { require(a < b, "the specification ranks \(a) below \(b)") }
    if expected > 0 { require(b < a, "the specification ranks \(a) above \(b)") }
    if expected == 0 {
        require((a < b) == a.buildMetadata.lexicographicallyPrecedes(b.buildMetadata), "\(a) and \(b) of equal precedence are not ordered by build metadata")
    }
}

/// The default pattern, and the first name read as a configured prefix and as a component.
private func patterns(configuredBy text: String) -> [TagNamePattern] {
    var result = [TagNamePattern()]
    if text.utf8.count <= 40 {
        result.append(TagNamePattern(configuredPrefix: text))
        if !text.isEmpty { result.append(TagNamePattern(component: text)) }
    }
    return result
}

private func checkTagName(_ name: String, pattern: TagNamePattern) {
    let match = pattern.match(name)
    if let (prefix, version) = match {
        require(pattern.acceptedPrefixes.contains { sameBytes($0, prefix) }, "\(quoted(name)) matched with prefix \(quoted(prefix)), which \(pattern) does not accept")
        require(sameBytes(prefix + version.description, name), "\(quoted(name)) matched as \(quoted(prefix)) + \(version), which spells another name")
        let tag = ReleaseTag(name: name, prefix: prefix, version: version, target: target)
        let again = pattern.tagName(for: version, following: tag)
        require(sameBytes(again, name), "the next tag for \(version) after \(quoted(name)) would be \(quoted(again))")
        let fresh = pattern.tagName(for: version, following: nil)
        require(pattern.match(fresh).map { $0.version == version } ?? false, "\(quoted(fresh)), the tag \(pattern) writes for \(version), is not a release tag")
    } else {
        for prefix in pattern.acceptedPrefixes where name.utf8.starts(with: prefix.utf8) {
            let rest = String(decoding: name.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
            require(SemanticVersion(rest) == nil, "\(quoted(name)) is \(quoted(prefix)) + version \(quoted(rest)), yet \(pattern) does not match it")
        }
    }
}

private let target = CommitID(bytes: [UInt8](repeating: 0xCD, count: 20))!
