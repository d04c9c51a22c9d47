import Crypto
import Foundation
import HubKit

/// The canonical content of a batch and its SHA-256, journaled so that sensor data is provable through the
/// ledger: one line per observation, `<station>\t<quantity>\t<unix ms>\t<value in canonical unit>\n`, sorted by
/// station, quantity and time; the value is Swift's shortest round-trip decimal.
public enum BatchDigest {
    public static func canonicalText(_ observations: [Observation]) -> String {
        let sorted = observations.sorted {
            ($0.station.rawValue, $0.quantity.rawValue, $0.at) < ($1.station.rawValue, $1.quantity.rawValue, $1.at)
        }
        var text = ""
        text.reserveCapacity(sorted.count * 48)
        for o in sorted {
            text += o.station.rawValue
            text += "\t"
            text += o.quantity.rawValue
            text += "\t"
            text += String(o.at)
            text += "\t"
            text += String(o.value)
            text += "\n"
        }
        return text
    }

    public static func sha256(_ observations: [Observation]) -> String {
        SHA256.hash(data: Data(canonicalText(observations).utf8)).hexString
    }
}
