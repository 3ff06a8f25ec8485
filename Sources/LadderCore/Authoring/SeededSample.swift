import Crypto
import Foundation

/// A part of a list that a seed picks: the same seed picks the same items, another seed others. CI's checks that
/// grade part of something again (`--strength-sample`, `--wrong-sample`) seed it with the day, so each day checks
/// others and a failure can be replayed with its seed.
enum SeededSample {
    /// `count` of `items`, ranked by the SHA-256 of the seed and each item's `id`.
    static func pick<Item>(_ items: [Item], count: Int, seed: String, id: (Item) -> String) -> [Item] {
        // Each item's rank hashed once, not on every comparison of the sort.
        let ranked = items.map { item in
            (SHA256.hash(data: Data("\(seed)\n\(id(item))".utf8)).map { String(format: "%02x", $0) }.joined(), item)
        }
        return ranked.sorted { $0.0 < $1.0 }.prefix(max(0, count)).map(\.1)
    }
}
