import HubKit

/// The Webhooks slice's tables. Numbered, never edited once released.
public enum WebhookMigrations {
    public static let all: [Migration] = [foundation]

    /// `webhook_subscriptions`: what administrators configured, with the signing secret (and the previous one for
    /// a day after a rotation). `webhook_delivery_state`: per subscription, the journal cursor and the retry state
    /// of the event at its head — apart from the subscription row so that delivering never conflicts with an
    /// administrator's edit. `webhook_dead_letters`: events given up on, and their replays.
    static let foundation = Migration(id: "webhooks.0001.foundation", portable: [
        """
        CREATE TABLE webhook_subscriptions (
            id TEXT PRIMARY KEY, url TEXT NOT NULL, events TEXT NOT NULL, department TEXT, description TEXT NOT NULL,
            enabled INTEGER NOT NULL, secret TEXT NOT NULL, previous_secret TEXT, previous_until_ms BIGINT,
            version INTEGER NOT NULL, created_at_ms BIGINT NOT NULL, updated_at_ms BIGINT NOT NULL
        )
        """,
        """
        CREATE TABLE webhook_delivery_state (
            subscription_id TEXT PRIMARY KEY REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
            cursor_seq BIGINT NOT NULL, head_seq BIGINT, attempts INTEGER NOT NULL, first_attempt_at_ms BIGINT,
            next_attempt_at_ms BIGINT, last_error TEXT, last_status INTEGER, delivered BIGINT NOT NULL,
            last_delivered_at_ms BIGINT
        )
        """,
        """
        CREATE TABLE webhook_dead_letters (
            subscription_id TEXT NOT NULL REFERENCES webhook_subscriptions (id) ON DELETE CASCADE,
            event_seq BIGINT NOT NULL, webhook_id TEXT NOT NULL, kind TEXT NOT NULL, state TEXT NOT NULL,
            attempts INTEGER NOT NULL, first_attempt_at_ms BIGINT NOT NULL, last_attempt_at_ms BIGINT,
            next_attempt_at_ms BIGINT, last_error TEXT NOT NULL, last_status INTEGER, dead_at_ms BIGINT NOT NULL,
            PRIMARY KEY (subscription_id, event_seq)
        )
        """,
        "CREATE INDEX webhook_dead_letters_queue ON webhook_dead_letters (subscription_id, state, next_attempt_at_ms)",
    ])
}
