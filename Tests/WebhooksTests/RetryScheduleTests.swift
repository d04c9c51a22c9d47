import Foundation
import Testing
@testable import Webhooks

@Suite struct RetryScheduleTests {
    let settings = WebhookSettings()

    @Test func baseDelays_followTheSchedule_thenRepeatTheLast() {
        let delays = (1...10).map { RetrySchedule.baseDelay(afterAttempt: $0, settings: settings) }
        #expect(delays == [10_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 14_400_000, 14_400_000])
    }

    @Test(arguments: [(0.0, 8_000), (0.5, 10_000), (0.999999, 12_000), (-1.0, 8_000), (7.0, 12_000)] as [(Double, Int64)])
    func jitter_spreadsByTwentyPercent(jitter: Double, expected: Int64) {
        #expect(RetrySchedule.jittered(10_000, jitter: jitter) == expected)
    }

    @Test func decide_retriesOnSchedule_thenDeadLettersAfterMaxAttempts() {
        var custom = settings
        custom.maxAttempts = 3
        #expect(RetrySchedule.decide(afterAttempt: 1, firstAttempt: 0, now: 0, retryAfter: nil, jitter: 0.5, settings: custom)
                == .retry(atMilliseconds: 10_000))
        #expect(RetrySchedule.decide(afterAttempt: 2, firstAttempt: 0, now: 10_000, retryAfter: nil, jitter: 0.5, settings: custom)
                == .retry(atMilliseconds: 40_000))
        #expect(RetrySchedule.decide(afterAttempt: 3, firstAttempt: 0, now: 40_000, retryAfter: nil, jitter: 0.5, settings: custom)
                == .deadLetter)
    }

    @Test func decide_deadLettersWhenTheNextAttemptWouldPassTheMaximumAge() {
        var custom = settings
        custom.maxAgeMilliseconds = 60_000
        #expect(RetrySchedule.decide(afterAttempt: 2, firstAttempt: 0, now: 20_000, retryAfter: nil, jitter: 0.5, settings: custom)
                == .retry(atMilliseconds: 50_000))
        #expect(RetrySchedule.decide(afterAttempt: 3, firstAttempt: 0, now: 50_000, retryAfter: nil, jitter: 0.5, settings: custom)
                == .deadLetter)
    }

    @Test func retryAfter_isHonouredWhenLonger_andCapped() {
        #expect(RetrySchedule.decide(afterAttempt: 1, firstAttempt: 0, now: 0, retryAfter: 90_000, jitter: 0.5, settings: settings)
                == .retry(atMilliseconds: 90_000))
        #expect(RetrySchedule.decide(afterAttempt: 1, firstAttempt: 0, now: 0, retryAfter: 1_000, jitter: 0.5, settings: settings)
                == .retry(atMilliseconds: 10_000), "a shorter Retry-After does not shorten the schedule")
        #expect(RetrySchedule.decide(afterAttempt: 1, firstAttempt: 0, now: 0, retryAfter: 86_400_000, jitter: 0.5, settings: settings)
                == .retry(atMilliseconds: settings.maxDelayMilliseconds))
    }

    @Test func retryAfterHeader_secondsAndHTTPDate() {
        let now = Date(timeIntervalSince1970: 784_111_777 - 60)
        #expect(RetrySchedule.retryAfter("120", now: now) == 120_000)
        #expect(RetrySchedule.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now) == 60_000)
        #expect(RetrySchedule.retryAfter("Sun, 06 Nov 1994 08:49:37 GMT", now: now.addingTimeInterval(3600)) == 0)
        #expect(RetrySchedule.retryAfter(nil, now: now) == nil)
        #expect(RetrySchedule.retryAfter("soon", now: now) == nil)
        #expect(RetrySchedule.retryAfter("-5", now: now) == nil)
    }
}
