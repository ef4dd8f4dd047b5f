// --request-timeout as client-go's clientcmd.ParseTimeout reads it: a bare non-negative integer is seconds,
// else a Go duration; 0 is no timeout.
import { parseRequestTimeout } from '../../src/duration.js';

test.each<[string, number]>([
  ['0', 0],
  ['5', 5000],
  ['30s', 30_000],
  ['1m30s', 90_000],
  ['500ms', 500],
  ['1.5s', 1500],
  ['0s', 0],
])('%p', (text, ms) => {
  expect(parseRequestTimeout(text)).toBe(ms);
});

test.each(['soon', '-1', '5x', ''])("%p is refused in kubectl's words", (text) => {
  expect(() => parseRequestTimeout(text)).toThrow(/a timeout must be a single integer in seconds/);
});
