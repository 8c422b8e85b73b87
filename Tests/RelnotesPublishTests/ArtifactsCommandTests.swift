import Foundation
import RelnotesFixtures
import RelnotesPublish
import Testing

/// `relnotes artifacts` on real files, as the build stage of a release workflow runs it.
@Suite("relnotes artifacts builds the artifacts document from what the build has", .serialized)
struct ArtifactsCommandTests {
    private func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("relnotes-artifacts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    private func document(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// `sha256sum`'s answer, as an independent check of the computed digest.
    private func sha256sum(_ url: URL) throws -> String {
        let result = try ProcessRunner.run(executable: "/usr/bin/env", arguments: ["sha256sum", url.path], directory: url.deletingLastPathComponent())
        return String(result.standardOutput.prefix(64))
    }

    @Test("files get sha256sum's digest and their bundles; images and charts their digest and tags; --attested marks each")
    func files() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let archive = dir.appendingPathComponent("op-linux-amd64.tar.gz")
        try Data((0..<3_000_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: archive)
        let sums = dir.appendingPathComponent("checksums.txt")
        try Data("\(try sha256sum(archive))  op-linux-amd64.tar.gz\n".utf8).write(to: sums)
        for bundle in ["op-linux-amd64.tar.gz.sigstore.json", "checksums.txt.sigstore.json"] {
            try Data("{\"mediaType\":\"application/vnd.dev.sigstore.bundle.v0.3+json\"}".utf8).write(to: dir.appendingPathComponent(bundle))
        }
        let result = try await relnotes([
            "artifacts", "--file", archive.path, "--file", sums.path,
            "--bundle", dir.appendingPathComponent("checksums.txt.sigstore.json").path,
            "--bundle", dir.appendingPathComponent("op-linux-amd64.tar.gz.sigstore.json").path,
            "--image", "ghcr.io/acme/op:v1.4.0@\(testDigest)", "--image", "localhost:5000/acme/op@\(testDigest)",
            "--chart", "oci://ghcr.io/acme/charts/op:1.4.0@\(testDigest)", "--attested",
        ], in: dir, environment: [:])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try document(result.standardOutput)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.count == 2)
        #expect(files[0]["name"] as? String == "op-linux-amd64.tar.gz")
        #expect(files[0]["sha256"] as? String == (try sha256sum(archive)))
        #expect(files[0]["bundle"] as? String == "op-linux-amd64.tar.gz.sigstore.json")
        #expect(files[0]["attested"] as? Bool == true)
        #expect(files[1]["name"] as? String == "checksums.txt")
        #expect(files[1]["sha256"] as? String == (try sha256sum(sums)))
        #expect(files[1]["bundle"] as? String == "checksums.txt.sigstore.json")
        let images = try #require(object["images"] as? [[String: Any]])
        #expect(images.map { $0["reference"] as? String } == ["ghcr.io/acme/op", "localhost:5000/acme/op"])
        #expect(images[0]["tags"] as? [String] == ["v1.4.0"])
        #expect(images[1]["tags"] == nil, "a registry port is not a tag")
        #expect(images.allSatisfy { $0["digest"] as? String == testDigest && $0["attested"] as? Bool == true })
        let charts = try #require(object["charts"] as? [[String: Any]])
        #expect(charts.first?["reference"] as? String == "ghcr.io/acme/charts/op")
        #expect(charts.first?["tags"] as? [String] == ["1.4.0"])
    }

