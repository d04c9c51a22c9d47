/// Reads the first band of the first image of a GeoTIFF: classic TIFF or BigTIFF, either byte order, strips or
/// tiles, chunky or planar; 8-, 16- and 32-bit integers (signed or not) and 32- and 64-bit floats; no
/// compression, LZW or DEFLATE, with horizontal (2) or floating-point (3) prediction. The georeference comes from
/// ModelTiepoint + ModelPixelScale or ModelTransformation (a PixelIsPoint raster is shifted half a cell, as GDAL
/// does), the EPSG code from the GeoKeys (projected, else geographic), NoData from GDAL_NODATA.
///
/// Every offset, count and size is checked against the file before it is used, and no buffer larger than the
/// file times `limits.maxExpansion` is allocated, so a corrupt or truncated file gives a `TerrainError`.
/// Values become Float (a Float64 terrain is rounded to Float32, ample for elevations; Int32 beyond ±2^24 loses
/// its last digits); NoData becomes NaN.
public enum GeoTIFF {
    public static func read(_ bytes: [UInt8], limits: TerrainLimits = .standard) throws(TerrainError) -> Raster {
        let directory = try TIFFDirectory(bytes)
        let layout = try Layout(directory, fileSize: bytes.count, limits: limits)
        let noData = try directory.ascii(Tag.gdalNoData).flatMap { Double(String($0.filter { $0 != " " })) }
        var values = [Float](repeating: .nan, count: layout.columns * layout.rows)
        for chunk in 0..<layout.chunksAcross * layout.chunksDown {
            let decoded = try layout.decode(chunk: chunk, file: directory.file)
            layout.place(decoded, chunk: chunk, bigEndian: directory.file.bigEndian, noData: noData, into: &values)
        }
        let georeference = try Self.georeference(directory)
        return Raster(columns: layout.columns, rows: layout.rows, values: values, noData: noData, georeference: georeference)
    }

    enum Tag {
        static let width = 256, height = 257, bitsPerSample = 258, compression = 259, stripOffsets = 273
        static let samplesPerPixel = 277, rowsPerStrip = 278, stripByteCounts = 279, planarConfiguration = 284
        static let predictor = 317, tileWidth = 322, tileLength = 323, tileOffsets = 324, tileByteCounts = 325
        static let sampleFormat = 339, modelPixelScale = 33550, modelTiepoint = 33922, modelTransformation = 34264
        static let geoKeyDirectory = 34735, gdalNoData = 42113
    }

    static func georeference(_ directory: TIFFDirectory) throws(TerrainError) -> Georeference? {
        let epsg = try Self.epsg(directory)
        var geo: Georeference
        if let m = try directory.doubles(Tag.modelTransformation) {
            guard m.count == 16 else { throw .malformed("ModelTransformation has \(m.count) values, not 16") }
            geo = Georeference(originX: m[3], originY: m[7], a: m[0], b: m[1], d: m[4], e: m[5], epsg: epsg)
        } else if let tie = try directory.doubles(Tag.modelTiepoint), let scale = try directory.doubles(Tag.modelPixelScale) {
            guard tie.count >= 6, tie.count % 6 == 0, scale.count >= 2 else {
                throw .malformed("ModelTiepoint (\(tie.count) values) or ModelPixelScale (\(scale.count)) has the wrong count")
            }
            geo = Georeference(originX: tie[3] - tie[0] * scale[0], originY: tie[4] + tie[1] * scale[1],
                               a: scale[0], e: -scale[1], epsg: epsg)
        } else {
            return epsg.map { Georeference(originX: 0, originY: 0, a: 1, e: 1, epsg: $0) }
        }
        if try geoKey(directory, 1025) == 2 {
            let (x, y) = geo.map(column: -0.5, row: -0.5)
            (geo.originX, geo.originY) = (x, y)
        }
        return geo
    }

    /// ProjectedCSTypeGeoKey (3072), else GeographicTypeGeoKey (2048); 32767 means user-defined, so none.
    static func epsg(_ directory: TIFFDirectory) throws(TerrainError) -> Int? {
        for key in [3072, 2048] {
            if let code = try geoKey(directory, key), code > 0, code != 32767 { return code }
        }
        return nil
    }

    /// A SHORT GeoKey held in the directory itself (location 0).
    static func geoKey(_ directory: TIFFDirectory, _ id: Int) throws(TerrainError) -> Int? {
        guard let keys = try directory.integers(Tag.geoKeyDirectory) else { return nil }
        guard keys.count >= 4, keys[0] == 1 else { throw .malformed("GeoKeyDirectory header") }
        let count = keys[3]
        guard keys.count >= 4 + 4 * count else { throw .malformed("GeoKeyDirectory names \(count) keys, holds fewer") }
        for k in 0..<count where keys[4 + 4 * k] == id {
            return keys[5 + 4 * k] == 0 ? keys[7 + 4 * k] : nil
        }
        return nil
    }
}
