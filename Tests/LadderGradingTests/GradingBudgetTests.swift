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

    @Test("a share holds at most its own slots, and all the shares together at most the whole's")
    func sharesOfAWhole() async {
        let whole = GradingBudget(slots: 3)
        let shares = [GradingBudget(slots: 2, within: whole), GradingBudget(slots: 2, within: whole)]
        let gauges = [Gauge(), Gauge()]
        let total = Gauge()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<24 {
                let (share, gauge) = (shares[index % 2], gauges[index % 2])
                group.addTask {
                    await share.withSlot {
                        gauge.enter()
                        total.enter()
                        try? await Task.sleep(for: .milliseconds(2))
                        total.leave()
                        gauge.leave()
                    }
                }
            }
        }
        #expect(gauges.map(\.finished) == [12, 12])
        #expect(gauges.allSatisfy { $0.most <= 2 }, "\(gauges.map(\.most))")
        #expect(total.most == 3, "the whole's three slots are used, never more")
        #expect(GradingBudget(slots: 5, within: whole).slots == 3, "a share is never larger than its whole")
    }

    @Test("a share's free slot needs a free slot of its own and of the whole")
    func freeSlotOfAShare() async {
        let whole = GradingBudget(slots: 2)
        let share = GradingBudget(slots: 1, within: whole)
        #expect(await share.withSlot { await share.withFreeSlot { 1 } } == nil, "the share's only slot is held")
        let other = GradingBudget(slots: 2, within: whole)
        let inside = await whole.withSlot { await whole.withSlot { await other.withFreeSlot { 2 } } }
        #expect(inside == nil, "the whole is full, so the share has nothing free")
        #expect(await other.withFreeSlot { 3 } == 3)
        #expect(await other.withSlot { await other.withFreeSlot { 4 } } == 4, "both of its slots were given back")
    }

    @Test("a budget has at least one slot")
    func atLeastOne() {
        #expect(GradingBudget(slots: 0).slots == 1)
        #expect(GradingBudget(slots: -3).slots == 1)
    }
}
