import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { answersPing } from '@moderation/embedded-redis';
import { csvRows, getJson, workspaceRoot } from '@moderation/testing';
import { isAlive, processesMentioning } from './processes';
import { freePort, pollUntil } from '@moderation/processes';

/** The README's start command, run as a developer runs it, in a terminal of its own. */
function npmStart(env: Record<string, string>) {
  const child = spawn('npm', ['start'], {
    cwd: workspaceRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group, like a terminal's foreground job: Ctrl-C goes to the whole group.
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    group: child.pid ?? -1,
    exited,
    running: () => child.exitCode === null && child.signalCode === null,
    output: () => output,
  };
}

/**
 * Rows of the feedback CSV. The gateway's e2e support has the same helper, but one project's tests
 * may not import another's.
 */
const entities: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#x27;': "'",
  '&#x60;': '`',
  '&#x3D;': '=',
};

function attribute(tag: string, name: string): string | undefined {
  const value = new RegExp(`\\s${name}=(?:'([^']*)'|"([^"]*)")`).exec(tag);
  if (!value) return undefined;
  return (value[1] ?? value[2]).replace(/&(?:amp|lt|gt|quot|#x27|#x60|#x3D);/g, (e) => entities[e]);
}

/** What a browser would send from the page's feedback form: its hidden fields and its class menu. */
function feedbackForm(html: string): { fields: Record<string, string>; choices: string[] } {
  const form = /<form[^>]*id=['"]feedback-form['"][\s\S]*?<\/form>/.exec(html)?.[0];
  if (!form) throw new Error(`no feedback form on the page:\n${html}`);
  const fields: Record<string, string> = {};
  for (const [tag] of form.matchAll(/<input\b[^>]*>/g)) {
    const name = attribute(tag, 'name');
    if (attribute(tag, 'type') === 'hidden' && name) fields[name] = attribute(tag, 'value') ?? '';
  }
  const menu = /<select[^>]*name=['"]correctLabel['"][\s\S]*?<\/select>/.exec(form)?.[0] ?? '';
  const choices = [...menu.matchAll(/<option\b[^>]*>/g)].map(
    ([tag]) => attribute(tag, 'value') ?? '',
  );
  return { fields, choices };
}

/** A browser's request: it asks for HTML and follows the redirects. */
async function browse(url: string, init: RequestInit) {
  const response = await fetch(url, {
    ...init,
    headers: { accept: 'text/html,application/xhtml+xml', ...init.headers },
    signal: AbortSignal.timeout(30_000),
  });
  return { status: response.status, url: response.url, html: await response.text() };
}

describe('npm start (the README)', () => {
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'npm-start-e2e-'));
  });

  afterEach(() => {
    // Whatever a failed run left: every process it spawned carries the temp folder in its env.
    for (const pid of processesMentioning(dir, 'environ')) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('classifies and records reports from the page, and Ctrl-C stops everything', async () => {
    const port = await freePort();
    const redisPort = await freePort();
    const feedbackDir = join(dir, 'feedback');
    const start = npmStart({
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? dir,
      PORT: String(port),
      HOST: '127.0.0.1',
      EMBEDDED_REDIS_PORT: String(redisPort),
      EMBEDDED_REDIS_DIR: join(dir, 'redis'),
      UPLOAD_DIR: join(dir, 'uploads'),
      FEEDBACK_DIR: feedbackDir,
      WORKER_HEALTH_PORT: '0',
      // No Nx daemon: it would outlive the run, and nothing here may.
      NX_DAEMON: 'false',
    });
    const base = `http://127.0.0.1:${port}`;
    try {
      await pollUntil(
        async () => start.output(),
        (text) => /\[launcher\] ready/.test(text) || !start.running(),
        { timeoutMs: 240_000, intervalMs: 250 },
      );
      expect(start.output()).toMatch(/\[launcher\] ready: http:\/\/localhost:\d+\//);
      await pollUntil(
        () => getJson(`${base}/health`),
        (health) => health.status === 200,
        { timeoutMs: 90_000, intervalMs: 500 },
      );

      const photo = new Blob(
        [new Uint8Array(readFileSync(join(workspaceRoot, 'fixtures/images/chelsea.png')))],
        { type: 'image/png' },
      );
      const api = new FormData();
      api.append('file', photo, 'chelsea.png');
      const predicted = await fetch(`${base}/predict`, { method: 'POST', body: api });
      const answer = (await predicted.json()) as Record<string, unknown>;
      expect(predicted.status).toBe(200);
      expect(answer).toMatchObject({ success: true, prediction: expect.any(String) });

      const upload = new FormData();
      upload.append('file', photo, 'chelsea.png');
      const page = await browse(`${base}/`, { method: 'POST', body: upload });
      expect(page.status).toBe(200);
      expect(page.html).toContain('Predicted class:');
      const { fields, choices } = feedbackForm(page.html);
      expect(fields).toMatchObject({
        filename: expect.any(String),
        prediction: expect.any(String),
      });
      expect(choices[0]).toBe('');
      expect(choices).toContain(answer.prediction);

      for (const choice of choices) {
        const comment = `e2e report: ${choice || 'not sure'}`;
        const reported = await browse(`${base}/feedback`, {
          method: 'POST',
          body: new URLSearchParams({ ...fields, correctLabel: choice, comment }),
        });
        expect({ choice, status: reported.status }).toEqual({ choice, status: 200 });
        expect(reported.html).toContain('Thank you: your report was recorded.');
        expect(reported.html).toContain('Predicted class:');
      }

      const csv = join(feedbackDir, 'feedback.csv');
      const rows = await pollUntil(
        () => csvRows(existsSync(csv) ? readFileSync(csv, 'utf8') : ''),
        (found) => found.length >= choices.length,
        { timeoutMs: 30_000 },
      );
      expect(rows).toHaveLength(choices.length);
      expect(rows.map((row) => row.correct_label).sort()).toEqual([...choices].sort());
      for (const row of rows) {
        expect(row).toMatchObject({ stored_name: fields.filename, prediction: fields.prediction });
        expect(row.comment).toBe(`e2e report: ${row.correct_label || 'not sure'}`);
      }

      const apps = [...start.output().matchAll(/started \(pid (\d+)\)/g)].map((m) => Number(m[1]));
      expect(apps).toHaveLength(2);
      // Ctrl-C in a terminal: SIGINT to every process of the foreground group.
      process.kill(-start.group, 'SIGINT');
      await start.exited;
      const left = await pollUntil(
        async () => [
          ...processesMentioning(dir, 'environ'),
          ...processesMentioning(dir),
          ...processesMentioning(`127.0.0.1:${redisPort}`),
          ...apps.filter(isAlive),
        ],
        (pids) => pids.length === 0,
        { timeoutMs: 45_000, intervalMs: 250 },
      );
      expect(left).toEqual([]);
      expect(start.output()).toContain('[launcher] stopped');
      expect(await answersPing(redisPort)).toBe(false);
      await expect(fetch(`${base}/health`)).rejects.toThrow();
    } finally {
      if (start.running()) {
        process.kill(-start.group, 'SIGINT');
        await Promise.race([start.exited, new Promise((resolve) => setTimeout(resolve, 40_000))]);
      }
    }
  }, 420_000);
});
