/** One entry of a tfjs `weightsManifest` group (the same shape as tfjs's `WeightsManifestEntry`). */
export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: string;
  /** Present when the values are stored as integers: value = min + scale × stored integer. */
  quantization?: { dtype: string; min?: number; scale?: number };
}

/** The specs of one manifest group and its shards' bytes, concatenated in the manifest's order. */
export interface WeightGroup {
  specs: WeightSpec[];
  data: Uint8Array;
}

export interface Weight {
  shape: number[];
  values: Float32Array;
}

/** Bytes per stored element, by storage type; other types are refused rather than guessed at. */
const storedBytes: Record<string, number> = { uint8: 1, uint16: 2, float32: 4 };

/**
 * Decodes every weight of every group to float32, keyed by name (`<layer>/<param>`). Within a group
 * the weights follow one another in spec order; a group whose bytes do not add up exactly is
 * refused, since any offset error would silently shift every later weight.
 */
export function decodeWeights(groups: readonly WeightGroup[]): Map<string, Weight> {
  const weights = new Map<string, Weight>();
  for (const [groupIndex, group] of groups.entries()) {
    const view = new DataView(group.data.buffer, group.data.byteOffset, group.data.byteLength);
    let offset = 0;
    for (const spec of group.specs) {
      if (weights.has(spec.name)) throw new Error(`weight ${spec.name} appears twice`);
      if (spec.dtype !== 'float32') {
        throw new Error(`weight ${spec.name}: dtype ${spec.dtype} is not supported (float32 only)`);
      }
      const count = spec.shape.reduce((a, b) => a * b, 1);
      const stored = spec.quantization?.dtype ?? 'float32';
      const size = storedBytes[stored];
      if (size === undefined || (spec.quantization && stored === 'float32')) {
        throw new Error(`weight ${spec.name}: quantization ${stored} is not supported`);
      }
      if (offset + count * size > group.data.byteLength) {
        throw new Error(`weight ${spec.name}: group ${groupIndex + 1} ends before its data`);
      }
      weights.set(spec.name, {
        shape: [...spec.shape],
        values: decodeOne(view, offset, count, stored, spec),
      });
      offset += count * size;
    }
    if (offset !== group.data.byteLength) {
      throw new Error(
        `weight group ${groupIndex + 1}: specs describe ${offset} bytes, shards hold ${group.data.byteLength}`,
      );
    }
  }
  return weights;
}

function decodeOne(
  view: DataView,
  offset: number,
  count: number,
  stored: string,
  spec: WeightSpec,
): Float32Array {
  const values = new Float32Array(count);
  if (stored === 'float32') {
    // tfjs weight files are little-endian.
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(offset + i * 4, true);
    return values;
  }
  const { min, scale } = spec.quantization ?? {};
  if (typeof min !== 'number' || typeof scale !== 'number') {
    throw new Error(`weight ${spec.name}: ${stored} quantization without min and scale`);
  }
  // Computed in double precision and rounded once to float32, exactly as tfjs's decoder does.
  for (let i = 0; i < count; i++) {
    const q = stored === 'uint8' ? view.getUint8(offset + i) : view.getUint16(offset + i * 2, true);
    values[i] = q * scale + min;
  }
  return values;
}
