import Foundation
import Testing

@testable import LadderGrading

@Suite("Grading budget")
struct GradingBudgetTests {
    /// Counts how many bodies run at once and the most ever seen.
    final class Gauge: @unchecked Sendable {
        private let lock = NSLock()
        private var now = 0
        private(set) var most = 0
        private(set) var finished = 0

        func enter() {
            lock.withLock {
                now += 1
                most = max(most, now)
            }
        }
        func leave() {
            lock.withLock {
                now -= 1
                finished += 1
            }
        }
    }

    @Test("never more bodies at once than slots, and every body runs", arguments: [1, 2, 3])
    func bounded(slots: Int) async {
        let budget = GradingBudget(slots: slots)
        let gauge = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<24 {
                group.addTask {
                    await budget.withSlot {
                        gauge.enter()
                        try? await Task.sleep(for: .milliseconds(2))
                        gauge.leave()
                    }
                }
            }
        }
        #expect(gauge.finished == 24)
        #expect(gauge.most <= slots)
        #expect(gauge.most == slots, "with 24 waiting, every slot is used")
    }

    @Test("a body that throws gives its slot back")
    func throwingBodyReleases() async {
        struct Boom: Error {}
        let budget = GradingBudget(slots: 1)
        for _ in 0..<3 {
            await #expect(throws: Boom.self) { try await budget.withSlot { throw Boom() } }
        }
        let value = await budget.withSlot { 42 }
        #expect(value == 42)
    }

    @Test("a free slot is taken only when one is free, never waited for, and given back")
    func freeSlotNeverWaits() async {
        let budget = GradingBudget(slots: 1)
        let inside = await budget.withSlot { await budget.withFreeSlot { 1 } }
        #expect(inside == nil, "the only slot is held: nothing is free")
        #expect(await budget.withFreeSlot { 2 } == 2)
        #expect(await budget.withSlot { 3 } == 3, "the free slot was given back")
    }

    @Test("a budget has at least one slot")
    func atLeastOne() {
        #expect(GradingBudget(slots: 0).slots == 1)
        #expect(GradingBudget(slots: -3).slots == 1)
    }
}
