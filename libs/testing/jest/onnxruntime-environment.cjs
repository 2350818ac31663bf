// Jest's node environment for tests that run ONNX Runtime (or anything native returning typed arrays).
//
// Each test file gets its own realm, whose Float32Array is not Node's. onnxruntime-node's binding
// builds output arrays in Node's realm and hands them to onnxruntime-common's Tensor, loaded inside the
// test realm, whose `data instanceof Float32Array` check then fails ("A float32 tensor's data must be
// type of function Float32Array()"). Jest already shares Node's ArrayBuffer and Uint8Array for the same
// reason; this shares the other typed-array constructors too.
const { TestEnvironment } = require('jest-environment-node');

const typedArrays = [
  'Int8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
];

class OnnxRuntimeEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    for (const name of typedArrays) this.global[name] = globalThis[name];
  }
}

module.exports = OnnxRuntimeEnvironment;
