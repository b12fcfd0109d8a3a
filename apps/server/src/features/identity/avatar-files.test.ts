import { describe, expect, it } from 'vitest';
import { sniffImageType } from './avatar-files';

const bytes = (...values: number[]) => Uint8Array.from(values);
const text = (value: string) => new TextEncoder().encode(value);

describe('sniffImageType', () => {
  it.each([
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10), 'image/jpeg'],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'image/png'],
    ['GIF87a', text('GIF87a....'), 'image/gif'],
    ['GIF89a', text('GIF89a....'), 'image/gif'],
    ['PDF', text('%PDF-1.7'), undefined],
    ['SVG', text('<svg xmlns="http://www.w3.org/2000/svg"/>'), undefined],
    ['HTML', text('<!doctype html>'), undefined],
    ['truncated PNG', bytes(0x89, 0x50, 0x4e), undefined],
    ['GIF88a (not a GIF)', text('GIF88a'), undefined],
    ['empty', bytes(), undefined],
  ])('%s → %s', (_name, input, expected) => {
    expect(sniffImageType(input)).toBe(expected);
  });
});
