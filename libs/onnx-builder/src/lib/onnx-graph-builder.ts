import { onnx } from 'onnx-proto';
import { toAttributeProto, type Attribute } from './attributes';
import { float32LittleEndian, int64LittleEndian } from './tensor-bytes';

/** Element types the builder writes; enough for image classifiers and their shape tensors. */
export type ElementType = 'float32' | 'int64';

/** A fixed size, or a symbolic one such as `'N'` for a batch size chosen at run time. */
export type Dim = number | string;

export interface NodeSpec {
  opType: string;
  /** Names of earlier tensors; `''` leaves an optional input out. */
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, Attribute>>;
  /** Defaults to the first output's name, which is unique already. */
  name?: string;
}

export interface ModelOptions {
  producerName: string;
  producerVersion: string;
  /** Version of the default ONNX operator set; 13 unless given. */
  opsetVersion?: number;
  docString?: string;
  /** Stored as the model's metadata_props, sorted by key. */
  metadata?: Readonly<Record<string, string>>;
}

/** The lowest opset the builder writes: Clip/Pad take tensors as inputs and Softmax is per-axis. */
export const minimumOpsetVersion = 13;

const dataTypes: Record<ElementType, onnx.TensorProto.DataType> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  int64: onnx.TensorProto.DataType.INT64,
};

/**
 * Builds one ONNX graph in memory and serializes it. Names are checked as they are added, so a
 * node reading a tensor that does not exist fails here, naming it, instead of inside ONNX Runtime.
 * The bytes depend only on the calls made, in their order: the same graph gives the same file.
 */
export class OnnxGraphBuilder {
  private readonly inputs: onnx.IValueInfoProto[] = [];
  private readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly initializers: onnx.ITensorProto[] = [];
  private readonly nodes: onnx.INodeProto[] = [];
  private readonly tensors = new Set<string>();
  private readonly nodeNames = new Set<string>();

  constructor(readonly graphName: string) {}

  /** Whether a graph input, initializer or node output of that name exists. */
  has(name: string): boolean {
    return this.tensors.has(name);
  }

  /** `base` if no tensor has that name yet, else `base_2`, `base_3`, … */
  uniqueName(base: string): string {
    if (!this.has(base)) return base;
    for (let i = 2; ; i++) {
      const candidate = `${base}_${i}`;
      if (!this.has(candidate)) return candidate;
    }
  }

  addInput(name: string, shape: readonly Dim[], elementType: ElementType = 'float32'): string {
    this.define(name);
    this.inputs.push(valueInfo(name, shape, elementType));
    return name;
  }

  /** Declares a graph output; the tensor itself may be produced later, before `toBytes`. */
  addOutput(name: string, shape: readonly Dim[], elementType: ElementType = 'float32'): string {
    if (this.outputs.some((o) => o.name === name)) throw new Error(`output ${name} declared twice`);
    this.outputs.push(valueInfo(name, shape, elementType));
    return name;
  }

