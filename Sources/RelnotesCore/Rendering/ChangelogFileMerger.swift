/// Puts a freshly rendered Unreleased section into an existing changelog, keeping every byte of
/// the file outside that section as it was: hand-edited sections, a custom header, a byte-order
/// mark, line endings, link reference definitions and footers.
///
/// The file is read as CommonMark block structure, as far as finding sections needs it:
/// - A section starts at an ATX heading `## …` (up to 3 spaces of indentation, outside any
///   list item, block quote, fenced code block or HTML comment) and runs to the next heading of
///   level 1 or 2. Setext headings are not sections.
/// - Fenced code opens with 3 or more backticks or tildes (up to 3 spaces of indentation
///   relative to its list item or block quote) and closes with a line of the same character, at
///   least as long, with up to 3 spaces of indentation; it also ends where its list item or
///   block quote ends. HTML comments (`<!--` … `-->`) are read the same way. Headings inside
///   either are text.
/// - A fence or comment left open inside the Unreleased section (a file written by hand, or by
///   an older relnotes from commit text) does not swallow the releases below it: inside that
///   section a level-2 heading that names a version (`## [1.2.0]`, `## v1.2.0 - date`,
///   `## [api-v1.2.0]`: the first word holds digits, a dot and digits) ends the section even
///   when a fence is open. A stray fence thus costs at most the rest of the Unreleased section,
///   never an older release.
/// - Link reference definitions (`[1.0.0]: https://…`) and HTML comments at the end of the
///   Unreleased section, with the blank lines between them, are a footer: they are kept after the
///   new section.
public struct ChangelogFileMerger: Sendable {
    /// Creates a merger; it holds no state.
    public init() {}

    /// The file with its Unreleased section replaced by `section`.
    ///
    /// The Unreleased section runs from a heading `## Unreleased` (also `## [Unreleased]`,
    /// `## [Unreleased](…)`, any case) to the next heading of level 1 or 2, less a footer of link
    /// reference definitions and HTML comments (see the type's documentation). Without one,
    /// `section` goes before the first `## ` heading, else at the end. A file holding nothing but
    /// whitespace (and perhaps a byte-order mark) counts as empty: it gets `header` first.
    ///
    /// Every byte outside the replaced section is kept. When the lines that stay end in CRLF
    /// (most of their line ends do), the inserted text uses CRLF too, so merging the same
    /// section again picks the same line ends; a UTF-8 byte-order mark stays.
    public func merging(section: String, into existing: String, header: String) -> String {
        let file = ChangelogFile(existing)
        var output = Array(file.bytes[..<file.bodyStart])
        guard file.bytes[file.bodyStart...].contains(where: { !Self.isWhitespace($0) }) else {
            let usesCRLF = file.usesCRLF(outside: 0..<0)
            if !header.isEmpty {
                output += usesCRLF ? Self.crlf(Array(header.utf8)) : Array(header.utf8)
                output += usesCRLF ? [13, 10, 13, 10] : [10, 10]
            }
            return Self.string(output + (usesCRLF ? Self.crlf(Array(section.utf8)) : Array(section.utf8)))
        }
        let structure = file.structure()
        let replacedLines = structure.unreleased.map { $0..<file.footerStart(heading: $0, end: structure.unreleasedEnd) } ?? 0..<0
        let usesCRLF = file.usesCRLF(outside: replacedLines)
        let newline: [UInt8] = usesCRLF ? [13, 10] : [10]
        let rendered = usesCRLF ? Self.crlf(Array(section.utf8)) : Array(section.utf8)
        if let heading = structure.unreleased {
            let end = replacedLines.upperBound
            output += file.bytes[file.bodyStart..<file.lines[heading].start]
            output += rendered
            let rest = file.bytes[file.start(ofLine: end)...]
            if !rest.isEmpty { output += newline + rest }
            return Self.string(output)
        }
        if let first = structure.firstSection {
            let offset = file.lines[first].start
            output += file.bytes[file.bodyStart..<offset]
            output += rendered + newline
            output += file.bytes[offset...]
            return Self.string(output)
        }
        output = file.bytes
        Self.endLine(&output, newline)
        // A fence or comment still open at the end would swallow the appended section, and the
        // next run would append another: close it first (a line is added; nothing is removed).
        if let closer = file.closerOfOpenBlock() {
            output += closer + newline
        }
        if !file.endsWithBlankLine(output) { output += newline }
        return Self.string(output + rendered)
    }

