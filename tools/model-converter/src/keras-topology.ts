/** One layer of a Keras functional model, as the converter needs it. */
export interface KerasLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** Names of the layers whose outputs this layer reads, in argument order. */
  inbound: string[];
}

/** A functional model's layers in an order where every layer comes after its inputs. */
export interface KerasGraph {
  layers: KerasLayer[];
  inputs: string[];
  outputs: string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads the `modelTopology` of a Keras (2.x or tfjs-layers) functional model. Shapes the
 * converter cannot represent, such as shared layers or a layer's second output, stop it here.
 */
export function parseKerasTopology(topology: unknown): KerasGraph {
  // Keras's model.json wraps the model in `model_config`; tfjs-layers' save() does not.
  const modelConfig =
    isRecord(topology) && isRecord(topology.model_config) ? topology.model_config : topology;
  if (!isRecord(modelConfig) || !isRecord(modelConfig.config)) {
    throw new Error('modelTopology has no model config: not a Keras layers model');
  }
  // Keras ≤ 2.3 calls a functional model "Model", later versions "Functional".
  if (modelConfig.class_name !== 'Model' && modelConfig.class_name !== 'Functional') {
    throw new Error(
      `model class ${String(modelConfig.class_name)} is not supported: only functional models are`,
    );
  }
  const config = modelConfig.config;
  if (!Array.isArray(config.layers)) throw new Error('model_config.config.layers is missing');

  const layers = config.layers.map((raw: unknown, index): KerasLayer => {
    if (!isRecord(raw) || typeof raw.name !== 'string' || typeof raw.class_name !== 'string') {
      throw new Error(`layer #${index} has no name or class_name`);
    }
    const label = `layer "${raw.name}" (${raw.class_name})`;
    return {
      name: raw.name,
      className: raw.class_name,
      config: isRecord(raw.config) ? raw.config : {},
      inbound: parseInboundNodes(raw.inbound_nodes, label),
    };
  });

  return {
    layers: topologicalOrder(layers),
    inputs: parseEndpoints(config.input_layers, 'input_layers'),
    outputs: parseEndpoints(config.output_layers, 'output_layers'),
  };
}

/** Keras 2 writes `[[[layer, nodeIndex, tensorIndex, kwargs], …]]`, one entry per call of the layer. */
function parseInboundNodes(value: unknown, label: string): string[] {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return [];
  if (!Array.isArray(value)) throw new Error(`${label}: inbound_nodes is not a list`);
  if (value.length > 1) {
    throw new Error(`${label} is called ${value.length} times: shared layers are not supported`);
  }
  const [call] = value;
  if (!Array.isArray(call)) {
    throw new Error(`${label}: inbound node format not supported (expected Keras 2 lists)`);
  }
  return call.map((entry: unknown) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      throw new Error(`${label}: inbound node format not supported (expected Keras 2 lists)`);
    }
    if (entry[1] !== 0 || entry[2] !== 0) {
      throw new Error(
        `${label} reads output ${entry[1]}/${entry[2]} of ${entry[0]}: only a layer's first output is supported`,
      );
    }
    return entry[0];
  });
}

function parseEndpoints(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.length === 0) throw new Error(`model ${field} are missing`);
  return value.map((entry: unknown) => {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string') {
      throw new Error(`model ${field}: unexpected entry ${JSON.stringify(entry)}`);
    }
    if (entry[1] !== 0 || entry[2] !== 0) {
      throw new Error(`model ${field}: only a layer's first output is supported`);
    }
    return entry[0];
  });
}

/** Kahn's algorithm, always taking the earliest listed ready layer, so the order is stable. */
function topologicalOrder(layers: KerasLayer[]): KerasLayer[] {
  const byName = new Map<string, KerasLayer>();
  for (const layer of layers) {
    if (byName.has(layer.name)) throw new Error(`two layers are named "${layer.name}"`);
    byName.set(layer.name, layer);
  }
  for (const layer of layers) {
    for (const source of layer.inbound) {
      if (!byName.has(source)) {
        throw new Error(
          `layer "${layer.name}" (${layer.className}) reads "${source}", which is not a layer`,
        );
      }
    }
  }
  const done = new Set<string>();
  const ordered: KerasLayer[] = [];
  while (ordered.length < layers.length) {
    const next = layers.find(
      (layer) => !done.has(layer.name) && layer.inbound.every((source) => done.has(source)),
    );
    if (!next) throw new Error('the layers form a cycle');
    done.add(next.name);
    ordered.push(next);
  }
  return ordered;
}
