// Command-line options of the load clients: --name=value (or --name value), else the environment, else the
// default. Kinds: 'text' (as given), 'url' (ws:// or wss:// to a loopback host only), 'int' (whole number >= 1), 'count'
// (whole number >= 0), 'seconds' (number >= 0), or an array of allowed words. Bad options print the
// problem and the usage line on stderr and exit 2; --help prints the usage and exits 0.

/**
 * @param {string[]} argv the arguments after the script name
 * @param {Record<string, {env: string, fallback: any, kind: string | string[]}>} spec by option name (camelCase)
 * @param {string} program the script's name, for messages
 * @param {string} usageLine what --help prints
 */
export function parseOptions(argv, spec, program, usageLine) {
  const usage = (status, problem) => {
    if (problem) process.stderr.write(`${program}: ${problem}\n`);
    process.stderr.write(`usage: ${usageLine}\n`);
    process.exit(status);
  };
  const given = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') usage(0);
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) usage(2, `unknown argument ${arg}`);
    const name = m[1].replace(/-([a-z])/g, (_, c) => c.toUpperCase());
    if (!(name in spec)) usage(2, `unknown option --${m[1]}`);
    given[name] = m[2] !== undefined ? m[2] : argv[++i];
    if (given[name] === undefined) usage(2, `--${m[1]} needs a value`);
  }
  const result = {};
  for (const [name, { env, fallback, kind }] of Object.entries(spec)) {
    const text = given[name] ?? (process.env[env] || undefined);
    result[name] = text === undefined ? fallback : convert(name, String(text), kind, usage);
  }
  return result;
}

function convert(name, text, kind, usage) {
  if (kind === 'text') return text;
  if (Array.isArray(kind)) {
    if (!kind.includes(text)) usage(2, `--${name}: one of ${kind.join(', ')}, got ${text}`);
    return text;
  }
  if (kind === 'url') {
    let url;
    try { url = new URL(text); } catch { usage(2, `--${name}: not a URL: ${text}`); }
    if (!/^wss?:$/.test(url.protocol)) usage(2, `--${name}: expected ws:// or wss://, got ${text}`);
    if (!(url.hostname === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(url.hostname))) {
      usage(2, `--${name}: only loopback hosts (127.0.0.0/8, localhost) are allowed, got ${url.hostname}`);
    }
    return text;
  }
  const value = Number(text);
  const whole = kind === 'int' || kind === 'count';
  if (!Number.isFinite(value) || value < 0 || (whole && !Number.isInteger(value)) || (kind === 'int' && value < 1)) {
    usage(2, `--${name}: not a valid ${whole ? 'whole number' : 'number of seconds'}: ${text}`);
  }
  return value;
}
