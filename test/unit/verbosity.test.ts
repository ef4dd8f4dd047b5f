// kubectl's verbosity flag as users type it (klog's -v/--v with a level), read into the one form commander parses.
import { Command } from '@commander-js/extra-typings';
import { kubectlVerbosity, verboseIn, verbosityLevel } from '../../src/verbosity.js';

const root = new Command('kubectl karmada-mcs').option('-n, --namespace <namespace>').option('-v, --verbose [level]');
root.command('status').argument('[NAME]');
root.command('probe').option('--expect-body <regex>').option('--dry-run [mode]');

test.each<[string[], string[]]>([
  [
    ['status', '-v=6'],
    ['status', '--verbose=6'],
  ],
  [
    ['status', '-v', '6'],
    ['status', '--verbose=6'],
  ],
  [
    ['status', '-v6'],
    ['status', '--verbose=6'],
  ],
  [
    ['status', '--v=6'],
    ['status', '--verbose=6'],
  ],
  [
    ['status', '--v', '6'],
    ['status', '--verbose=6'],
  ],
  [
    ['status', '--verbose'],
    ['status', '--verbose=1'],
  ],
  [
    ['status', '--verbose=0'],
    ['status', '--verbose=0'],
  ],
  // A bare -v takes the next word only when it is a level: a command or a name stays what it is.
  [
    ['-v', 'status'],
    ['--verbose=1', 'status'],
  ],
  [
    ['status', '-v', 'web'],
    ['status', '--verbose=1', 'web'],
  ],
  [
    ['status', 'web', '-v'],
    ['status', 'web', '--verbose=1'],
  ],
  // An invalid level is left for commander's parser to refuse.
  [
    ['status', '-v=x'],
    ['status', '--verbose=x'],
  ],
  // The value of a flag that takes one, and every word after --, are not verbosity.
  [
    ['probe', '--expect-body', '-v'],
    ['probe', '--expect-body', '-v'],
  ],
  [
    ['-n', '-v', 'status'],
    ['-n', '-v', 'status'],
  ],
  [
    ['probe', '--dry-run', '-v', '2'],
    ['probe', '--dry-run', '--verbose=2'],
  ],
  [
    ['status', '--', '-v', '6'],
    ['status', '--', '-v', '6'],
  ],
])('%j', (argv, args) => {
  expect(kubectlVerbosity(argv, root)).toEqual(args);
});

test.each<[string[], boolean]>([
  [['--verbose=1'], true],
  [['--verbose=6', 'status'], true],
  [['--verbose=0'], false],
  [['--verbose=6', '--verbose=0'], false],
  [['--verbose=x'], false],
  [['status'], false],
  [['--', '--verbose=6'], false],
])('verboseIn(%j) is %p', (args, verbose) => {
  expect(verboseIn(args)).toBe(verbose);
});

test('a level is a whole number, as klog reads it (a negative one as quiet as 0); anything else a usage error', () => {
  expect(verbosityLevel('0')).toBe(0);
  expect(verbosityLevel('10')).toBe(10);
  expect(verbosityLevel('-1')).toBe(-1);
  for (const text of ['', 'x', '1.5'])
    expect(() => verbosityLevel(text)).toThrow(
      expect.objectContaining({
        exitCode: 2,
        message: `invalid value "${text}" for -v: expected a verbosity level, a whole number such as 6`,
      }),
    );
});
