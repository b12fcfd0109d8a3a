import { describe, expect, it } from 'vitest';
import {
  describeLength,
  formatLength,
  formatSize,
  formatViews,
  languageName,
  snippetParts,
} from './format';

describe('resource lengths', () => {
  it.each([
    [42, '42 sec'],
    [90, '2 min'],
    [360, '6 min'],
    [3600, '1 h'],
    [3900, '1 h 5 min'],
  ])('%s seconds is "%s"', (seconds, text) => expect(formatLength(seconds)).toBe(text));

  it('says listen, watch or read by type, and pages for a PDF', () => {
    expect(describeLength({ type: 'audio', duration_seconds: 300 })).toBe('5 min listen');
    expect(describeLength({ type: 'video', duration_seconds: 120 })).toBe('2 min watch');
    expect(describeLength({ type: 'article', duration_seconds: 240 })).toBe('4 min read');
    expect(describeLength({ type: 'pdf', pages: 12 })).toBe('12 pages');
    expect(describeLength({ type: 'pdf', pages: 1 })).toBe('1 page');
    expect(describeLength({ type: 'link', duration_seconds: null, pages: null })).toBeNull();
  });

  it('counts views and sizes', () => {
    expect(formatViews(1)).toBe('1 view');
    expect(formatViews(2345)).toBe('2,345 views');
    expect(formatSize(512)).toBe('512 bytes');
    expect(formatSize(340 * 1024)).toBe('340 KB');
    expect(formatSize(1.25 * 1024 * 1024)).toBe('1.3 MB');
  });
});

describe('search snippets', () => {
  it('splits the highlighted words from the rest', () => {
    expect(snippetParts('Slow <mark>breathing</mark> helps when <mark>breathe</mark>')).toEqual([
      { text: 'Slow ', match: false },
      { text: 'breathing', match: true },
      { text: ' helps when ', match: false },
      { text: 'breathe', match: true },
    ]);
  });

  it('shows escaped markup as the characters it stands for, never as HTML', () => {
    const parts = snippetParts('&lt;img src=x onerror=alert(1)&gt; &amp; <mark>calm</mark>');
    expect(parts[0]).toEqual({ text: '<img src=x onerror=alert(1)> & ', match: false });
    expect(parts[1]).toEqual({ text: 'calm', match: true });
  });

  it('names languages by their code', () => {
    expect(languageName('en')).toBe('English');
    expect(languageName('ES')).toBe('Español');
    expect(languageName('xx')).toBe('xx');
  });

  it('copes with an unclosed or missing marker', () => {
    expect(snippetParts('no matches here')).toEqual([{ text: 'no matches here', match: false }]);
    expect(snippetParts('a <mark>b')).toEqual([
      { text: 'a ', match: false },
      { text: 'b', match: true },
    ]);
  });
});