    /// The file with the section of a planned release (`changelog --tag V --output FILE`) in
    /// place: when the file has no Unreleased section but already has `release`'s section (the
    /// same command ran before), that section is replaced, its footer kept; otherwise as
    /// ``merging(section:into:header:)``, which replaces the Unreleased section. Running the
    /// command twice thus changes nothing the second time.
    public func merging(planned release: Section, into existing: String, header: String) -> String {
        let file = ChangelogFile(existing)
        guard file.structure().unreleased == nil,
              let own = file.sections().first(where: { !$0.unreleased && $0.names(release) }) else {
            return merging(section: release.text, into: existing, header: header)
        }
        let end = file.footerStart(heading: own.line, end: own.end)
        let usesCRLF = file.usesCRLF(outside: own.line..<end)
        let newline: [UInt8] = usesCRLF ? [13, 10] : [10]
        let rendered = usesCRLF ? Self.crlf(Array(release.text.utf8)) : Array(release.text.utf8)
        var output = Array(file.bytes[..<file.lines[own.line].start])
        output += rendered
        let rest = file.bytes[file.start(ofLine: end)...]
        if !rest.isEmpty { output += newline + rest }
        return Self.string(output)
    }

    /// One rendered section of a whole changelog, for ``merging(sections:into:header:)``.
    public struct Section: Hashable, Sendable {
        /// The section's Markdown, from its `## ` heading to its last line, ending in a newline.
        public var text: String
        /// The release's version; `nil` for the Unreleased section.
        public var version: SemanticVersion?
        /// The release's tag name (`api-v1.2.0`), when it has one: a heading naming the version
        /// with another component's prefix (`## [web-v1.2.0]`) is not this release's section.
        public var tag: String?

        /// Creates a section.
        public init(text: String, version: SemanticVersion?, tag: String? = nil) {
            self.text = text
            self.version = version
            self.tag = tag
        }
    }

