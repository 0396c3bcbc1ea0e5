/**
 * Element types of .npy and .safetensors files and their exact conversion to float64: floats
 * widen exactly (binary16 and bfloat16 included, see tensor.ts), integers up to 2⁵³ in magnitude
 * convert exactly and larger 64-bit integers round to the nearest float64 (with a warning). Pure.
 */
import {
  allocate,
  bfloat16ToNumber,
  fail,
  halfToNumber,
  type ReadContext,
  type TensorRef,
} from './tensor';

export type ElementKind =
  | 'f64'
  | 'f32'
  | 'f16'
  | 'bf16'
  | 'i64'
  | 'i32'
  | 'i16'
  | 'i8'
  | 'u64'
  | 'u32'
  | 'u16'
  | 'u8'
  | 'bool';

/** Bytes per element. */
export const ELEMENT_SIZE: Readonly<Record<ElementKind, number>> = {
  f64: 8,
  f32: 4,
  f16: 2,
  bf16: 2,
  i64: 8,
  i32: 4,
  i16: 2,
  i8: 1,
  u64: 8,
  u32: 4,
  u16: 2,
  u8: 1,
  bool: 1,
};

/** Where one tensor's elements are and how they are laid out. */
export interface Layout {
  kind: ElementKind;
  littleEndian: boolean;
  /** Byte offset of the first element in `bytes`. */
  offset: number;
  /** Dimensions, outermost first (as the file states them). */
  shape: readonly number[];
  /** Elements stored first-index-fastest (numpy's fortran_order) instead of row-major. */
  fortran: boolean;
}

/** Is this machine little-endian (every browser's and Node's platform is, in practice)? */
const HOST_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function reader(kind: ElementKind): (v: DataView, at: number, le: boolean) => number {
  switch (kind) {
    case 'f64':
      return (v, at, le) => v.getFloat64(at, le);
    case 'f32':
      return (v, at, le) => v.getFloat32(at, le);
    case 'f16':
      return (v, at, le) => halfToNumber(v.getUint16(at, le));
    case 'bf16':
      return (v, at, le) => bfloat16ToNumber(v.getUint16(at, le));
    case 'i64':
      return (v, at, le) => Number(v.getBigInt64(at, le));
    case 'u64':
      return (v, at, le) => Number(v.getBigUint64(at, le));
    case 'i32':
      return (v, at, le) => v.getInt32(at, le);
    case 'u32':
      return (v, at, le) => v.getUint32(at, le);
    case 'i16':
      return (v, at, le) => v.getInt16(at, le);
    case 'u16':
      return (v, at, le) => v.getUint16(at, le);
    case 'i8':
      return (v, at) => v.getInt8(at);
    case 'u8':
      return (v, at) => v.getUint8(at);
    case 'bool':
      return (v, at) => (v.getUint8(at) === 0 ? 0 : 1);
  }
}

/**
 * The tensor's elements as float64 in row-major order. The caller has checked that
 * `count` = prod(shape) fits the budget and that `count × size` bytes lie inside `bytes`.
 */
export function decodeElements(
  ctx: ReadContext,
  bytes: Uint8Array,
  layout: Layout,
  count: number,
  ref: TensorRef,
): Float64Array {
  const size = ELEMENT_SIZE[layout.kind];
  if (layout.offset < 0 || layout.offset + count * size > bytes.length)
    fail(ctx, `the data needs ${count * size} bytes but the file has fewer`, ref);
  const out = allocate(ctx, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset + layout.offset, count * size);
  const read = reader(layout.kind);
  const le = layout.littleEndian;
  const shape = layout.shape;
  const start = bytes.byteOffset + layout.offset;
  const rowMajor = !layout.fortran || shape.filter((s) => s > 1).length <= 1;
  if (rowMajor && le === HOST_LITTLE_ENDIAN && (layout.kind === 'f64' || layout.kind === 'f32')) {
    // Floats in this machine's byte order: typed-array copies (float32 → float64 widens
    // exactly), several times faster than a DataView loop. Unaligned data (an entry stored in
    // a zip lands anywhere) goes through a small aligned scratch buffer, 64 kB at a time.
    const floats = (buffer: ArrayBufferLike, at: number, n: number) =>
      layout.kind === 'f64' ? new Float64Array(buffer, at, n) : new Float32Array(buffer, at, n);
    if (start % size === 0) out.set(floats(bytes.buffer, start, count));
    else {
      const per = 65536 / size;
      const scratch = new Uint8Array(65536);
      for (let i = 0; i < count; i += per) {
        const n = Math.min(per, count - i);
        scratch.set(bytes.subarray(layout.offset + i * size, layout.offset + (i + n) * size));
        out.set(floats(scratch.buffer, 0, n), i);
      }
    }
  } else if (rowMajor) {
    for (let i = 0, at = 0; i < count; i++, at += size) out[i] = read(view, at, le);
  } else {
    // Fortran order: the file's element f has multi-index (i₀, i₁, …) with i₀ fastest; its
    // row-major position is Σ i_j·stride_j, stride_j = Π_{m>j} shape_m. Walk f, carry the index.
    const dims = shape.length;
    const stride = new Array<number>(dims).fill(1);
    for (let j = dims - 2; j >= 0; j--) stride[j] = stride[j + 1]! * shape[j + 1]!;
    const index = new Array<number>(dims).fill(0);
    let target = 0;
    for (let f = 0, at = 0; f < count; f++, at += size) {
      out[target] = read(view, at, le);
      for (let j = 0; j < dims; j++) {
        index[j]!++;
        target += stride[j]!;
        if (index[j]! < shape[j]!) break;
        target -= stride[j]! * shape[j]!;
        index[j] = 0;
      }
    }
  }
  if (layout.kind === 'i64' || layout.kind === 'u64') {
    const big = out.findIndex((x) => Math.abs(x) > 2 ** 53);
    if (big >= 0)
      ctx.warnings.push(
        `${ctx.file}, tensor "${ref.tensor ?? ''}": 64-bit integers beyond 2^53 (e.g. element ${big}) were rounded to the nearest float64`,
      );
  }
  return out;
}
