// `preview:web` options: --port N / --port=N, with readable errors for anything else.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREVIEW_PORT, parsePreviewArgs } from '../../electron/preview/args';

describe('parsePreviewArgs', () => {
  it('defaults the port and accepts both spellings', () => {
    expect(parsePreviewArgs([])).toEqual({ port: DEFAULT_PREVIEW_PORT });
    expect(parsePreviewArgs(['--port', '6001'])).toEqual({ port: 6001 });
    expect(parsePreviewArgs(['--port=6002'])).toEqual({ port: 6002 });
  });

  it.each([['--port', 'abc'], ['--port', '0'], ['--port', '70000'], ['--port'], ['--host', 'x']])(
    'refuses %s %s',
    (...argv) => {
      expect(() => parsePreviewArgs(argv)).toThrow(/port|Unknown option/);
    },
  );
});
