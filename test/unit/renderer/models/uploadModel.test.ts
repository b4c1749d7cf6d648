import { describe, expect, it } from 'vitest';
import { uploadProblem } from '../../../../renderer/models/uploadModel.js';

describe('a picked model file', () => {
  it('goes as it is when its name is a plain .onnx file name and its size fits', () => {
    expect(uploadProblem('my_classifier-2.onnx', 1_000)).toBeNull();
  });

  it('is refused before sending when empty, too large or oddly named', () => {
    expect(uploadProblem('mine.onnx', 0)).toBe('mine.onnx is empty');
    expect(uploadProblem('mine.onnx', 64 * 1024 * 1024 + 1)).toBe('mine.onnx is larger than 64 MiB');
    expect(uploadProblem('my model.onnx', 10)).toMatch(/^my model\.onnx: a file name like pump\.onnx/);
    expect(uploadProblem('weights.pt', 10)).toMatch(/^weights\.pt: /);
  });
});