    /// The file with every release in `sections` that it lacks added, and its Unreleased section
    /// rewritten; what `changelog --all --output` writes onto an existing file.
    ///
    /// `sections` is the whole rendered changelog, newest first: the Unreleased section (no
    /// version) and the releases. The file keeps, byte for byte, the text before its first
    /// section (its header and whatever a maintainer wrote there) and every section it already
    /// has, edited or not, and where it is: a release's section, a section for a version
    /// relnotes has no tag for, or one that names no version ("Highlights"). Then:
    /// - The file's Unreleased section (see ``merging(section:into:header:)``) is replaced by
    ///   the new one, its footer kept; without one, the new one goes before the first section.
    ///   When `sections` has none (the release `--tag` names is at the top), the file's
    ///   Unreleased section is removed.
    /// - A release the file has no section for goes right after the section of the nearest
    ///   newer version the file has (before that section's footer of link reference
    ///   definitions when it is the last), else right after the Unreleased section. A release
    ///   between two existing ones thus lands between them; several at one place go newest first.
    ///
    /// A section is a heading of level 1 or 2, or a level-3 heading whose title starts with a
    /// bracketed version (`### [1.2.1](…)`, as conventional-changelog and release-please write
    /// patch releases); a level-1 heading before the first section is the file's header. A
    /// heading names a version when its first word (or its second, after a word like
    /// `Version`) holds one, with or without brackets, a link, a `v` or a tag prefix:
    /// `## [1.2.0](…) - 2024-05-01`, `## 1.2.0`, `## v1.2.0`, `## [v1.2.0]`, `## [api-v1.2.0]`,
    /// `## [1.2.0] - 2024-05-01` (git-cliff, Keep a Changelog), `## [1.2.0](…) (2024-05-01)`
    /// (release-please). Versions match by precedence; a tag prefix other than `v` must be the
    /// release's own.
    ///
    /// A file holding nothing but whitespace (and perhaps a byte-order mark) gets the whole
    /// changelog: `header`, a blank line, then the sections. Inserted text uses the file's line
    /// endings; a byte-order mark stays. Running it again on its own output changes nothing.
    public func merging(sections: [Section], into existing: String, header: String) -> String {
        let file = ChangelogFile(existing)
        let present = file.sections()
        let replacedLines = present.first(where: \.unreleased).map { $0.line..<file.footerStart(heading: $0.line, end: $0.end) } ?? 0..<0
        let usesCRLF = file.usesCRLF(outside: replacedLines)
        let newline: [UInt8] = usesCRLF ? [13, 10] : [10]
        func bytes(_ text: String) -> [UInt8] { usesCRLF ? Self.crlf(Array(text.utf8)) : Array(text.utf8) }
        func joined(_ parts: [Section]) -> [UInt8] {
            parts.map { bytes($0.text) }.joined(separator: newline).reduce(into: []) { $0.append($1) }
        }
        let unreleased = sections.first { $0.version == nil }
        let releases = sections.filter { $0.version != nil }
        guard file.bytes[file.bodyStart...].contains(where: { !Self.isWhitespace($0) }) else {
            var whole = header.isEmpty ? "" : header + "\n\n"
            whole += sections.map(\.text).joined(separator: "\n")
            return matchingConventions(of: existing, whole)
        }

        let missing = releases.filter { release in !present.contains { $0.names(release) } }
        // Where each missing release goes: after the nearest newer section, or the slot after
        // the Unreleased section (`nil`).
        var after: [Int?: [Section]] = [:]
        for release in missing {
            guard let version = release.version else { continue }
            let newer = present.indices.filter { present[$0].version.map { version < $0 && !$0.hasSamePrecedence(as: version) } ?? false }
            let nearest = newer.min { first, second in
                guard let a = present[first].version, let b = present[second].version else { return false }
                // The smallest newer version; of equal ones, the last in the file.
                return a.hasSamePrecedence(as: b) ? first > second : a < b
            }
            after[nearest, default: []].append(release)
        }
        var slot = after[nil] ?? []
        if let unreleased { slot.insert(unreleased, at: 0) }

        // Edits, in file order: insertions at an offset, and the one replaced Unreleased range.
        var inserts: [(offset: Int, text: [UInt8])] = []
        var replaced: (range: Range<Int>, text: [UInt8])?
        if let current = present.firstIndex(where: \.unreleased) {
            let section = present[current]
            let end = file.footerStart(heading: section.line, end: section.end)
            let range = file.start(ofLine: section.line)..<file.start(ofLine: end)
            var text = joined(slot)
            if !text.isEmpty, range.upperBound < file.bytes.count { text += newline }
            replaced = (range, text)
        } else if !slot.isEmpty {
            if let first = present.first {
                inserts.append((file.start(ofLine: first.line), joined(slot) + newline))
            } else {
                inserts.append((file.bytes.count, joined(slot)))
            }
        }
        for (index, releases) in after {  // distinct offsets: one per section
            guard let index else { continue }
            let section = present[index]
            let isLast = index == present.count - 1
            let end = isLast ? file.footerStart(heading: section.line, end: section.end) : section.end
            let offset = file.start(ofLine: end)
            inserts.append((offset, joined(releases) + (offset == file.bytes.count ? [] : newline)))
        }
        inserts.sort { $0.offset < $1.offset }

        var output = Array(file.bytes[..<file.bodyStart])
        var position = file.bodyStart
        func copy(upTo offset: Int) {
            output += file.bytes[position..<offset]
            position = offset
        }
        func replace() {
            guard let current = replaced else { return }
            copy(upTo: current.range.lowerBound)
            output += current.text
            position = current.range.upperBound
            replaced = nil
        }
        for insert in inserts {
            if let current = replaced, current.range.lowerBound < insert.offset { replace() }
            copy(upTo: insert.offset)
            // A blank line before the inserted sections, as between any two.
            if output.count > file.bodyStart {
                Self.endLine(&output, newline)
                if !file.endsWithBlankLine(output) { output += newline }
            }
            output += insert.text
        }
        replace()
        copy(upTo: file.bytes.count)
        return Self.string(output)
    }

