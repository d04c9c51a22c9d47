/// Reads a terrain from its bytes, telling the format from them: a TIFF byte-order mark means GeoTIFF, anything
/// else is read as an ESRI ASCII grid.
public enum TerrainReader {
    public static func read(_ bytes: [UInt8], limits: TerrainLimits = .standard) throws(TerrainError) -> Raster {
        if bytes.count >= 2, (bytes[0], bytes[1]) == (0x49, 0x49) || (bytes[0], bytes[1]) == (0x4D, 0x4D) {
            return try GeoTIFF.read(bytes, limits: limits)
        }
        return try ESRIASCIIGrid.read(bytes, limits: limits)
    }
}
