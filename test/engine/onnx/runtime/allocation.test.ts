import { AllocationError } from '../../../../src/errors';
import { guardAllocation, isAllocationFailure } from '../../../../src/engine/onnx/runtime/allocation';

describe('allocation failures', () => {
  it('recognizes the messages onnxruntime and V8 use when memory runs out', () => {
    expect(
      isAllocationFailure(new Error('[ONNXRuntimeError] : 6 : RUNTIME_EXCEPTION : std::bad_alloc')),
    ).toBe(true);
    expect(isAllocationFailure(new Error('Failed to allocate memory for requested buffer of size 123'))).toBe(
      true,
    );
    expect(isAllocationFailure(new RangeError('Array buffer allocation failed'))).toBe(true);
    expect(isAllocationFailure(new Error('Invalid input name: foo'))).toBe(false);
  });

  it('turns them into a retryable AllocationError and lets other errors through', async () => {
    const oom = guardAllocation(8, () => Promise.reject(new Error('std::bad_alloc')));
    await expect(oom).rejects.toBeInstanceOf(AllocationError);
    await expect(oom).rejects.toMatchObject({ code: 'ALLOCATION', retryable: true });
    await expect(guardAllocation(8, () => Promise.reject(new Error('shape mismatch')))).rejects.toThrow(
      'shape mismatch',
    );
    await expect(guardAllocation(8, () => Promise.resolve(42))).resolves.toBe(42);
  });
});
