import RelnotesCore

/// The real repository answers every question the release rules ask.
extension GitRepository: HistoryReader {}
