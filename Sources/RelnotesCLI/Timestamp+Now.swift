import Foundation
import RelnotesCore

extension Timestamp {
    /// The current time in the local time zone.
    static var now: Timestamp {
        let date = Date()
        return Timestamp(seconds: Int64(date.timeIntervalSince1970), offsetMinutes: TimeZone.current.secondsFromGMT(for: date) / 60)
    }
}
