import Foundation
import RelnotesCore
import RelnotesFixtures
@testable import RelnotesGit
import Testing

@Suite("signatures read in the form git writes them, as libgit2 reads them")
struct PlainSignatureTests {
    /// Values built from pieces, most of them in forms the direct reading must decline.
    static func values() -> [[UInt8]] {
        let names: [[UInt8]] = [
            Array("A. U. Thor".utf8), Array("José Núñez".utf8), Array("x".utf8), [],
            Array(" lead".utf8), Array("trail\t".utf8), Array("in  side".utf8), [0x41, 0xFF, 0x42],
            Array("a<b".utf8), Array("a>b".utf8), [0x41, 0x00, 0x42], Array("line\nbreak".utf8),
        ]
        let emails: [[UInt8]] = [
            Array("a@example.com".utf8), [], Array(" pad@x".utf8), Array("pad@x\r".utf8),
            Array("a>b@x".utf8), Array("ü@ex.de".utf8), [0xC3, 0x28, 0x40, 0x78],
        ]
        let joins: [[UInt8]] = [Array(" <".utf8), Array("<".utf8), Array("  <".utf8), Array("\t<".utf8)]
        let times: [[UInt8]] = [
            Array(" 1700000000".utf8), Array(" 0".utf8), Array(" 00042".utf8), Array(" 123456789012345678".utf8),
            Array(" 1234567890123456789".utf8), Array(" -5".utf8), Array(" +5".utf8), Array("  17".utf8),
            Array("1700000000".utf8), Array(" 17x".utf8), [],
        ]
        let zones: [[UInt8]] = [
            Array(" +0000".utf8), Array(" -0530".utf8), Array(" +1400".utf8), Array(" +1500".utf8),
            Array(" +0060".utf8), Array(" -1459".utf8), Array(" 0200".utf8), Array(" +020".utf8),
            Array(" +02000".utf8), Array(" +02a0".utf8), Array(" *0100".utf8), [], Array(" +0200 ".utf8),
        ]
        var values: [[UInt8]] = []
        for name in names {
            for email in emails {
                for join in joins {
                    for time in times {
                        for zone in zones { values.append(name + join + email + Array(">".utf8) + time + zone) }
                    }
                }
            }
        }
        return values
    }

    @Test("every value read directly is read as libgit2 reads it, with and without a mailmap; the usual form is read directly")
    func agreesWithLibgit2() throws {
        let fixture = try FixtureRepository()
        try fixture.commitMailmap("Canonical Name <canonical@example.com> A. U. Thor <a@example.com>\n")
        let repository = try GitRepository.discover(from: fixture.url.path)
        let mailmap = try repository.mailmap()
        let commit = try #require(CommitID(hex: String(repeating: "a", count: 40)))

        var read = 0, declined = 0
        for value in Self.values() {
            try value.withUnsafeBytes { bytes in
                guard let plain = PlainSignature(bytes) else {
                    declined += 1
                    return
                }
                read += 1
                for map in [nil, mailmap] {
                    let reference = try GitRepository.parsedByLibgit2(bytes, mailmap: map, commit: commit)
                    #expect(plain.signature(in: bytes, mailmap: map) == reference, "\(String(decoding: value, as: UTF8.self))")
                }
            }
        }
        // Both kinds occur: the comparison is not empty, and the declining is not everything.
        #expect(read > 100)
        #expect(declined > read)

        let usual = Array("A. U. Thor <a@example.com> 1700000000 -0530".utf8)
        try usual.withUnsafeBytes { bytes in
            let plain = try #require(PlainSignature(bytes))
            #expect(plain.signature(in: bytes, mailmap: mailmap) == Signature(name: "Canonical Name", email: "canonical@example.com", time: Timestamp(seconds: 1_700_000_000, offsetMinutes: -330)))
            #expect(plain.signature(in: bytes, mailmap: nil) == Signature(name: "A. U. Thor", email: "a@example.com", time: Timestamp(seconds: 1_700_000_000, offsetMinutes: -330)))
        }
    }
}
