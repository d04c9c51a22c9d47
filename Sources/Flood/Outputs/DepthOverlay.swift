/// The map overlay of an inundation: one RGBA pixel per cell, transparent where dry, blue by depth where
/// flooded (the Ministry's usual ramp: < 0.5 m light, 0.5–1.5 m, 1.5–3 m, 3–6 m, ≥ 6 m dark). Pure.
public enum DepthOverlay {
    /// (upper bound of depth in metres, r, g, b, alpha).
    public static let classes: [(Float, UInt8, UInt8, UInt8, UInt8)] = [
        (0.5, 189, 231, 255, 170), (1.5, 107, 174, 214, 190), (3, 49, 130, 189, 205), (6, 8, 81, 156, 220),
        (.infinity, 8, 48, 107, 235),
    ]

    public static func rgba(_ inundation: Inundation, terrain: Raster) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: terrain.count * 4)
        let mask = inundation.flooded
        for r in 0..<mask.rows {
            for w in 0..<mask.wordsPerRow {
                var word = mask.words[r * mask.wordsPerRow + w]
                while word != 0 {
                    let c = w * 64 + word.trailingZeroBitCount
                    word &= word - 1
                    let i = r * terrain.columns + c
                    let depth = inundation.level - terrain.values[i]
                    let k = classes.firstIndex { depth < $0.0 } ?? classes.count - 1
                    let colour = classes[k]
                    out[i * 4] = colour.1
                    out[i * 4 + 1] = colour.2
                    out[i * 4 + 2] = colour.3
                    out[i * 4 + 3] = colour.4
                }
            }
        }
        return out
    }

    /// The overlay as PNG bytes, one pixel per terrain cell, northern row on top.
    public static func png(_ inundation: Inundation, terrain: Raster) -> [UInt8] {
        PNGEncoder.encode(width: max(terrain.columns, 1), height: max(terrain.rows, 1), rgba: rgba(inundation, terrain: terrain))
    }
}
