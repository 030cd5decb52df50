import { AllocationError } from '../../../errors';

// Messages onnxruntime (CPU arena, CUDA, WebGPU/Dawn) and V8 use when memory runs out.
const ALLOCATION_PATTERNS = [
  /bad_alloc/i,
  /failed to allocate/i,
  /out of memory/i,
  /\bOOM\b/,
  /Array buffer allocation failed/i,
  /Invalid typed array length/i,
  /cudaErrorMemoryAllocation/i,
];

/** Whether an error thrown by a session run (or a host buffer allocation) means memory ran out. */
export function isAllocationFailure(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return ALLOCATION_PATTERNS.some((pattern) => pattern.test(message));
}

/** Runs `work`; a memory failure becomes a retryable AllocationError for a batch of `batchSize`. */
export async function guardAllocation<T>(batchSize: number, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isAllocationFailure(error)) {
      throw new AllocationError(batchSize, error);
    }
    throw error;
  }
}