    /// `text` (a whole rendered changelog) with the byte-order mark and line endings of
    /// `existing`, the file it replaces: what `changelog --all` writes.
    public func matchingConventions(of existing: String, _ text: String) -> String {
        let file = ChangelogFile(existing)
        var output = Array(file.bytes[..<file.bodyStart])
        var body = Array(text.utf8)
        if body.starts(with: ChangelogFile.byteOrderMark) { body.removeFirst(3) }
        output += file.usesCRLF(outside: 0..<0) ? Self.crlf(body) : body
        return Self.string(output)
    }

    /// Whether a heading line names the Unreleased section.
    static func isUnreleasedHeading(_ line: Substring) -> Bool {
        // Bytes, not Characters: a combining mark after the word must not change the answer.
        var title = line.utf8.drop { $0 == 0x20 }.dropFirst(3)
        while title.first == 0x20 || title.first == 0x09 { title = title.dropFirst() }
        if title.first == UInt8(ascii: "[") { title = title.dropFirst() }
        let word = Array("unreleased".utf8)
        return title.count >= word.count && zip(title, word).allSatisfy { MessageText.lowercased($0) == $1 }
    }

    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count + bytes.count / 16)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == 10, previous != 13 { result.append(13) }
            result.append(byte)
            previous = byte
        }
        return result
    }

    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 32 || byte == 9 || byte == 10 || byte == 13
    }

    /// Ends the last line of `output` unless it is ended: after a bare CR only a line feed
    /// goes (the two are one CRLF, as the file was read), else `newline`.
    static func endLine(_ output: inout [UInt8], _ newline: [UInt8]) {
        guard let last = output.last, last != 10 else { return }
        output += last == 13 ? [10] : newline
    }

    static func string(_ bytes: [UInt8]) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// An existing changelog as bytes and lines.
struct ChangelogFile {
    static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

    struct Line {
        /// Offset of the first byte.
        var start: Int
        /// Offset just past the content (before `\r\n` or `\n`).
        var contentEnd: Int
        /// The line ends in `\r\n`.
        var endsInCRLF: Bool
    }

    let bytes: [UInt8]
    /// After the byte-order mark, if any.
    let bodyStart: Int
    let lines: [Line]

    init(_ text: String) {
        bytes = Array(text.utf8)
        bodyStart = bytes.starts(with: Self.byteOrderMark) ? 3 : 0
        var lines: [Line] = []
        var start = bodyStart
        var index = bodyStart
        while index < bytes.count {
            if bytes[index] == 10 {
                let hasCR = index > start && bytes[index - 1] == 13
                lines.append(Line(start: start, contentEnd: hasCR ? index - 1 : index, endsInCRLF: hasCR))
                start = index + 1
            }
            index += 1
        }
        if start < bytes.count {
            // A last line without a line feed that ends in a bare CR reads as ended by CRLF:
            // whatever line end a merge appends after it, the two bytes are one on the next run.
            let endsInCR = bytes.last == 13
            lines.append(Line(start: start, contentEnd: endsInCR ? bytes.count - 1 : bytes.count, endsInCRLF: endsInCR))
        }
        self.lines = lines
    }

    /// Whether most line ends outside the lines `replaced` (the section about to be rewritten)
    /// are CRLF. Only the lines that stay count: they decide the same way again once the new
    /// section is in, so a second run with the same section changes nothing.
    func usesCRLF(outside replaced: Range<Int>) -> Bool {
        var crlf = 0, lf = 0
        for (index, line) in lines.enumerated() where !replaced.contains(index) && line.contentEnd < bytes.count {
            if line.endsInCRLF { crlf += 1 } else { lf += 1 }
        }
        return crlf > lf
    }

    func start(ofLine index: Int) -> Int {
        index < lines.count ? lines[index].start : bytes.count
    }

    func content(_ index: Int) -> ArraySlice<UInt8> {
        bytes[lines[index].start..<lines[index].contentEnd]
    }

