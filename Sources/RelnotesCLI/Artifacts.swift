import ArgumentParser
import Foundation
import RelnotesCore
import RelnotesPublish

extension Relnotes {
    /// `relnotes artifacts`: the artifacts document from what the build stage already has.
    struct Artifacts: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "artifacts",
            abstract: "Write the artifacts document that notes --artifacts and publish github --artifacts read.",
            discussion: """
                Images and charts by digest (--image, --chart, the file docker buildx build \
                --metadata-file writes, or what helm push printed), files with their SHA-256 (--file) and Sigstore bundles \
                (--bundle, paired with the file it is named after). --attested marks everything \
                listed as attested (actions/attest-build-provenance), so that the release body \
                shows gh attestation verify for it. Needs no repository.
                """
        )

        @Option(name: .long, help: ArgumentHelp("An image as REF@sha256:<hex> (REF:TAG@… keeps TAG).", valueName: "ref@digest"))
        var image: [String] = []

        @Option(name: .customLong("buildx-metadata"), help: ArgumentHelp("The JSON file docker buildx build --metadata-file (or buildx bake) wrote: image.name and containerimage.digest.", valueName: "file"))
        var buildxMetadata: [String] = []

        @Option(name: .long, help: ArgumentHelp("A Helm chart in an OCI registry as oci://REF@sha256:<hex> (as helm push reports it).", valueName: "ref@digest"))
        var chart: [String] = []

        @Option(name: .customLong("helm-push-output"), help: ArgumentHelp("What helm push printed (its Pushed: and Digest: lines), for the chart it pushed.", valueName: "file"))
        var helmPushOutput: [String] = []

        @Option(name: .long, help: ArgumentHelp("A file to release; its SHA-256 is computed.", valueName: "path"))
        var file: [String] = []

        @Option(name: .long, help: ArgumentHelp("The Sigstore bundle of a --file (cosign sign-blob --bundle), named after it: FILE.sigstore.json.", valueName: "path"))
        var bundle: [String] = []

        @Flag(name: .long, help: "Everything listed has a build provenance attestation.")
        var attested = false

        @Option(name: .long, help: ArgumentHelp("Write the document to this file (replaced whole, never half-written) instead of stdout.", valueName: "file"))
        var output: String?

        func validate() throws {
            if image.isEmpty, buildxMetadata.isEmpty, chart.isEmpty, helmPushOutput.isEmpty, file.isEmpty {
                throw ValidationError("give at least one --image, --buildx-metadata, --chart, --helm-push-output or --file")
            }
        }

        func run() throws {
            var builder = ArtifactDocumentBuilder()
            for path in buildxMetadata {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw FileError("cannot read \(TextSanitizer.singleLine(path))", hint: "check the path given to --buildx-metadata")
                }
                try builder.addBuildxMetadata(data, file: path, attested: attested)
            }
            for reference in image { try builder.addImage(reference, attested: attested) }
            for reference in chart { try builder.addChart(reference, attested: attested) }
            for path in helmPushOutput {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw FileError("cannot read \(TextSanitizer.singleLine(path))", hint: "check the path given to --helm-push-output")
                }
                try builder.addHelmPushOutput(String(decoding: data, as: UTF8.self), file: path, attested: attested)
            }
            for path in file { try builder.addFile(at: path, attested: attested) }
            for path in bundle { try builder.addBundle(at: path) }
            let text = String(decoding: try builder.json(), as: UTF8.self)
            if let output {
                try AtomicFile.write(text, to: output)
            } else {
                Terminal.standardOutput.write(text)
            }
        }
    }
}
