/// Where a point falls in the district, for slices that place things on grids (cases, devices) without
/// depending on the geography slice. `HubServer` passes its geography service.
public protocol GridLocating: Sendable {
    /// The unit grid containing `point`, or nil outside every grid.
    func grid(containing point: GeoPoint) -> GridCode?
    /// The name of the street nearest to `point` ("七星岗街道 Qixinggang"), for messages about points outside.
    func nearestStreetName(to point: GeoPoint) -> String?
}