    func endsWithBlankLine(_ output: [UInt8]) -> Bool {
        var end = output.count - 1  // the final "\n"
        if end > 0, output[end - 1] == 13 { end -= 1 }
        return end <= bodyStart || output[end - 1] == 10
    }

    /// Where the sections are.
    struct Structure {
        var firstSection: Int?
        var unreleased: Int?
        var unreleasedEnd = 0
    }

    private enum Container: Equatable {
        case none
        case listItem(column: Int)
        case quote
    }

    private enum Block {
        case fence(marker: UInt8, length: Int)
        case comment
    }

    func structure() -> Structure {
        var result = Structure()
        for heading in headings() where heading.level <= 2 {
            if result.unreleased != nil {
                result.unreleasedEnd = heading.line
                return result
            }
            if heading.level == 2 {
                if result.firstSection == nil { result.firstSection = heading.line }
                if heading.unreleased { result.unreleased = heading.line }
            }
        }
        if result.unreleased != nil { result.unreleasedEnd = lines.count }
        return result
    }

    /// An ATX heading of level 1 to 3 that is not inside a list item, a block quote, fenced code
    /// or an HTML comment.
    struct Heading {
        var line: Int
        var level: Int
        /// A level-2 heading naming the Unreleased section.
        var unreleased: Bool
    }

    /// Every heading of level 1 to 3 outside containers and blocks, in file order. Inside an
    /// Unreleased section (from its heading to the next heading of level 1 or 2), a level-2
    /// heading naming a version ends an open fence or comment (see ``ChangelogFileMerger``).
    /// With `inEverySection`, so does a heading naming a version (see ``headingVersion(level:_:)``)
    /// anywhere after the first section starts: a fence left open in a release section then
    /// never hides the releases below it (which `--all` would otherwise add again, on every run).
    func headings(inEverySection: Bool = false) -> [Heading] {
        scan(inEverySection: inEverySection).headings
    }

    /// The line that closes a fence or comment left open, outside any list item or quote, at
    /// the end of the file (`` ``` ``, `~~~~`, `-->`); `nil` when nothing is open there.
    func closerOfOpenBlock() -> [UInt8]? {
        guard let open = scan(inEverySection: false).openAtEnd, open.container == .none else { return nil }
        switch open.block {
        case .fence(let marker, let length): return Array(repeating: marker, count: length)
        case .comment: return Array("-->".utf8)
        }
    }

