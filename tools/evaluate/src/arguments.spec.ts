import { parseArguments, UsageError } from './arguments';

describe('parseArguments', () => {
  it('reads $FEEDBACK_DIR/decisions.csv as a report by default', () => {
    expect(parseArguments([], { FEEDBACK_DIR: '/data/feedback' })).toEqual({
      help: false,
      json: false,
      file: '/data/feedback/decisions.csv',
      options: {},
    });
  });

  it('falls back to var/feedback without FEEDBACK_DIR', () => {
    expect(parseArguments([], {}).file).toBe('var/feedback/decisions.csv');
    expect(parseArguments([], { FEEDBACK_DIR: '' }).file).toBe('var/feedback/decisions.csv');
  });

  it('takes a range, a precision, classes, a file and --json', () => {
    const args = parseArguments(
      [
        '--from',
        '2026-12-01',
        '--to=2026-12-02T12:00Z',
        '--precision',
        '0.9',
        '--classes',
        'Porn, Hentai,,Sexy',
        '--file',
        'elsewhere.csv',
        '--json',
      ],
      { FEEDBACK_DIR: '/ignored' },
    );
    expect(args).toEqual({
      help: false,
      json: true,
      file: 'elsewhere.csv',
      options: {
        from: '2026-12-01',
        to: '2026-12-02T12:00Z',
        precision: 0.9,
        unsafeClasses: ['Porn', 'Hentai', 'Sexy'],
      },
    });
  });

  it('accepts a precision of exactly 1', () => {
    expect(parseArguments(['--precision', '1'], {}).options.precision).toBe(1);
  });

  it.each([
    [['--precision', '1.5'], /--precision must be above 0 and at most 1, such as 0.95, not "1.5"/],
    [['--precision', '0'], /--precision must be above 0/],
    [['--precision', 'high'], /not "high"/],
    [['--precision', ''], /--precision must be/],
    [['--from', '2026-02-30'], /--from must be a day \(YYYY-MM-DD\) or an ISO 8601 time/],
    [['--to', 'yesterday'], /--to must be a day/],
    [['--from', '2026-12-03', '--to', '2026-12-02'], /--from \(2026-12-03\) is after to/],
    [['--classes', ' , '], /--classes needs at least one class/],
    [['--model', 'x'], /Unknown option '--model'/],
    [['decisions.csv'], /Unexpected argument 'decisions.csv'/],
    [['--from'], /argument missing/],
  ])('refuses %j', (argv, message) => {
    expect(() => parseArguments(argv, {})).toThrow(UsageError);
    expect(() => parseArguments(argv, {})).toThrow(message);
  });

  it('asks for help with -h or --help', () => {
    expect(parseArguments(['-h'], {}).help).toBe(true);
    expect(parseArguments(['--help'], {}).help).toBe(true);
  });
});