    @Test("a docker buildx build --metadata-file document gives one image per repository, with every tag pushed")
    func buildxMetadata() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let digest = "sha256:" + String(repeating: "0123456789abcdef", count: 4)
        // As buildx writes it for `--tag … --tag … --push --metadata-file metadata.json`.
        let metadata = """
            {
              "buildx.build.provenance": {"buildType": "https://mobyproject.org/buildkit@v1"},
              "buildx.build.ref": "builder/builder0/ytx8zx1bg3yoa0vb4rhnpqfxd",
              "containerimage.config.digest": "sha256:\(String(repeating: "f", count: 64))",
              "containerimage.descriptor": {"mediaType": "application/vnd.oci.image.index.v1+json", "digest": "\(digest)", "size": 856},
              "containerimage.digest": "\(digest)",
              "image.name": "ghcr.io/acme/op:build-3f2a1c9,ghcr.io/acme/op:main,docker.io/acme/op:build-3f2a1c9"
            }
            """
        let file = dir.appendingPathComponent("metadata.json")
        try Data(metadata.utf8).write(to: file)
        let output = dir.appendingPathComponent("artifacts.json")
        let result = try await relnotes(["artifacts", "--buildx-metadata", file.path, "--output", output.path], in: dir, environment: [:])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
        let object = try document(try String(contentsOf: output, encoding: .utf8))
        let images = try #require(object["images"] as? [[String: Any]])
        #expect(images.map { $0["reference"] as? String } == ["ghcr.io/acme/op", "docker.io/acme/op"])
        #expect(images.map { $0["tags"] as? [String] } == [["build-3f2a1c9", "main"], ["build-3f2a1c9"]])
        #expect(images.allSatisfy { $0["digest"] as? String == digest && $0["attested"] == nil })
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "no temporary file is left behind")

        let bake = #"{"operator": \#(metadata), "webhook": {"containerimage.digest": "\#(testDigest)", "image.name": "ghcr.io/acme/webhook:build-3f2a1c9"}}"#
        try Data(bake.utf8).write(to: file)
        let baked = try await relnotes(["artifacts", "--buildx-metadata", file.path], in: dir, environment: [:])
        #expect(baked.status == 0, "\(baked.standardError)")
        let bakedImages = try #require(try document(baked.standardOutput)["images"] as? [[String: Any]])
        #expect(bakedImages.map { $0["reference"] as? String } == ["ghcr.io/acme/op", "docker.io/acme/op", "ghcr.io/acme/webhook"])
    }

    @Test("what helm push printed gives the chart's reference, version tag and digest")
    func helmPush() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let printed = dir.appendingPathComponent("helm-push.txt")
        try Data("Pushed: ghcr.io/acme/charts/op:1.4.0\nDigest: \(testDigest)\n".utf8).write(to: printed)
        let result = try await relnotes(["artifacts", "--helm-push-output", printed.path, "--attested"], in: dir, environment: [:])
        #expect(result.status == 0, "\(result.standardError)")
        let charts = try #require(try document(result.standardOutput)["charts"] as? [[String: Any]])
        #expect(charts.count == 1)
        #expect(charts.first?["reference"] as? String == "ghcr.io/acme/charts/op")
        #expect(charts.first?["tags"] as? [String] == ["1.4.0"])
        #expect(charts.first?["digest"] as? String == testDigest)
        #expect(charts.first?["attested"] as? Bool == true)
        try Data("Error: unexpected status from HEAD request\n".utf8).write(to: printed)
        let failed = try await relnotes(["artifacts", "--helm-push-output", printed.path], in: dir, environment: [:])
        #expect(failed.status == 2)
        #expect(failed.standardError.contains("no Pushed: and Digest: lines"), "\(failed.standardError)")
    }

    @Test("the document it writes is what notes --artifacts reads")
    func roundTrip() async throws {
        let fixture = try Scenario.linear.build()
        let dir = fixture.url.deletingLastPathComponent()
        let archive = dir.appendingPathComponent("op.tar.gz")
        try Data("op".utf8).write(to: archive)
        try Data("{}".utf8).write(to: dir.appendingPathComponent("op.tar.gz.sigstore.json"))
        let output = dir.appendingPathComponent("artifacts.json")
        let made = try await relnotes(["artifacts", "--file", archive.path, "--bundle", dir.appendingPathComponent("op.tar.gz.sigstore.json").path, "--image", "ghcr.io/acme/op@\(testDigest)", "--output", output.path], in: dir, environment: [:])
        #expect(made.status == 0, "\(made.standardError)")
        let notes = try await relnotes(["notes", "v1.0.0", "--artifacts", output.path], in: fixture.url, environment: ["GITHUB_REPOSITORY": "acme/op"])
        #expect(notes.status == 0, "\(notes.standardError)")
        let commands = try shellCommands(in: notes.standardOutput)
        #expect(commands.map { Array($0.prefix(2)) } == [["cosign", "verify"], ["sha256sum", "--check"], ["cosign", "verify-blob"]])
        #expect(commands.last?.prefix(5) == ["cosign", "verify-blob", "op.tar.gz", "--bundle", "op.tar.gz.sigstore.json"])
    }

    @Test("bad input is refused with one line and a hint", arguments: [
        (["--image", "ghcr.io/acme/op:1.0"], 1, "names no digest"),
        (["--image", "ghcr.io/acme/op@sha256:abc"], 1, "is not sha256:<64 hex digits>"),
        (["--file", "/nonexistent/op.tar.gz"], 2, "cannot read /nonexistent/op.tar.gz"),
        (["--file", "FILE", "--bundle", "OTHER"], 1, "signs none of the --file files"),
        ([], 1, "give at least one"),
    ])
    func refusals(arguments: [String], status: Int32, message: String) async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data("x".utf8).write(to: dir.appendingPathComponent("op.tar.gz"))
        try Data("{}".utf8).write(to: dir.appendingPathComponent("other.sigstore.json"))
        let resolved = arguments.map { $0 == "FILE" ? dir.appendingPathComponent("op.tar.gz").path : $0 == "OTHER" ? dir.appendingPathComponent("other.sigstore.json").path : $0 }
        let result = try await relnotes(["artifacts"] + resolved, in: dir, environment: [:])
        #expect(result.status == status, "\(result.standardError)")
        #expect(result.standardError.contains(message), "\(result.standardError)")
        #expect(result.standardOutput.isEmpty)
    }
}