  /** A float32 constant; the values are copied, so later changes to the array do not leak in. */
  addFloatInitializer(name: string, dims: readonly number[], values: Float32Array): string {
    checkDims(name, dims, values.length);
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i])) {
        throw new Error(`initializer ${name}: value ${values[i]} at index ${i} is not finite`);
      }
    }
    this.define(name);
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: dataTypes.float32,
      rawData: float32LittleEndian(values),
    });
    return name;
  }

  /** An int64 constant, e.g. the `pads` of Pad or the `shape` of Reshape. */
  addInt64Initializer(name: string, dims: readonly number[], values: readonly number[]): string {
    checkDims(name, dims, values.length);
    for (const v of values) {
      if (!Number.isSafeInteger(v)) throw new Error(`initializer ${name}: ${v} is not an integer`);
    }
    this.define(name);
    this.initializers.push({
      name,
      dims: [...dims],
      dataType: dataTypes.int64,
      rawData: int64LittleEndian(values),
    });
    return name;
  }

  /** Appends a node; nodes must come in an order where every input already exists. */
  addNode(spec: NodeSpec): readonly string[] {
    const name = spec.name ?? spec.outputs[0];
    if (!name) throw new Error(`${spec.opType} node without outputs`);
    if (this.nodeNames.has(name)) throw new Error(`node name ${name} used twice`);
    for (const input of spec.inputs) {
      if (input !== '' && !this.has(input)) {
        throw new Error(`node ${name} (${spec.opType}) reads ${input}, which does not exist yet`);
      }
    }
    for (const output of spec.outputs) this.define(output);
    this.nodeNames.add(name);
    // Sorted so that the order attributes were listed in cannot change the bytes.
    const attribute = Object.keys(spec.attributes ?? {})
      .sort()
      .map((key) => toAttributeProto(key, (spec.attributes ?? {})[key]));
    this.nodes.push({
      name,
      opType: spec.opType,
      input: [...spec.inputs],
      output: [...spec.outputs],
      attribute,
    });
    return spec.outputs;
  }

  /** A single-output node; the output gets a fresh name from the op type unless one is given. */
  addOp(
    opType: string,
    inputs: readonly string[],
    attributes: Readonly<Record<string, Attribute>> = {},
    output: string = this.uniqueName(opType),
  ): string {
    this.addNode({ opType, inputs, outputs: [output], attributes });
    return output;
  }

  /** Serializes the model (IR version 8, one default-domain opset import) to protobuf bytes. */
  toBytes(options: ModelOptions): Uint8Array {
    const opsetVersion = options.opsetVersion ?? minimumOpsetVersion;
    if (!Number.isInteger(opsetVersion) || opsetVersion < minimumOpsetVersion) {
      throw new Error(`opset ${opsetVersion}: the builder writes opset ${minimumOpsetVersion}+`);
    }
    if (this.outputs.length === 0) throw new Error(`graph ${this.graphName} has no outputs`);
    for (const output of this.outputs) {
      if (!this.has(output.name ?? '')) {
        throw new Error(`output ${output.name} is not produced by any node`);
      }
    }
    const metadata = options.metadata ?? {};
    const model: onnx.IModelProto = {
      irVersion: onnx.Version.IR_VERSION,
      opsetImport: [{ domain: '', version: opsetVersion }],
      producerName: options.producerName,
      producerVersion: options.producerVersion,
      docString: options.docString ?? '',
      graph: {
        name: this.graphName,
        node: this.nodes,
        initializer: this.initializers,
        input: this.inputs,
        output: this.outputs,
      },
      metadataProps: Object.keys(metadata)
        .sort()
        .map((key) => ({ key, value: metadata[key] })),
    };
    return onnx.ModelProto.encode(model).finish();
  }

  private define(name: string): void {
    if (name === '') throw new Error('tensor names must not be empty');
    if (this.tensors.has(name)) throw new Error(`tensor name ${name} used twice`);
    this.tensors.add(name);
  }
}

function valueInfo(name: string, shape: readonly Dim[], elementType: ElementType) {
  const dim = shape.map((d): onnx.TensorShapeProto.IDimension => {
    if (typeof d === 'string') {
      if (d === '') throw new Error(`${name}: a symbolic dimension needs a name`);
      return { dimParam: d };
    }
    if (!Number.isSafeInteger(d) || d < 0) throw new Error(`${name}: bad dimension ${d}`);
    return { dimValue: d };
  });
  return { name, type: { tensorType: { elemType: dataTypes[elementType], shape: { dim } } } };
}

function checkDims(name: string, dims: readonly number[], length: number): void {
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) {
    throw new Error(`initializer ${name}: bad dims [${dims.join(', ')}]`);
  }
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== length) {
    throw new Error(
      `initializer ${name}: dims [${dims.join(', ')}] need ${expected} values, got ${length}`,
    );
  }
}
