import HubKit

/// What HubServer builds for the Webhooks slice: the subscriptions, the delivery state and the dispatcher.
/// `departmentExists` comes from the accounts, so the slice imports no other slice.
public struct WebhookDesk: Sendable {
    public let subscriptions: WebhookStore
    public let dispatcher: WebhookDispatcher
    public let departmentExists: @Sendable (DepartmentID) async throws -> Bool

    public static let migrations = WebhookMigrations.all

    public init(database: HubDatabase, transport: any WebhookTransport, settings: WebhookSettings, clock: HubClock,
                departmentExists: @escaping @Sendable (DepartmentID) async throws -> Bool) {
        subscriptions = WebhookStore(database: database, clock: clock)
        dispatcher = WebhookDispatcher(database: database, transport: transport, settings: settings, clock: clock)
        self.departmentExists = departmentExists
    }

    public var deliveries: DeliveryStore { dispatcher.store }
}
