/**
 * A helper thread of a threaded kernel (the eigenvalues, src/core/linalg/eigWasm.ts, or the
 * matrix products, src/core/linalg/gemmWasm.ts), started by a GN worker on a cross-origin
 * isolated page: it receives the compiled module and the shared memory, says it runs, and
 * serves the module's helperLoop until the kernel lets it go.
 */
import { runEigenHelper } from '../src/core/linalg/eigWasm';

interface HelperStart {
  module: object;
  memory: object;
  t: number;
}

self.onmessage = (event: MessageEvent<HelperStart>) => {
  const { module, memory, t } = event.data;
  self.postMessage('running');
  runEigenHelper(module, memory, t);
};
