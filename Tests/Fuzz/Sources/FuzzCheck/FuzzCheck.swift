/// What every fuzz target shares: turning libFuzzer's bytes into text and stopping with a
/// message when an invariant does not hold (libFuzzer then saves the input as a crash).

/// The fuzzer's input as text; invalid UTF-8 becomes U+FFFD, as relnotes reads commit messages.
public func text(_ data: UnsafePointer<UInt8>, _ count: Int) -> String {
    String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
}

/// The input split at its first NUL byte into two texts (the second empty when there is none).
public func twoTexts(_ data: UnsafePointer<UInt8>, _ count: Int) -> (String, String)? {
    let bytes = UnsafeBufferPointer(start: data, count: count)
    guard let separator = bytes.firstIndex(of: 0) else { return nil }
    return (
        String(decoding: bytes[..<separator], as: UTF8.self),
        String(decoding: bytes[(separator + 1)...], as: UTF8.self)
    )
}

/// The input split at every NUL byte.
public func texts(_ data: UnsafePointer<UInt8>, _ count: Int) -> [String] {
    UnsafeBufferPointer(start: data, count: count)
        .split(separator: 0, omittingEmptySubsequences: false)
        .map { String(decoding: $0, as: UTF8.self) }
}

/// Stops the run (a crash libFuzzer records) when `condition` is false.
public func require(_ condition: Bool, _ message: @autoclosure () -> String, file: StaticString = #fileID, line: UInt = #line) {
    if !condition { fatalError("invariant broken: \(message())", file: file, line: line) }
}

/// Byte-exact equality: `String`'s `==` treats canonically equivalent texts as equal
/// (`"é"` and `"e\u{301}"`), which is too weak for "every byte is kept".
public func sameBytes(_ lhs: some StringProtocol, _ rhs: some StringProtocol) -> Bool {
    lhs.utf8.elementsEqual(rhs.utf8)
}

/// A short, unambiguous rendering of a text for a failure message.
public func quoted(_ text: some StringProtocol) -> String {
    let escaped = String(text).unicodeScalars.map { $0.escaped(asASCII: true) }.joined()
    return "\"" + (escaped.count > 300 ? escaped.prefix(300) + "…" : escaped) + "\""
}

/// Whether `needle` occurs in `haystack` as a contiguous run of bytes.
public func containsBytes(_ haystack: some Collection<UInt8>, _ needle: some Collection<UInt8>) -> Bool {
    occurrences(of: Array(needle), in: Array(haystack)).first != nil
}

/// The offsets at which `needle` (not empty) occurs in `haystack`.
public func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
    guard !needle.isEmpty, needle.count <= haystack.count else { return needle.isEmpty ? [0] : [] }
    var result: [Int] = []
    var start = 0
    while start <= haystack.count - needle.count {
        if haystack[start] == needle[0], haystack[start..<(start + needle.count)].elementsEqual(needle) { result.append(start) }
        start += 1
    }
    return result
}