    private func scan(inEverySection: Bool) -> (headings: [Heading], openAtEnd: (block: Block, container: Container)?) {
        var result: [Heading] = []
        var inUnreleased = false
        var inSections = false
        var listColumn = 0
        var open: (block: Block, container: Container)?
        for index in lines.indices {
            let text = content(index)
            let blank = text.allSatisfy { $0 == 32 || $0 == 9 }
            let (indent, rest) = Self.indentation(text)
            if let current = open {
                var closedByContainer = false
                switch current.container {
                case .none: break
                case .listItem(let column): closedByContainer = !blank && indent < column
                case .quote: closedByContainer = indent > 3 || rest.first != UInt8(ascii: ">")
                }
                let safetyStop = (inUnreleased && Self.isReleaseHeading(indent: indent, rest))
                    || (inEverySection && inSections && Self.namesVersion(indent: indent, rest))
                if !closedByContainer && !safetyStop {
                    if Self.closes(current.block, container: current.container, indent: indent, rest) { open = nil }
                    continue
                }
                open = nil
                if case .listItem = current.container { listColumn = 0 }
            }
            if blank { continue }
            if listColumn > 0, indent < listColumn { listColumn = 0 }
            // A heading indented up to three spaces starts a section even right after a list
            // item (where CommonMark would nest it): a section relnotes inserts ends with a list,
            // and the heading after it must stay a heading on the next run.
            if indent <= 3, let level = Self.headingLevel(rest), level <= 3 {
                listColumn = 0
                if level == 2 || Self.namesVersion(indent: indent, rest) { inSections = true }
                if level <= 2 {
                    let unreleased = level == 2 && ChangelogFileMerger.isUnreleasedHeading(Substring(decoding: text, as: UTF8.self))
                    inUnreleased = unreleased
                    result.append(Heading(line: index, level: level, unreleased: unreleased))
                } else {
                    result.append(Heading(line: index, level: level, unreleased: false))
                }
                continue
            }
            // Where a block could open on this line, and inside what.
            var container: Container = .none
            var blockIndent = indent
            var blockText = rest
            if indent <= 3, rest.first == UInt8(ascii: ">") {
                container = .quote
                (blockIndent, blockText) = Self.indentation(rest.dropFirst())
                if blockIndent > 0 { blockIndent -= 1 }
            } else {
                if let column = Self.listItemContentColumn(indent: indent, rest, within: listColumn) {
                    listColumn = column
                    let marker = rest.prefix { $0 != 32 && $0 != 9 }
                    (blockIndent, blockText) = Self.indentation(rest.dropFirst(marker.count))
                    blockIndent = blockIndent > 4 ? blockIndent : 0
                } else {
                    blockIndent = listColumn > 0 ? indent - listColumn : indent
                }
                if listColumn > 0 { container = .listItem(column: listColumn) }
            }
            guard blockIndent <= 3 else { continue }
            if let fence = Self.fenceRun(blockText), fence.length >= 3,
               fence.marker == UInt8(ascii: "~") || !blockText.dropFirst(fence.length).contains(UInt8(ascii: "`")) {
                open = (.fence(marker: fence.marker, length: fence.length), container)
            } else if blockText.starts(with: Array("<!--".utf8)), !Self.contains(Array("-->".utf8), in: blockText.dropFirst(2)) {
                // `<!-->` and `<!--->` are whole comments: the `-->` may overlap the opener.
                open = (.comment, container)
            }
        }
        return (result, open)
    }

    /// A section of the file, for `changelog --all`: see
    /// ``ChangelogFileMerger/merging(sections:into:header:)``.
    struct FileSection {
        /// The heading's line.
        var line: Int
        /// The next section's heading line, or the line count.
        var end: Int
        var unreleased: Bool
        /// The version the heading names, and the text before it in its word, in lower case
        /// (`api-v` in `[api-v1.2.0]`).
        var version: SemanticVersion?
        var prefix: String

        /// Whether this is the section of `release`.
        func names(_ release: ChangelogFileMerger.Section) -> Bool {
            guard let version, let theirs = release.version, version.hasSamePrecedence(as: theirs) else { return false }
            let generic: Set<String> = ["", "v"]
            guard !generic.contains(prefix), let tag = release.tag?.lowercased(), tag.hasSuffix(theirs.description.lowercased()) else { return true }
            let tagPrefix = String(tag.dropLast(theirs.description.count))
            return generic.contains(tagPrefix) || tagPrefix == prefix
        }
    }

    /// The sections in file order: a heading of level 1 or 2, or of level 3 when its title
    /// starts with a bracketed version; level-1 headings before the first section are the header.
    func sections() -> [FileSection] {
        var result: [FileSection] = []
        for heading in headings(inEverySection: true) {
            let (_, rest) = Self.indentation(content(heading.line))
            let named = Self.headingVersion(level: heading.level, rest)
            if heading.level == 3, named == nil { continue }
            if heading.level == 1, named == nil, result.isEmpty { continue }
            if let last = result.indices.last { result[last].end = heading.line }
            result.append(FileSection(line: heading.line, end: lines.count, unreleased: heading.unreleased, version: named?.version, prefix: named?.prefix ?? ""))
        }
        return result
    }

