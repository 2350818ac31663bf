import { onnx } from 'onnx-proto';

/**
 * A node attribute with its ONNX type spelled out: a JavaScript number cannot tell an INT from a
 * FLOAT, and ONNX Runtime refuses a model whose attribute has the wrong one.
 */
export type Attribute =
  | { type: 'int'; value: number }
  | { type: 'ints'; value: readonly number[] }
  | { type: 'float'; value: number }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'string'; value: string };

/** An INT attribute, e.g. `group`, `axis`, `count_include_pad`. */
export const intAttr = (value: number): Attribute => ({ type: 'int', value });
/** An INTS attribute, e.g. `kernel_shape`, `pads`, `perm`. */
export const intsAttr = (value: readonly number[]): Attribute => ({ type: 'ints', value });
/** A FLOAT attribute, e.g. `epsilon`, `alpha`. */
export const floatAttr = (value: number): Attribute => ({ type: 'float', value });
/** A FLOATS attribute. */
export const floatsAttr = (value: readonly number[]): Attribute => ({ type: 'floats', value });
/** A STRING attribute, e.g. `auto_pad`, `mode`. */
export const stringAttr = (value: string): Attribute => ({ type: 'string', value });

const AttributeType = onnx.AttributeProto.AttributeType;

function requireIntegers(name: string, values: readonly number[]): void {
  for (const v of values) {
    if (!Number.isSafeInteger(v)) throw new Error(`attribute ${name}: ${v} is not an integer`);
  }
}

/** The protobuf form of one attribute; rejects non-integers for INT(S) rather than truncating. */
export function toAttributeProto(name: string, attribute: Attribute): onnx.IAttributeProto {
  switch (attribute.type) {
    case 'int':
      requireIntegers(name, [attribute.value]);
      return { name, type: AttributeType.INT, i: attribute.value };
    case 'ints':
      requireIntegers(name, attribute.value);
      return { name, type: AttributeType.INTS, ints: [...attribute.value] };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: attribute.value };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: [...attribute.value] };
    case 'string':
      return { name, type: AttributeType.STRING, s: new TextEncoder().encode(attribute.value) };
  }
}
