import Foundation
import HubKit
import HubTestSupport
import Testing
@testable import Webhooks

/// The dispatcher over the store on both engines, with an in-process receiver and a manual clock.
@Suite struct DeliveryTests {
    @Test(arguments: TestDatabases.engines)
    func matchingEvents_areDeliveredInJournalOrder_signed_withStableIds(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        let (subscription, secret) = try await bench.subscribe(["case.*", "alarm.raised"])
        let receiver = ScriptedReceiver()
        let dispatcher = bench.dispatcher(receiver)
        try await bench.commit(["case.created", "user.created", "alarm.raised", "alarm.cleared", "case.closed"])
        #expect(try await dispatcher.deliverDue() == 3)
        let got = receiver.received
        #expect(got.map { String(decoding: $0.body, as: UTF8.self).contains("\"type\":\"case.created\"") } == [true, false, false])
        #expect(got.map(\.seq) == got.map(\.seq).sorted())
        let events = try await bench.journal()
        for item in got {
            let event = try #require(events.first { $0.seq == item.seq })
            #expect(item.id == WebhookMessage.id(subscription: subscription.id, eventID: event.id))
            #expect(WebhookSignature.verify(header: item.signature, id: item.id, timestamp: item.timestamp, body: item.body,
                                            key: secret.key, now: item.timestamp))
        }
        #expect(try await dispatcher.deliverDue() == 0, "nothing is sent twice")
        let status = try #require(try await dispatcher.store.status(subscription.id))
        #expect(status.delivered == 3 && status.cursor == events.last?.seq && status.attempts == 0)
        await bench.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func failingReceiver_getsRetriesOnSchedule_withTheSameId_andLaterEventsWait(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        let (subscription, _) = try await bench.subscribe()
        let receiver = ScriptedReceiver()
        receiver.answer(.success(WebhookReply(status: 500)), .failure(.init()))
        let dispatcher = bench.dispatcher(receiver)
        let seqs = try await bench.commit(["case.created", "case.closed"])
        #expect(try await dispatcher.deliverDue() == 0)
        var status = try #require(try await dispatcher.store.status(subscription.id))
        #expect(status.retryingSeq == seqs[0] && status.attempts == 1 && status.lastStatus == 500 && status.lastError == "HTTP 500")
        #expect(status.nextAttemptAt == bench.clock.now.addingTimeInterval(10))
        bench.clock.advance(by: 9)
        #expect(try await dispatcher.deliverDue() == 0)
        #expect(receiver.received.count == 1, "not before its time")
        bench.clock.advance(by: 1)
        #expect(try await dispatcher.deliverDue() == 0)
        status = try #require(try await dispatcher.store.status(subscription.id))
        #expect(status.attempts == 2 && status.lastStatus == nil && status.lastError == "connection refused")
        bench.clock.advance(by: 30)
        #expect(try await dispatcher.deliverDue() == 2)
        let got = receiver.received
        #expect(got.map(\.seq) == [seqs[0], seqs[0], seqs[0], seqs[1]], "the second event waited for the first")
        #expect(Set(got.prefix(3).map(\.id)).count == 1, "every attempt carries the same webhook-id")
        #expect(got[0].timestamp < got[2].timestamp, "each attempt is signed anew")
        status = try #require(try await dispatcher.store.status(subscription.id))
        #expect(status.attempts == 0 && status.retryingSeq == nil && status.delivered == 2)
        await bench.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func retryAfter_isHonoured(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        let (subscription, _) = try await bench.subscribe()
        let receiver = ScriptedReceiver()
        receiver.answer(.success(WebhookReply(status: 429, retryAfter: "120")))
        let dispatcher = bench.dispatcher(receiver)
        try await bench.commit(["case.created"])
        try await dispatcher.deliverDue()
        let status = try #require(try await dispatcher.store.status(subscription.id))
        #expect(status.nextAttemptAt == bench.clock.now.addingTimeInterval(120))
        await bench.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func afterMaxAttempts_theEventIsDeadLettered_journaled_andTheQueueMovesOn(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        let (subscription, _) = try await bench.subscribe(["*"])
        let receiver = ScriptedReceiver()
        receiver.answer(.success(WebhookReply(status: 500)), .success(WebhookReply(status: 502)), .success(WebhookReply(status: 503)))
        var settings = WebhookSettings()
        settings.maxAttempts = 3
        let dispatcher = bench.dispatcher(receiver, settings: settings)
        let seqs = try await bench.commit(["case.created", "case.closed"])
        for _ in 0..<3 {
            try await dispatcher.deliverDue()
            bench.clock.advance(by: 3600)
        }
        let letters = try await dispatcher.store.deadLetters(subscription.id)
        #expect(letters.map(\.seq) == [seqs[0]])
        #expect(letters.first?.state == .dead && letters.first?.attempts == 3 && letters.first?.lastStatus == 503)
        #expect(letters.first?.lastError == "HTTP 503" && letters.first?.kind == "case.created")
        #expect(receiver.received.map(\.seq) == [seqs[0], seqs[0], seqs[0], seqs[1]])
        let bookkeeping = try await bench.journal(after: seqs[1])
        #expect(bookkeeping.map(\.kind) == ["webhook.dead_lettered"])
        #expect(bookkeeping.first?.subject == subscription.id.subject && bookkeeping.first?.actor == "system")
        // The bookkeeping event is not delivered, although the filter is "*".
        #expect(try await dispatcher.deliverDue() == 0)
        #expect(receiver.received.count == 4)
        #expect(try await dispatcher.store.status(subscription.id)?.deadLetters == 1)
        await bench.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func replay_sendsTheDeadLetterAgain_withTheSameId(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        let (subscription, _) = try await bench.subscribe()
        let receiver = ScriptedReceiver()
        receiver.answer(.success(WebhookReply(status: 410)))
        var settings = WebhookSettings()
        settings.maxAttempts = 1
        let dispatcher = bench.dispatcher(receiver, settings: settings)
        let seqs = try await bench.commit(["case.created"])
        try await dispatcher.deliverDue()
        await #expect(throws: WebhookProblem.unknownDeadLetter(subscription: subscription.id.rawValue, seq: 999)) {
            try await dispatcher.store.replay(subscription.id, seq: 999, by: DeliveryBench.admin)
        }
        let queued = try await dispatcher.store.replay(subscription.id, seq: seqs[0], by: DeliveryBench.admin)
        #expect(queued.state == .queued && queued.attempts == 0)
        await #expect(throws: WebhookProblem.notDead(seq: seqs[0], state: .queued)) {
            try await dispatcher.store.replay(subscription.id, seq: seqs[0], by: DeliveryBench.admin)
        }
        #expect(try await dispatcher.deliverDue() == 1)
        let got = receiver.received
        #expect(got.count == 2 && got[0].id == got[1].id && got[1].seq == seqs[0])
        #expect(try await dispatcher.store.deadLetters(subscription.id).map(\.state) == [.delivered])
        #expect(try await dispatcher.store.deadLetters(subscription.id, state: .dead).isEmpty)
        let kinds = try await bench.journal(after: seqs[0]).map(\.kind)
        #expect(kinds == ["webhook.dead_lettered", "webhook.replay_requested"])
        await bench.database.close()
    }

    /// A hub stops (or crashes) with events pending: a new dispatcher on the same database — another process —
    /// delivers exactly the pending ones, with the ids the first would have used.
    @Test(arguments: TestDatabases.engines)
    func restart_resumesThePendingEvents_withTheSameIds(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        let (subscription, _) = try await bench.subscribe()
        let first = ScriptedReceiver()
        first.answer(.success(WebhookReply(status: 200)), .success(WebhookReply(status: 503)))
        let before = bench.dispatcher(first, owner: "hub-1")
        let seqs = try await bench.commit(["case.created", "case.accepted", "case.filed"])
        try await before.deliverDue()
        #expect(first.received.map(\.seq) == [seqs[0], seqs[1]])

        // A crash: the lease is not given up, so another instance waits for it to expire.
        let second = ScriptedReceiver()
        let after = bench.dispatcher(second, owner: "hub-2")
        bench.clock.advance(by: 10)
        #expect(try await after.deliverDue() == 0)
        #expect(second.received.isEmpty, "the lease of the crashed instance still holds")
        bench.clock.advance(by: 30)
        #expect(try await after.deliverDue() == 2)
        #expect(second.received.map(\.seq) == [seqs[1], seqs[2]])
        let events = try await bench.journal()
        #expect(second.received.map(\.id) == seqs[1...].map { seq in
            WebhookMessage.id(subscription: subscription.id, eventID: events.first { $0.seq == seq }?.id ?? "")
        })
        #expect(second.received.first?.id == first.received.last?.id, "the retried event keeps its id across the restart")

        // An orderly stop gives the lease up: the next instance starts at once.
        await after.releaseAll()
        let third = ScriptedReceiver()
        let next = bench.dispatcher(third, owner: "hub-3")
        try await bench.commit(["case.closed"])
        #expect(try await next.deliverDue() == 1)
        #expect(try await after.deliverDue() == 0, "the old instance no longer holds it")
        await bench.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func twoInstances_doNotBothDeliver(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        _ = try await bench.subscribe()
        let receiver = ScriptedReceiver()
        let a = bench.dispatcher(receiver, owner: "hub-a")
        let b = bench.dispatcher(receiver, owner: "hub-b")
        try await bench.commit(["case.created"])
        async let one = a.deliverDue()
        async let two = b.deliverDue()
        let total = try await one + two
        try await bench.commit(["case.closed"])
        let more = try await a.deliverDue() + b.deliverDue()
        #expect(total == 1 && more == 1)
        #expect(receiver.received.count == 2)
        await bench.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func subscriptionChanges_areJournaled_withoutTheSecret_andRotationSignsWithBothKeys(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        let head = try await bench.journal().last?.seq ?? 0
        let (subscription, secret) = try await bench.subscribe(["case.*"], department: "roads")
        let (rotated, newSecret) = try await bench.store.rotateSecret(subscription.id, by: DeliveryBench.admin)
        #expect(rotated.version == 2 && newSecret != secret && rotated.previousSecretUntil != nil)
        let changed = try await bench.store.update(subscription.id, version: 2,
                                                   to: .init(url: "https://other.test/in", events: ["alarm.*"], department: nil,
                                                             description: "改", enabled: false), by: DeliveryBench.admin)
        #expect(changed.version == 3 && !changed.enabled && changed.events == ["alarm.*"])
        await #expect(throws: InputProblem.staleVersion(expected: 2, actual: 3)) {
            try await bench.store.update(subscription.id, version: 2, to: .init(url: "https://x.test", events: ["*"], department: nil,
                                                                               description: "", enabled: true), by: DeliveryBench.admin)
        }
        let events = try await bench.journal(after: head)
        #expect(events.map(\.kind) == ["webhook.subscription_created", "webhook.secret_rotated", "webhook.subscription_changed"])
        #expect(events.allSatisfy { !$0.payload.contains(secret.text) && !$0.payload.contains(newSecret.text) })

        // Enabled again, both keys sign during the overlap.
        _ = try await bench.store.update(subscription.id, version: 3, to: .init(url: "https://other.test/in", events: ["case.*"],
                                                                               department: nil, description: "", enabled: true),
                                         by: DeliveryBench.admin)
        let receiver = ScriptedReceiver()
        try await bench.commit(["case.created"])
        try await bench.dispatcher(receiver).deliverDue()
        let got = try #require(receiver.received.first)
        for key in [secret.key, newSecret.key] {
            #expect(WebhookSignature.verify(header: got.signature, id: got.id, timestamp: got.timestamp, body: got.body, key: key, now: got.timestamp))
        }
        #expect(try await bench.store.remove(subscription.id, by: DeliveryBench.admin))
        #expect(try await !bench.store.remove(subscription.id, by: DeliveryBench.admin))
        #expect(try await bench.store.list().isEmpty)
        await bench.database.close()
    }

    @Test(arguments: TestDatabases.engines)
    func departmentFilter_andNewSubscriptionsStartAtTheHead(engine: DatabaseEngine) async throws {
        let bench = try await DeliveryBench.open(engine)
        try await bench.commit(["case.created"], department: "roads")
        _ = try await bench.subscribe(["case.*"], department: "roads")
        let receiver = ScriptedReceiver()
        let seqs = try await bench.commit(["case.created"], department: "roads")
        try await bench.commit(["case.created"], department: "water")
        try await bench.commit(["case.created"])
        #expect(try await bench.dispatcher(receiver).deliverDue() == 1)
        #expect(receiver.received.map(\.seq) == seqs, "history before the subscription is not sent, nor other departments")
        await bench.database.close()
    }
}