    /// The version a heading names (see ``ChangelogFileMerger/merging(sections:into:header:)``),
    /// with the text before it in its word, in lower case. Level 3 only with brackets.
    static func headingVersion(level: Int, _ rest: ArraySlice<UInt8>) -> (version: SemanticVersion, prefix: String)? {
        let title = indentation(rest.dropFirst(level)).1
        guard level < 3 || title.first == UInt8(ascii: "[") else { return nil }
        let words = String(decoding: title, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\t" })
        for (position, word) in words.prefix(2).enumerated() {
            var token = word
            if token.first == "[" { token = token.dropFirst() }
            if let cut = token.firstIndex(where: { $0 == "]" || $0 == "(" || $0 == ")" }) { token = token[..<cut] }
            while let last = token.last, last == ":" || last == "," { token = token.dropLast() }
            let characters = Array(token)
            for index in characters.indices where characters[index].isASCII && characters[index].isNumber {
                if index > 0, characters[index - 1].isNumber || characters[index - 1] == "." { continue }
                if let version = SemanticVersion(String(characters[index...])) {
                    return (version, String(characters[..<index]).lowercased())
                }
            }
            // `## Version 1.2.0`, `## Release 1.2.0`: one word of letters first.
            guard position == 0, !token.isEmpty, token.allSatisfy(\.isLetter) else { return nil }
        }
        return nil
    }

    /// The first line of the footer that ends the section (link reference definitions and HTML
    /// comments, with blank lines between), or `end` when there is none.
    func footerStart(heading: Int, end: Int) -> Int {
        var footer = end
        var index = end - 1
        while index > heading {
            let (indent, rest) = Self.indentation(content(index))
            if rest.isEmpty { index -= 1; continue }
            if indent <= 3, Self.isLinkReferenceDefinition(rest) {
                footer = index
                index -= 1
                continue
            }
            if Self.hasSuffix(Array("-->".utf8), rest) {
                // One comment: from the nearest line opening one to this line, with no `-->`
                // between them (which would have closed it earlier, leaving other text between).
                // It opens at the left margin: an indented one may belong to the list item the
                // new section ends with, which would end it at its first line less indented,
                // and the next run would read the file differently.
                var opening = index
                while opening > heading, !Self.opensComment(content(opening)) { opening -= 1 }
                let closesEarlier = opening > heading && (opening..<index).contains { line in
                    let (_, text) = Self.indentation(content(line))
                    return Self.contains(Array("-->".utf8), in: line == opening ? text.dropFirst(2) : text)
                }
                let atMargin = opening > heading && Self.indentation(content(opening)).0 == 0
                if atMargin, !closesEarlier {
                    footer = opening
                    index = opening - 1
                    continue
                }
            }
            break
        }
        return footer
    }

    // MARK: - Line shapes

    /// Columns of leading spaces and tabs (tab stops of 4), and the rest.
    static func indentation(_ text: ArraySlice<UInt8>) -> (Int, ArraySlice<UInt8>) {
        var columns = 0
        var rest = text
        while let byte = rest.first, byte == 32 || byte == 9 {
            columns = byte == 9 ? columns + 4 - columns % 4 : columns + 1
            rest = rest.dropFirst()
        }
        return (columns, rest)
    }

    /// 1...6 for an ATX heading (`#` run then a space, a tab or the end of the line).
    static func headingLevel(_ rest: ArraySlice<UInt8>) -> Int? {
        let marks = rest.prefix { $0 == UInt8(ascii: "#") }.count
        guard (1...6).contains(marks) else { return nil }
        let after = rest.dropFirst(marks).first
        return after == nil || after == 32 || after == 9 ? marks : nil
    }

    /// A level-2 heading whose first word holds a version (digits, a dot, digits).
    static func isReleaseHeading(indent: Int, _ rest: ArraySlice<UInt8>) -> Bool {
        guard indent <= 3, headingLevel(rest) == 2 else { return false }
        var title = indentation(rest.dropFirst(2)).1
        if title.first == UInt8(ascii: "[") { title = title.dropFirst() }
        let word = Array(title.prefix { $0 != 32 && $0 != 9 && $0 != UInt8(ascii: "]") && $0 != UInt8(ascii: "(") })
        for index in word.indices.dropFirst().dropLast() where word[index] == UInt8(ascii: ".") {
            if isDigit(word[index - 1]), isDigit(word[index + 1]) { return true }
        }
        return false
    }

    /// A heading of level 1 to 3 that names a version: see ``isReleaseHeading(indent:_:)`` and
    /// ``headingVersion(level:_:)``.
    static func namesVersion(indent: Int, _ rest: ArraySlice<UInt8>) -> Bool {
        guard indent <= 3, let level = headingLevel(rest), level <= 3 else { return false }
        return isReleaseHeading(indent: indent, rest) || headingVersion(level: level, rest) != nil
    }

    static func isDigit(_ byte: UInt8) -> Bool { (48...57).contains(byte) }

    /// The column where a list item's content starts, when `rest` starts with a list marker
    /// (`-`, `+`, `*`, or up to 9 digits and `.` or `)`, then a space or the end of the line).
    static func listItemContentColumn(indent: Int, _ rest: ArraySlice<UInt8>, within listColumn: Int) -> Int? {
        guard indent <= listColumn + 3 else { return nil }
        var marker = 0
        if let first = rest.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: "*") {
            marker = 1
        } else {
            let digits = rest.prefix(while: isDigit).count
            guard (1...9).contains(digits), let delimiter = rest.dropFirst(digits).first,
                  delimiter == UInt8(ascii: ".") || delimiter == UInt8(ascii: ")") else { return nil }
            marker = digits + 1
        }
        let after = rest.dropFirst(marker)
        guard after.isEmpty || after.first == 32 || after.first == 9 else { return nil }
        // A thematic break (`- - -`, `***`) is not a list item.
        if marker == 1, rest.allSatisfy({ $0 == rest.first || $0 == 32 || $0 == 9 }), rest.filter({ $0 == rest.first }).count >= 3 {
            return nil
        }
        let (spaces, text) = indentation(after)
        let width = text.isEmpty || spaces > 4 ? 1 : spaces
        return indent + marker + width
    }

