/// A value of a TOML document as ``TOMLReader`` reads it: the kinds a relnotes key can take.
/// Floats, dates and times are not among them: the reader refuses them with an error that
/// names their line, since no key takes one.
package enum TOMLValue: Equatable, Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    case array([TOMLValue])
    case table(TOMLTable)

    /// The text of a string value.
    package var string: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    /// The number of an integer value.
    package var int: Int? {
        if case .integer(let number) = self { return number }
        return nil
    }

    /// The flag of a boolean value.
    package var bool: Bool? {
        if case .boolean(let flag) = self { return flag }
        return nil
    }

    /// The elements of an array value (an array of tables is an array of `.table` values).
    package var array: [TOMLValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The table of a `[table]`, a dotted key's table or an inline table.
    package var table: TOMLTable? {
        if case .table(let table) = self { return table }
        return nil
    }
}

/// A TOML table: its keys in the order they were first written, their values, and the line
/// each key (or the header of each sub-table) stands on, so errors can name the line.
package struct TOMLTable: Equatable, Sendable {
    /// The keys, in the order the document first wrote them.
    package var keys: [String]
    /// The values by key.
    package var values: [String: TOMLValue]
    /// The 1-based line that introduces each key: its `key =` line, or its `[table]` (first
    /// `[[array]]`) header.
    package var lines: [String: Int]
    /// The 1-based line that introduces this table (its header, or the line of the key that
    /// holds it); `nil` for the document itself.
    package var line: Int?

    /// An empty table.
    package init(keys: [String] = [], values: [String: TOMLValue] = [:], lines: [String: Int] = [:], line: Int? = nil) {
        self.keys = keys
        self.values = values
        self.lines = lines
        self.line = line
    }

    /// The value of `key`, if the table has one.
    package subscript(key: String) -> TOMLValue? { values[key] }

    /// Tables are equal when they hold the same values: where they were written does not count.
    package static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool { lhs.values == rhs.values }
}

/// Text that is not a TOML document relnotes can read, with the line and column where reading
/// stopped.
package struct TOMLError: Error, Equatable, Sendable {
    /// The 1-based line.
    package var line: Int
    /// The 1-based column, in characters.
    package var column: Int
    /// What is wrong, in a few lower-case words.
    package var problem: String
    /// What to do about it.
    package var hint: String

    package init(line: Int, column: Int, problem: String, hint: String) {
        self.line = line
        self.column = column
        self.problem = problem
        self.hint = hint
    }
}
