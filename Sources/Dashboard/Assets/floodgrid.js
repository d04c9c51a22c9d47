// The flood what-if drawn in the browser: GET /api/v1/flood/first-flood gives every cell's first-flood level and
// ground height once per terrain (CHFLOOD1, see FirstFloodGrid.swift); each slider step thresholds it into a
// canvas and counts the flooded cells and area here, with no request to the hub. Pure except drawInto().

/** The hub's PNG overlay ramp (DepthOverlay.classes): upper depth bound in metres, then r, g, b, alpha. */
export const DEPTH_CLASSES = [
  [0.5, 189, 231, 255, 170], [1.5, 107, 174, 214, 190], [3, 49, 130, 189, 205], [6, 8, 81, 156, 220],
  [Infinity, 8, 48, 107, 235],
];

const NONE = 0xFFFF;
const HEADER = 32;

/** Reads a CHFLOOD1 buffer into { columns, rows, levelBase, groundBase, rowArea, first, ground }; throws on a bad one. */
export function parseFirstFlood(buffer) {
  const view = new DataView(buffer);
  const magic = String.fromCharCode(...new Uint8Array(buffer, 0, Math.min(8, buffer.byteLength)));
  if (magic !== 'CHFLOOD1') throw new Error('not a CHFLOOD1 grid');
  const columns = view.getUint32(8, true);
  const rows = view.getUint32(12, true);
  const cells = columns * rows;
  if (buffer.byteLength !== HEADER + rows * 4 + cells * 4) throw new Error('CHFLOOD1 grid of the wrong size');
  const rowArea = new Float64Array(rows);
  for (let r = 0; r < rows; r += 1) rowArea[r] = view.getFloat32(HEADER + r * 4, true);
  // Little-endian UInt16 arrays read straight from the buffer (every browser this page supports is little-endian).
  const start = HEADER + rows * 4;
  return {
    columns, rows, rowArea,
    levelBase: view.getInt32(16, true),
    groundBase: view.getInt32(20, true),
    first: new Uint16Array(buffer, start, cells),
    ground: new Uint16Array(buffer, start + cells * 2, cells),
  };
}

/** The level in whole centimetres, as the hub reads a typed level to two decimals. */
export const centimetres = (metres) => Math.round(Number(metres) * 100);

/**
 * Paints the overlay at `level` metres into `pixels` (RGBA, columns × rows, from ImageData) and returns
 * { floodedCells, areaSquareMetres }: a cell floods when its code is at most the level above the base.
 */
export function paintLevel(grid, level, pixels) {
  const threshold = centimetres(level) - grid.levelBase;
  const levelCm = centimetres(level);
  const { first, ground, columns, rows, rowArea, groundBase } = grid;
  // One colour per centimetre of depth up to 6 m, so the loop does a table look-up, not a search.
  const ramp = new Uint32Array(601);
  const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  for (let d = 0; d <= 600; d += 1) {
    const cls = DEPTH_CLASSES.find(([upper]) => d / 100 < upper) ?? DEPTH_CLASSES[DEPTH_CLASSES.length - 1];
    const [, r, g, b, a] = cls;
    ramp[d] = little ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
  }
  const out = new Uint32Array(pixels.buffer, pixels.byteOffset, columns * rows);
  let flooded = 0;
  let area = 0;
  for (let r = 0, i = 0; r < rows; r += 1) {
    let inRow = 0;
    for (let c = 0; c < columns; c += 1, i += 1) {
      const q = first[i];
      if (q === NONE || q > threshold) {
        out[i] = 0;
        continue;
      }
      inRow += 1;
      const g = ground[i];
      const depth = g === NONE ? 600 : levelCm - groundBase - g;
      out[i] = ramp[depth < 0 ? 0 : depth > 600 ? 600 : depth];
    }
    flooded += inRow;
    area += inRow * rowArea[r];
  }
  return { floodedCells: flooded, areaSquareMetres: area };
}

/** The places under water at `level` (firstFlood below it), deepest first, with depth = level − lowest ground. */
export function placesAt(places, level) {
  const typed = centimetres(level) / 100;
  return (places ?? [])
    .filter((place) => place.firstFlood !== null && place.firstFlood !== undefined && place.firstFlood < typed)
    .map((place) => ({ ...place, maxDepth: Number.isFinite(place.lowestGround) ? Math.max(0, typed - place.lowestGround) : null }))
    .sort((a, b) => (b.maxDepth ?? 0) - (a.maxDepth ?? 0));
}

/** Draws the level into `canvas` (sized to the grid); returns the counts from paintLevel. */
export function drawInto(canvas, grid, level) {
  if (canvas.width !== grid.columns) canvas.width = grid.columns;
  if (canvas.height !== grid.rows) canvas.height = grid.rows;
  const context = canvas.getContext('2d');
  const image = context.createImageData(grid.columns, grid.rows);
  const counts = paintLevel(grid, level, image.data);
  context.putImageData(image, 0, 0);
  return counts;
}