    static func fenceRun(_ text: ArraySlice<UInt8>) -> (marker: UInt8, length: Int)? {
        guard let marker = text.first, marker == UInt8(ascii: "`") || marker == UInt8(ascii: "~") else { return nil }
        return (marker, text.prefix { $0 == marker }.count)
    }

    private static func closes(_ block: Block, container: Container, indent: Int, _ rest: ArraySlice<UInt8>) -> Bool {
        switch block {
        case .comment:
            return contains(Array("-->".utf8), in: rest)
        case .fence(let marker, let length):
            var relative = indent
            var text = rest
            switch container {
            case .none: break
            case .listItem(let column): relative = indent - column
            case .quote:
                (relative, text) = indentation(rest.dropFirst())
                if relative > 0 { relative -= 1 }
            }
            guard relative <= 3, let run = fenceRun(text), run.marker == marker, run.length >= length else { return false }
            return text.dropFirst(run.length).allSatisfy { $0 == 32 || $0 == 9 }
        }
    }

    /// `[label]: destination`, the label not empty.
    static func isLinkReferenceDefinition(_ rest: ArraySlice<UInt8>) -> Bool {
        guard rest.first == UInt8(ascii: "[") else { return false }
        var index = rest.index(after: rest.startIndex)
        var escaped = false
        while index < rest.endIndex {
            let byte = rest[index]
            if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "]") { break } else if byte == UInt8(ascii: "[") { return false }
            index += 1
        }
        guard index < rest.endIndex, index > rest.startIndex + 1 else { return false }
        return rest[(index + 1)...].first == UInt8(ascii: ":")
    }

    static func opensComment(_ text: ArraySlice<UInt8>) -> Bool {
        let (indent, rest) = indentation(text)
        return indent <= 3 && rest.starts(with: Array("<!--".utf8))
    }

    static func contains(_ needle: [UInt8], in haystack: ArraySlice<UInt8>) -> Bool {
        guard haystack.count >= needle.count else { return false }
        var index = haystack.startIndex
        while index + needle.count <= haystack.endIndex {
            if haystack[index..<(index + needle.count)].elementsEqual(needle) { return true }
            index += 1
        }
        return false
    }

    static func hasSuffix(_ suffix: [UInt8], _ text: ArraySlice<UInt8>) -> Bool {
        var trimmed = text
        while let last = trimmed.last, last == 32 || last == 9 { trimmed = trimmed.dropLast() }
        return trimmed.count >= suffix.count && trimmed.suffix(suffix.count).elementsEqual(suffix)
    }
}
