import ArgumentParser
import RelnotesCore

extension Relnotes {
    /// `relnotes templates [NAME]`: the built-in templates, listed or printed for editing.
    struct Templates: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "templates",
            abstract: "List the built-in changelog templates, or print one to start your own.",
            discussion: """
                Without NAME, lists the templates that relnotes changelog --template NAME knows. \
                With NAME, prints that template (Mustache, over the data of --format json), or \
                writes it to --output FILE, which must not exist yet; edit it and render with \
                relnotes changelog --template FILE.
                """
        )

        @Argument(help: "The built-in template to print.")
        var name: BuiltInTemplate?

        @Option(name: .long, help: ArgumentHelp("Write the template to this new file instead of stdout.", valueName: "file"))
        var output: String?

        func validate() throws {
            if output != nil && name == nil {
                throw ValidationError("--output needs a template NAME")
            }
        }

        func run() throws {
            guard let name else {
                let width = BuiltInTemplate.allCases.map(\.name.count).max() ?? 0
                for template in BuiltInTemplate.allCases {
                    let padding = String(repeating: " ", count: width - template.name.count)
                    Terminal.standardOutput.write("\(template.name)\(padding)  \(template.summary)\n")
                }
                return
            }
            guard let output else {
                Terminal.standardOutput.write(name.text)
                return
            }
            try NewFile.create(name.text, at: output, refusal: FileError(
                "\(output) already exists: relnotes templates never replaces a file",
                hint: "choose another name with --output, or move the file away first"
            ))
        }
    }
}

extension BuiltInTemplate: ExpressibleByArgument {}
