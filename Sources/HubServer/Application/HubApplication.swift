import Cases
import Dashboard
import Duty
import Flood
import HubKit
import Ledger
import Hummingbird
import HummingbirdCore
import Logging
import Prometheus
import Telemetry
import Traffic
import HummingbirdWebSocket
import Warnings
import Webhooks

/// Builds the hub's router and application: middleware, then every slice's routes, each declaring its access.
public enum HubApplication {
    public static let version = "0.1.0"

    /// The router with all routes; `catalog` receives every endpoint for the OpenAPI document.
    public static func buildRouter(services: HubServices, metrics: PrometheusCollectorRegistry,
                                   catalog: RouteCatalog = RouteCatalog()) -> Router<HubRequestContext> {
        let router = Router(context: HubRequestContext.self)
        router.add(middleware: SecurityHeadersMiddleware(tileOrigin: services.configuration.mapTiles?.origin))
        router.add(middleware: LogRequestsMiddleware(.info))
        router.add(middleware: MetricsMiddleware())
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: AuthMiddleware(accounts: services.accounts))
        let hub = HubRouter(router: router, catalog: catalog)
        OperationsRoutes(database: services.database, metrics: metrics, catalog: catalog, version: version).register(on: hub)
        AccountRoutes(accounts: services.accounts).register(on: hub)
        EventRoutes(database: services.database).register(on: hub)
        EventStreamRoutes(database: services.database, settings: services.configuration.eventStream).register(on: hub)
        GeographyRoutes(geography: services.geography).register(on: hub)
        CaseRoutes(desk: services.cases).register(on: hub)
        CatalogueRoutes(desk: services.cases).register(on: hub)
        CalendarRoutes(desk: services.cases).register(on: hub)
        PhotoRoutes(desk: services.cases).register(on: hub)
        IndicatorRoutes(desk: services.cases).register(on: hub)
        StationRoutes(desk: services.telemetry).register(on: hub)
        ObservationRoutes(desk: services.telemetry).register(on: hub)
        SeriesRoutes(desk: services.telemetry).register(on: hub)
        RainfallRoutes(desk: services.telemetry).register(on: hub)
        DatumRoutes(desk: services.telemetry).register(on: hub)
        ForecastRoutes(desk: services.telemetry).register(on: hub)
        RuleRoutes(desk: services.telemetry).register(on: hub)
        AlarmRoutes(desk: services.telemetry).register(on: hub)
        LedgerRoutes(store: services.ledger.store).register(on: hub)
        let accountStore = services.accounts.store
        NotaryRoutes(store: NotaryStore(ledger: services.ledger.store, clock: services.clock),
                     department: { try await accountStore.department($0) }).register(on: hub)
        LedgerWitnessRoutes(store: services.cosigning.store, logKey: services.ledger.signer.verifierKey).register(on: hub)
        LedgerKeyRoutes(logKey: services.ledger.signer.verifierKey, witnesses: services.cosigning.store).register(on: hub)
        WitnessRoutes(witness: services.witness).register(on: hub)
        WarningRoutes(desk: services.warnings).register(on: hub)
        CAPRoutes(desk: services.warnings, publicURL: services.configuration.publicURL).register(on: hub)
        RosterRoutes(desk: services.duty).register(on: hub)
        CallRoutes(desk: services.duty).register(on: hub)
        WebhookRoutes(desk: services.webhooks).register(on: hub)
        FloodRoutes(desk: services.flood, gaugeLevels: TelemetryGaugeLevels(desk: services.telemetry)).register(on: hub)
        TrafficRoutes(desk: services.traffic).register(on: hub)
        OverrideRoutes(desk: services.traffic).register(on: hub)
        GatewayRoutes().register(on: hub)
        ViolationRoutes(desk: services.traffic).register(on: hub)
        DashboardRoutes(leafletPath: services.configuration.leafletPath, chartPath: services.configuration.chartPath,
                        assetsPath: services.configuration.dashboardAssetsPath, tiles: services.configuration.mapTiles).register(on: hub)
        return router
    }

    /// HTTP/1.1 with the upgrade to WebSocket for the signal-gateway protocol (the only WebSocket endpoint).
    public static func server(services: HubServices) -> HTTPServerBuilder {
        let accounts = services.accounts
        let gateway = GatewayEndpoint(desk: services.traffic) { credential in
            try? await accounts.authenticate(bearer: credential)
        }
        // A status frame carries every lane of the gateway's intersections (16 four-arm junctions ≈ 40 KB); the
        // library's default of 16 KB would close such a gateway's connection (1009, message too big).
        return .http1WebSocketUpgrade(configuration: .init(ws: .init(maxFrameSize: 4 << 20))) { request, _, logger in
            await gateway.shouldUpgrade(request, logger: logger)
        }
    }

    /// The application serving `buildRouter` on the configured address; SIGTERM/SIGINT drain in-flight
    /// requests and then stop.
    public static func build(services: HubServices, metrics: PrometheusCollectorRegistry, logger: Logger,
                             onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }) -> some ApplicationProtocol {
        let router = buildRouter(services: services, metrics: metrics)
        return Application(
            router: router,
            server: server(services: services),
            configuration: .init(address: .hostname(services.configuration.host, port: services.configuration.port),
                                 serverName: "CityHub/\(version)"),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger)
    }
}
