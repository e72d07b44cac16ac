// The committed kernel bytes are exactly what kernel.wat assembles to (no hand-edited binary).
import { describe, expect, it } from 'vitest';
import { KERNEL_WASM_BASE64 } from '../../../electron/memory/vector-index/kernel-wasm';
import { hasWasmSimd } from '../../../electron/memory/vector-index/kernels';
import { assembleKernel, kernelModuleSource } from '../../../scripts/build-wasm';
import { readFileSync } from 'node:fs';
import { KERNEL_TS } from '../../../scripts/build-wasm';

describe('vector-index kernel', () => {
  it('matches its source: rebuilding kernel.wat gives the committed bytes and file', async () => {
    const bytes = await assembleKernel();
    expect(Buffer.from(bytes).toString('base64')).toBe(KERNEL_WASM_BASE64);
    expect(readFileSync(KERNEL_TS, 'utf8')).toBe(kernelModuleSource(bytes));
  });

  it('is valid WebAssembly SIMD on this runtime', () => {
    expect(hasWasmSimd()).toBe(true);
  });
});
