/**
 * The kernels' thread cap (src/core/linalg/threadLimit.ts): inside withKernelThreads(t, …) the
 * eigenvalue kernel is asked for t threads, outside it for none in particular (all), and the cap
 * is restored when the job throws.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  eigvalsKernelName,
  eigvalsSym,
  eigvalsSymTs,
  setEigvalsKernel,
  type EigvalsKernel,
} from '../../../src/core/linalg/eigSym';
import { activeGemmKernel, gemmKernelName, setGemmKernel } from '../../../src/core/linalg/gemm';
import {
  kernelThreadLimit,
  kernelThreads,
  withKernelThreads,
} from '../../../src/core/linalg/threadLimit';

const before = { name: eigvalsKernelName() };
const gemmBefore = activeGemmKernel();
afterEach(() => {
  setEigvalsKernel(before.name, eigvalsSymTs);
  setGemmKernel(gemmBefore.name, gemmBefore.kernel);
});

describe('kernel thread cap', () => {
  it('names the kernel with the threads it runs on under the cap', () => {
    setEigvalsKernel('wasm-simd-householder-ql ×4 threads', eigvalsSymTs);
    expect(eigvalsKernelName()).toBe('wasm-simd-householder-ql ×4 threads');
    expect(withKernelThreads(1, eigvalsKernelName)).toBe('wasm-simd-householder-ql');
    expect(withKernelThreads(2, eigvalsKernelName)).toBe('wasm-simd-householder-ql ×2 threads');
    expect(withKernelThreads(8, eigvalsKernelName)).toBe('wasm-simd-householder-ql ×4 threads');
    setEigvalsKernel('wasm-simd-householder-ql', eigvalsSymTs);
    expect(withKernelThreads(1, eigvalsKernelName)).toBe('wasm-simd-householder-ql');
  });

  it('names the matrix product the same way (a capped product runs on the one-thread build)', () => {
    setGemmKernel('wasm-simd-blocked ×2 threads', gemmBefore.kernel);
    expect(gemmKernelName()).toBe('wasm-simd-blocked ×2 threads');
    expect(withKernelThreads(1, gemmKernelName)).toBe('wasm-simd-blocked');
    expect(withKernelThreads(4, gemmKernelName)).toBe('wasm-simd-blocked ×2 threads');
    expect([kernelThreads('wasm-simd-blocked ×2 threads'), kernelThreads('ts-blocked')]).toEqual([
      2, 1,
    ]);
  });

  it('passes the cap to the eigenvalue kernel only inside withKernelThreads', () => {
    const asked: (number | undefined)[] = [];
    const spy: EigvalsKernel = (a, n, options) => {
      asked.push((options as { threads?: number } | undefined)?.threads);
      return eigvalsSymTs(a, n);
    };
    setEigvalsKernel('spy', spy);
    const a = Float64Array.from([2, 1, 1, 3]);
    eigvalsSym(a, 2);
    const inside = withKernelThreads(1, () => eigvalsSym(a, 2));
    withKernelThreads(2.7, () => eigvalsSym(a, 2));
    eigvalsSym(a, 2);
    expect(asked).toStrictEqual([undefined, 1, 2, undefined]);
    expect(Array.from(inside)).toStrictEqual(Array.from(eigvalsSymTs(a, 2)));
  });

  it('restores the cap when the job throws, and nests', () => {
    expect(kernelThreadLimit()).toBe(Infinity);
    expect(() =>
      withKernelThreads(1, () => {
        throw new Error('job failed');
      }),
    ).toThrow('job failed');
    expect(kernelThreadLimit()).toBe(Infinity);
    withKernelThreads(3, () => {
      withKernelThreads(1, () => expect(kernelThreadLimit()).toBe(1));
      expect(kernelThreadLimit()).toBe(3);
    });
  });
});
