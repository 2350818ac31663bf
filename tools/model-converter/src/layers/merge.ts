import { intAttr } from '@moderation/onnx-builder';
import type { LayerContext, TensorRef } from './layer-context';

const sameDims = (a: readonly number[], b: readonly number[]) =>
  a.length === b.length && a.every((d, i) => d === b[i]);

function mergeInputs(ctx: LayerContext, minimum = 2): readonly TensorRef[] {
  if (ctx.inputs.length < minimum) ctx.fail(`expects at least ${minimum} inputs`);
  const [first] = ctx.inputs;
  for (const other of ctx.inputs) {
    // Keras merge layers can broadcast; these models never do, so a mismatch is a bug to report.
    if (!sameDims(first.dims, other.dims)) {
      ctx.fail(`inputs of shapes [${first.dims}] and [${other.dims}] are not supported`);
    }
  }
  return ctx.inputs;
}

/** One ONNX op over all inputs (Sum, Mean, Max, Min take any number). */
const variadic =
  (opType: string) =>
  (ctx: LayerContext): TensorRef => {
    const inputs = mergeInputs(ctx);
    const name = ctx.graph.addOp(
      opType,
      inputs.map((i) => i.name),
      {},
      ctx.name(opType),
    );
    return { name, dims: inputs[0].dims };
  };

/** A left-to-right chain of a binary ONNX op (Mul, Sub take exactly two inputs). */
const chained =
  (opType: string, maxInputs = Infinity) =>
  (ctx: LayerContext): TensorRef => {
    const [first, ...rest] = mergeInputs(ctx);
    if (rest.length + 1 > maxInputs) ctx.fail(`expects at most ${maxInputs} inputs`);
    let name = first.name;
    for (const next of rest)
      name = ctx.graph.addOp(opType, [name, next.name], {}, ctx.name(opType));
    return { name, dims: first.dims };
  };

export const emitAdd = (ctx: LayerContext) =>
  ctx.inputs.length > 2 ? variadic('Sum')(ctx) : chained('Add')(ctx);
export const emitMultiply = chained('Mul');
export const emitSubtract = chained('Sub', 2);
export const emitAverage = variadic('Mean');
export const emitMaximum = variadic('Max');
export const emitMinimum = variadic('Min');

/**
 * `Concatenate` along a Keras (channels-last) axis, mapped to the NCHW graph: channels (-1 or 3)
 * become axis 1, height 1 → 2, width 2 → 3; a flat `[N, F]` tensor keeps axis 1.
 */
export function emitConcatenate(ctx: LayerContext): TensorRef {
  if (ctx.inputs.length < 2) ctx.fail('expects at least 2 inputs');
  const [first] = ctx.inputs;
  const rank = first.dims.length + 1;
  const kerasAxis = ctx.number('axis', -1);
  const axis = kerasAxis < 0 ? kerasAxis + rank : kerasAxis;
  const onnxAxis = rank === 4 ? [0, 2, 3, 1][axis] : rank === 2 && axis === 1 ? 1 : undefined;
  if (onnxAxis === undefined || onnxAxis === 0) {
    ctx.fail(`axis ${kerasAxis} of a rank-${rank} tensor is not supported`);
  }
  // The dims array has no batch entry, so ONNX axis k is dims[k − 1].
  const dims = [...first.dims];
  for (const other of ctx.inputs.slice(1)) {
    const fits =
      other.dims.length === dims.length &&
      other.dims.every((d, i) => i === onnxAxis - 1 || d === dims[i]);
    if (!fits) ctx.fail(`inputs of shapes [${first.dims}] and [${other.dims}] cannot be joined`);
    dims[onnxAxis - 1] += other.dims[onnxAxis - 1];
  }
  const name = ctx.graph.addOp(
    'Concat',
    ctx.inputs.map((i) => i.name),
    { axis: intAttr(onnxAxis) },
    ctx.name('Concat'),
  );
  return { name, dims };
}
