#!/usr/bin/env node
/**
 * `npm run bench` (which builds first): measures the built CLI against the targets of
 * issue 6 and prints one table. `--quick` runs the same measurements on small inputs
 * (well under a minute); its pass/fail is reported but never fails the process.
 *
 *   node bench/run.mjs [--quick] [--runs N] [--only startup,validate,send,latency,newman,xlsx,copy,download,status] [--keep]
 *
 * Every input is generated here, deterministically (Korean names, 11 columns), under
 * a temporary folder that is removed at the end (`--keep` keeps it). Each measurement
 * is repeated `runs` times, and the repetitions are interleaved: run 1 of every figure
 * in a group, then run 2 of every figure, … so that a ratio compares two runs made at
 * the same moment (this machine is shared; absolute figures wander, ratios much less).
 * Ratios are the median of the per-run ratios.
 *
 * Every command runs as its own process, from a cold start. The emulator runs in a
 * process of its own (`esignon-bulk emulator --port 0`), reset between runs. Peak RSS
 * is the kernel's maximum resident set size of the measured process, read with
 * GNU `/usr/bin/time -f %M` when it is there, else by a preload (`--import`) that
 * writes `process.resourceUsage().maxRSS` on exit.
 */
import { spawn, spawnSync } from 'node:child_process';
import http from 'node:http';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'bin', 'esignon-bulk.js');
const NEWMAN = join(ROOT, 'node_modules', 'newman', 'bin', 'newman.js');
const COLLECTION = join(ROOT, 'bench', 'newman-1410Q.postman_collection.json');

// ------------------------------------------------------------------ options

const argv = process.argv.slice(2);
const QUICK = argv.includes('--quick');
const KEEP = argv.includes('--keep');
const optionValue = (name) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith(`${name}=`))?.slice(name.length + 1);
};
const GROUPS = ['startup', 'validate', 'send', 'latency', 'newman', 'xlsx', 'copy', 'download', 'status'];
const only = optionValue('--only')?.split(',') ?? GROUPS;
for (const g of only) if (!GROUPS.includes(g)) usage(`unknown group "${g}" (groups: ${GROUPS.join(', ')})`);

/** Sizes of the full run (the issue's) and of the quick one. */
const N = QUICK
  ? { validateBig: 50_000, validateSmall: 5_000, sendBig: 10_000, sendSmall: 2_000, latency: 2_000, newman: 50, download: 200, status: 2_000 }
  : { validateBig: 1_000_000, validateSmall: 100_000, sendBig: 1_000_000, sendSmall: 100_000, latency: 20_000, newman: 2_000, download: 1_000, status: 10_000 };
const RUNS = Number(optionValue('--runs') ?? (QUICK ? 2 : 3));
const STARTUP_RUNS = QUICK ? 5 : 15;
const NEWMAN_RUNS = QUICK ? 1 : RUNS;
if (!Number.isInteger(RUNS) || RUNS < 1) usage('--runs must be a positive integer');
const BATCH = 50;
const CONCURRENCY = 4;
const LATENCY_MS = 20;
const NEWMAN_LATENCY_MS = 5;

function usage(message) {
  process.stderr.write(`bench: ${message}\nusage: node bench/run.mjs [--quick] [--runs N] [--only ${GROUPS.join(',')}] [--keep]\n`);
  process.exit(2);
}

// ------------------------------------------------------------------ inputs

const HEADER =
  'name,email,language,enable_mobile_cert,mobile_number,enable_password_cert,password,field:amount,field:start_date,field:department,field:position';
const FAMILY = ['김', '이', '박', '최', '정', '강', '조', '윤', '장', '임', '한', '오', '서', '신', '권', '황', '안', '송', '류', '홍'];
const SYLLABLES = ['민', '서', '도', '하', '지', '예', '주', '윤', '수', '현', '우', '은', '준', '영', '진', '혜', '성', '태', '재', '아', '연', '호', '빈', '린', '율'];
const LANGUAGES = ['ko', 'ko-KR', 'en', 'ko', 'ja'];
const DEPARTMENTS = ['영업부', '인사부', '개발부', '재무부', '법무팀', '마케팅팀'];
const POSITIONS = ['사원', '대리', '과장', '차장', '부장'];

/** Row i (1-based) of every generated file: valid, each contact unique, the same bytes every time. */
function signerRow(i) {
  const name = FAMILY[i % 20] + SYLLABLES[(i * 7) % 25] + SYLLABLES[(i * 13 + 3) % 25];
  const mobileCert = i % 3 === 0;
  const passwordCert = i % 4 === 0;
  const m = String(10_000_000 + ((i * 7919) % 90_000_000));
  const mobile = mobileCert || i % 2 === 0 ? `010-${m.slice(0, 4)}-${m.slice(4)}` : '';
  const month = String(1 + (i % 12)).padStart(2, '0');
  const day = String(1 + (i % 28)).padStart(2, '0');
  return (
    `${name},signer${i}@example.co.kr,${LANGUAGES[i % 5]},${mobileCert ? 'Y' : 'N'},${mobile},` +
    `${passwordCert ? 'true' : 'false'},${passwordCert ? `pw-${i}` : ''},${30_000_000 + ((i * 104_729) % 50_000_000)},` +
    `2027-${month}-${day},${DEPARTMENTS[i % 6]},${POSITIONS[i % 5]}\n`
  );
}

function writeSigners(path, n) {
  const fd = openSync(path, 'w');
  try {
    let buffer = `${HEADER}\n`;
    for (let i = 1; i <= n; i++) {
      buffer += signerRow(i);
      if (buffer.length > 1 << 20) {
        writeSync(fd, buffer);
        buffer = '';
      }
    }
    writeSync(fd, buffer);
  } finally {
    closeSync(fd);
  }
  return path;
}

// ------------------------------------------------------------------ processes

const TIME = '/usr/bin/time';
const RSS_METHOD = (() => {
  if (process.platform !== 'linux' || !existsSync(TIME)) return 'preload';
  // GNU time: `-f %M` is the peak RSS in KiB. (BusyBox and BSD time spell it differently.)
  const probe = spawnSync(TIME, ['-f', '%M', process.execPath, '-e', '0'], { encoding: 'utf8' });
  return probe.status === 0 && /^\d+\s*$/m.test(probe.stderr) ? 'time' : 'preload';
})();

let work; // the temporary folder
const loneAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });
let sequence = 0;

/**
 * Runs `node <args>` to completion. Returns its exit code, wall time (ms), output and,
 * with `rss`, its peak resident set size (MB).
 */
function runNode(args, { env = {}, cwd = work, rss = false, timeoutMs = 30 * 60_000 } = {}) {
  const id = ++sequence;
  const rssFile = join(work, `rss-${id}.txt`);
  let command = process.execPath;
  let commandArgs = args;
  if (rss && RSS_METHOD === 'time') {
    command = TIME;
    commandArgs = ['-f', '%U %S %M', '-o', rssFile, process.execPath, ...args];
  } else if (rss) {
    commandArgs = ['--import', pathToFileURL(join(work, 'maxrss.mjs')).href, ...args];
    env = { ...env, BENCH_MAXRSS_FILE: rssFile };
  }
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, commandArgs, { cwd, env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout = keepTail(stdout + d)));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr = keepTail(stderr + d)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const wall = Number(process.hrtime.bigint() - started) / 1e6;
      clearTimeout(timer);
      let rssMb;
      let cpuS;
      if (rss) {
        // "user system maxRSS": CPU seconds, then KiB.
        const text = existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : '';
        const m = /([\d.]+) ([\d.]+) (\d+)\s*$/.exec(text.trim());
        const kb = Number(m?.[3]);
        rssMb = Number.isFinite(kb) && kb > 0 ? kb / 1024 : undefined;
        cpuS = m ? Number(m[1]) + Number(m[2]) : undefined;
      }
      resolve({ code, signal, wall, rssMb, cpuS, stdout, stderr });
    });
  });
}

function keepTail(text) {
  return text.length > 200_000 ? text.slice(-100_000) : text;
}

function cleanEnv(extra) {
  const env = {
    PATH: process.env.PATH,
    HOME: work,
    XDG_CONFIG_HOME: join(work, 'config'),
    TMPDIR: work,
    LANG: 'C',
    NO_COLOR: '1',
    CI: 'true',
  };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) env[k] = v;
  return env;
}

function check(result, what) {
  if (result.code !== 0) {
    throw new Error(`${what} exited with ${result.code ?? result.signal}\n--- stderr (end)\n${result.stderr.slice(-3000)}\n--- stdout (end)\n${result.stdout.slice(-2000)}`);
  }
  return result;
}

// ------------------------------------------------------------------ the emulator

async function startEmulator() {
  const child = spawn(process.execPath, [BIN, 'emulator', '--port', '0'], { cwd: work, env: cleanEnv({}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr = keepTail(stderr + d)));
  const url = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line).url);
    });
    child.once('exit', (code) => reject(new Error(`the emulator exited (${code}) before listening:\n${stderr}`)));
  });
  const control = async (path, body) => {
    const res = await fetch(`${url}/__emulator/${path}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
    if (!res.ok) throw new Error(`emulator ${path}: HTTP ${res.status} ${await res.text()}`);
  };
  return {
    url,
    /** Forget every document (a million of them is memory) and set the latency. */
    async reset(latencyMs) {
      await control('reset');
      await control('faults', { latency_ms: latencyMs });
    },
    env: {
      ESIGNON_API_URL: url,
      ESIGNON_TOKEN: 'sandbox-token',
      ESIGNON_COMP_ID: 'sandbox',
      ESIGNON_MEMB_EMAIL: 'sender@sandbox.esignon.test',
      ESIGNON_WORKFLOW_LIB_ID: 'SANDBOX-BULK-1',
      ESIGNON_DOC_ID: 'SANDBOX-DOC-1',
    },
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

// ------------------------------------------------------------------ figures

/** name → { values[], unit, target?, pass?(median) } in the order they were first recorded. */
const figures = new Map();
function record(name, value, unit, digits = 0) {
  if (!figures.has(name)) figures.set(name, { values: [], unit, digits });
  figures.get(name).values.push(value);
}
function target(name, text, test) {
  const f = figures.get(name);
  if (f) Object.assign(f, { target: text, test });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function progress(line) {
  process.stderr.write(`bench: ${line}\n`);
}

async function sendRun(emu, file, latencyMs, { rss = false } = {}) {
  await emu.reset(latencyMs);
  const out = join(work, `results-${++sequence}.csv`);
  const r = check(
    // --again: the same file to the emulator, reset, once a repetition — on purpose (the record of runs would refuse it).
    await runNode([BIN, 'send', file, '--yes', '--quiet', '--again', '--out', out, '--batch-size', String(BATCH), '--concurrency', String(CONCURRENCY)], {
      env: emu.env,
      rss,
    }),
    `send ${file}`,
  );
  const phase = sendPhaseMs(`${out}.journal`);
  rmSync(out, { force: true });
  rmSync(`${out}.journal`, { force: true });
  return { ...r, phase };
}

/**
 * The sending phase as the journal saw it: from the first batch's in-flight record
 * (stamped before it is written, so every fsync counts) to the run's end record.
 */
function sendPhaseMs(journalPath) {
  const lines = readFileSync(journalPath, 'utf8').split('\n');
  const first = lines.find((l) => l.startsWith('{"t":"inflight"'));
  const end = lines.findLast((l) => l.startsWith('{"t":"end"'));
  if (!first || !end) throw new Error(`${journalPath}: no in-flight or end record`);
  return Date.parse(JSON.parse(end).at) - Date.parse(JSON.parse(first).at);
}

// ------------------------------------------------------------------ the groups

async function startup() {
  progress(`start-up: node -e 0, --version, --help × ${STARTUP_RUNS}`);
  for (let i = 0; i < STARTUP_RUNS; i++) {
    const base = check(await runNode(['-e', '0']), 'node -e 0').wall;
    const version = check(await runNode([BIN, '--version']), '--version').wall;
    const help = check(await runNode([BIN, '--help']), '--help').wall;
    record('node -e 0 (ms)', base, 'ms');
    record('esignon-bulk --version (ms)', version, 'ms');
    record('esignon-bulk --help (ms)', help, 'ms');
    record('--version ÷ node -e 0', version / base, '×', 2);
    record('--help ÷ node -e 0', help / base, '×', 2);
  }
  target('--version ÷ node -e 0', '≤ 2', (m) => m <= 2);
  target('--help ÷ node -e 0', '≤ 2', (m) => m <= 2);
}

async function validate(files) {
  const csvParse = import.meta.resolve('csv-parse');
  const bare = join(work, 'bare-csv-parse.mjs');
  writeFileSync(
    bare,
    `import { createReadStream } from 'node:fs';\nimport { parse } from ${JSON.stringify(csvParse)};\n` +
      `let n = 0;\nfor await (const record of createReadStream(process.argv[2]).pipe(parse({ columns: true }))) n++;\nconsole.log(n);\n`,
  );
  const big = N.validateBig;
  const small = N.validateSmall;
  progress(`validate: ${fmtN(big)} rows (vs bare csv-parse) and ${fmtN(small)} rows × ${RUNS}`);
  const env = { ESIGNON_DOC_ID: 'SANDBOX-DOC-1' };
  for (let i = 0; i < RUNS; i++) {
    const b = check(await runNode([bare, files.validateBig]), 'bare csv-parse');
    if (Number(b.stdout.trim()) !== big) throw new Error(`bare csv-parse counted ${b.stdout.trim()} rows, not ${big}`);
    const v = check(await runNode([BIN, 'validate', files.validateBig, '--quiet'], { env, rss: true }), 'validate (big)');
    const s = check(await runNode([BIN, 'validate', files.validateSmall, '--quiet'], { env, rss: true }), 'validate (small)');
    record(`bare csv-parse, columns: true, ${fmtN(big)} rows (rows/s)`, big / (b.wall / 1000), 'rows/s');
    record(`validate ${fmtN(big)} rows (rows/s)`, big / (v.wall / 1000), 'rows/s');
    record('validate ÷ bare csv-parse throughput', b.wall / v.wall, '×', 2);
    record(`validate peak RSS, ${fmtN(small)} rows (MB)`, s.rssMb, 'MB', 1);
    record(`validate peak RSS, ${fmtN(big)} rows (MB)`, v.rssMb, 'MB', 1);
    record(`validate peak RSS ${fmtN(big)} ÷ ${fmtN(small)}`, v.rssMb / s.rssMb, '×', 2);
  }
  target('validate ÷ bare csv-parse throughput', '≥ 0.6', (m) => m >= 0.6);
  target(`validate peak RSS, ${fmtN(big)} rows (MB)`, '< 200', (m) => m < 200);
  target(`validate peak RSS ${fmtN(big)} ÷ ${fmtN(small)}`, '≤ 1.3', (m) => m <= 1.3);
}

async function send(emu, files) {
  const big = N.sendBig;
  const small = N.sendSmall;
  progress(`send (0 ms latency, batch ${BATCH}, concurrency ${CONCURRENCY}): ${fmtN(small)} and ${fmtN(big)} rows × ${RUNS}`);
  for (let i = 0; i < RUNS; i++) {
    const s = await sendRun(emu, files.sendSmall, 0, { rss: true });
    const b = await sendRun(emu, files.sendBig, 0, { rss: true });
    record(`send ${fmtN(small)} rows, whole process (signers/s)`, small / (s.wall / 1000), 'signers/s');
    record(`send ${fmtN(big)} rows, whole process (signers/s)`, big / (b.wall / 1000), 'signers/s');
    record(`send peak RSS, ${fmtN(small)} rows (MB)`, s.rssMb, 'MB', 1);
    record(`send peak RSS, ${fmtN(big)} rows (MB)`, b.rssMb, 'MB', 1);
    record(`send peak RSS ${fmtN(big)} ÷ ${fmtN(small)}`, b.rssMb / s.rssMb, '×', 2);
  }
  target(`send ${fmtN(small)} rows, whole process (signers/s)`, '≥ 5,000', (m) => m >= 5000);
  target(`send peak RSS, ${fmtN(big)} rows (MB)`, '< 200', (m) => m < 200);
  target(`send peak RSS ${fmtN(big)} ÷ ${fmtN(small)}`, '≤ 1.3', (m) => m <= 1.3);
}

async function latency(emu, files) {
  const n = N.latency;
  const bound = Math.ceil(n / (BATCH * CONCURRENCY)) * LATENCY_MS;
  progress(`send with ${LATENCY_MS} ms latency: ${fmtN(n)} rows × ${RUNS} (bound ${bound} ms)`);
  for (let i = 0; i < RUNS; i++) {
    const r = await sendRun(emu, files.latency, LATENCY_MS);
    record(`send ${fmtN(n)} rows at ${LATENCY_MS} ms: sending phase (ms)`, r.phase, 'ms');
    record(`send ${fmtN(n)} rows at ${LATENCY_MS} ms: whole process (ms)`, r.wall, 'ms');
    record(`sending phase ÷ bound ${fmtN(Math.ceil(n / (BATCH * CONCURRENCY)))} × ${LATENCY_MS} ms`, r.phase / bound, '×', 2);
  }
  target(`sending phase ÷ bound ${fmtN(Math.ceil(n / (BATCH * CONCURRENCY)))} × ${LATENCY_MS} ms`, '≤ 1.15', (m) => m <= 1.15);

  // The floor under that ratio: one request of 50 signers, alone, from a bare node:http
  // client with no journal, takes the latency plus the emulator's own work on it.
  await emu.reset(LATENCY_MS);
  const rtts = [];
  for (let i = 0; i < (QUICK ? 10 : 30); i++) rtts.push(await loneRequest(emu, i));
  record(`one 1410Q of ${BATCH} alone, bare client: round trip ÷ ${LATENCY_MS} ms`, median(rtts) / LATENCY_MS, '×', 2);
  await emu.reset(0);
}

/** POSTs one valid 1410Q of BATCH signers with node:http; resolves with the round trip in ms. */
function loneRequest(emu, i) {
  const players = Array.from({ length: BATCH }, (_, k) => ({
    memb_id_type: 'EMail',
    email: `lone${i}-${k}@example.co.kr`,
    name: '김민준',
    language: 'ko-KR',
    enable_mobile_cert: 'false',
    mobile_number: '01012345678',
    enable_password_cert: 'false',
    password_hint: '',
    password: '',
    field_list: ['amount', 'start_date', 'department', 'position'].map((field_name) => ({ doc_id: emu.env.ESIGNON_DOC_ID, field_name, field_value: '영업부' })),
  }));
  const body = JSON.stringify({
    header: { request_code: '1410Q', request_msg: 'bench', session_id: `bench-lone-${i}`, version: '1.1.57' },
    // As the current page has it: a body-level title (the signers have none of their own), enable_legal_agreement.
    body: {
      comp_id: emu.env.ESIGNON_COMP_ID,
      biz_id: '0',
      memb_email: emu.env.ESIGNON_MEMB_EMAIL,
      workflow_name: '근로계약서 (bench)',
      workflow_lib_id: emu.env.ESIGNON_WORKFLOW_LIB_ID,
      unset_player_list: players,
      comment: '',
      enable_legal_agreement: 'false',
    },
  });
  const url = new URL('/JEDOC/Common.do', emu.url);
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(url, {
      method: 'POST',
      agent: loneAgent,
      headers: { 'content-type': 'application/json', 'user-agent': 'esignonapi', authorization: `esignon ${emu.env.ESIGNON_TOKEN}`, 'content-length': Buffer.byteLength(body) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => {
        const rtt = performance.now() - started;
        const code = JSON.parse(text)?.header?.result_code;
        if (code !== '00') reject(new Error(`lone 1410Q answered ${code}: ${text.slice(0, 300)}`));
        else resolve(rtt);
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function newman(emu, files) {
  const n = N.newman;
  progress(`Newman vs esignon-bulk: ${fmtN(n)} signers at ${NEWMAN_LATENCY_MS} ms latency × ${NEWMAN_RUNS}`);
  const vars = [
    ['baseUrl', emu.url],
    ['token', emu.env.ESIGNON_TOKEN],
    ['comp_id', emu.env.ESIGNON_COMP_ID],
    ['memb_email', emu.env.ESIGNON_MEMB_EMAIL],
    ['workflow_lib_id', emu.env.ESIGNON_WORKFLOW_LIB_ID],
    ['doc_id', emu.env.ESIGNON_DOC_ID],
  ].flatMap(([k, v]) => ['--env-var', `${k}=${v}`]);
  for (let i = 0; i < NEWMAN_RUNS; i++) {
    await emu.reset(NEWMAN_LATENCY_MS);
    const postman = check(await runNode([NEWMAN, 'run', COLLECTION, '-d', files.newman, '--silent', ...vars]), 'newman');
    // esignon-bulk as a user runs it: default batch size and concurrency, everything on.
    await emu.reset(NEWMAN_LATENCY_MS);
    const out = join(work, `newman-esignon-${i}.csv`);
    const ours = check(await runNode([BIN, 'send', files.newman, '--yes', '--quiet', '--again', '--out', out], { env: emu.env }), 'esignon-bulk send');
    rmSync(out, { force: true });
    rmSync(`${out}.journal`, { force: true });
    record(`Newman, ${fmtN(n)} signers (s)`, postman.wall / 1000, 's', 2);
    record(`esignon-bulk send, ${fmtN(n)} signers (s)`, ours.wall / 1000, 's', 2);
    record('esignon-bulk speed-up over Newman', postman.wall / ours.wall, '×', 1);
  }
  target('esignon-bulk speed-up over Newman', '≥ 20', (m) => m >= 20);
}

// ------------------------------------------------------------------ the table

// ------------------------------------------------------------------ .xlsx (issue 14)

/**
 * An .xlsx signer sheet laid out as Excel saves one (every text in the shared strings
 * table, which a reader must hold, written after the sheet): validate reads it, and
 * send writes its results as a workbook, both in flat memory.
 */
async function xlsx(emu) {
  const n = QUICK ? 5_000 : 100_000;
  const book = join(work, `signers-${n}.xlsx`);
  const { default: ExcelJS } = await import('exceljs');
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: book, useSharedStrings: true, useStyles: true });
  const sheet = writer.addWorksheet('signers');
  sheet.addRow(HEADER.split(',')).commit();
  for (let i = 1; i <= n; i++) {
    const cells = signerRow(i).trimEnd().split(',');
    cells[7] = Number(cells[7]); // the amount: a number, as Excel keeps it
    sheet.addRow(cells).commit();
    if (i % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  sheet.commit();
  await writer.commit();
  progress(`xlsx: validate ${fmtN(n)} rows, and send them with results as .xlsx, × ${RUNS}`);
  for (let i = 0; i < RUNS; i++) {
    const v = check(await runNode([BIN, 'validate', book, '--quiet'], { env: { ESIGNON_DOC_ID: 'SANDBOX-DOC-1' }, rss: true }), 'validate (.xlsx)');
    record(`validate .xlsx ${fmtN(n)} rows (rows/s)`, n / (v.wall / 1000), 'rows/s');
    record(`validate .xlsx peak RSS, ${fmtN(n)} rows (MB)`, v.rssMb, 'MB', 1);
    await emu.reset(0);
    const out = join(work, `results-${++sequence}.xlsx`);
    const s = check(
      await runNode([BIN, 'send', book, '--yes', '--quiet', '--again', '--out', out, '--batch-size', String(BATCH), '--concurrency', String(CONCURRENCY)], { env: emu.env, rss: true }),
      'send (.xlsx, results .xlsx)',
    );
    record(`send .xlsx, results .xlsx, ${fmtN(n)} rows (signers/s)`, n / (s.wall / 1000), 'signers/s');
    record(`send .xlsx, results .xlsx, peak RSS, ${fmtN(n)} rows (MB)`, s.rssMb, 'MB', 1);
    rmSync(out, { force: true });
    rmSync(`${out}.journal`, { force: true });
  }
  target(`validate .xlsx peak RSS, ${fmtN(n)} rows (MB)`, '< 200', (m) => m < 200);
  target(`send .xlsx, results .xlsx, peak RSS, ${fmtN(n)} rows (MB)`, '< 200', (m) => m < 200);
}

/**
 * The private copy a send makes of its input (src/io/input-copy.ts), against what a send
 * did before: hash the file only. Both in a process of their own, timed inside it (start-up
 * is not theirs); the file is in the page cache for both, as it is after a send's first look.
 */
async function copy(files) {
  const n = N.sendBig;
  const script = join(work, 'copy-or-hash.mjs');
  const dist = (path) => JSON.stringify(pathToFileURL(join(ROOT, 'dist', path)).href);
  writeFileSync(
    script,
    `import { copyInput } from ${dist('io/input-copy.js')};\nimport { sha256File } from ${dist('jobs/send/plan.js')};\n` +
      `const started = performance.now();\n` +
      `if (process.argv[2] === 'copy') { const c = await copyInput(process.argv[3], 'bench'); console.log(performance.now() - started); await c.cleanup(); }\n` +
      `else { await sha256File(process.argv[3]); console.log(performance.now() - started); }\n`,
  );
  const size = statSync(files.copy).size;
  progress(`copy: the private copy of a ${fmtN(n)}-row input (${(size / 1e6).toFixed(0)} MB) against hashing it only × ${RUNS}`);
  for (let i = 0; i < RUNS; i++) {
    const hash = Number(check(await runNode([script, 'hash', files.copy]), 'hash only').stdout.trim());
    const made = Number(check(await runNode([script, 'copy', files.copy]), 'copy and hash').stdout.trim());
    record(`hash the ${fmtN(n)}-row input only, as before (ms)`, hash, 'ms');
    record(`copy and hash it, as now (ms)`, made, 'ms');
    record(`the copy's extra time (ms)`, made - hash, 'ms');
    record(`the copy's disk in TMPDIR while a send runs (MB)`, size / 1e6, 'MB', 0);
  }
}

// ------------------------------------------------------------------ download (issue 13)

/**
 * `download` of n completed documents (2n PDFs, their manifest), the emulator at 0 ms:
 * the documents are made by one 1410Q written here and signed through the emulator's
 * control endpoint, then downloaded into an empty folder (every file fetched, fsynced,
 * renamed) and once more into the full one (nothing fetched, every file hashed).
 */
async function download(emu) {
  const n = N.download;
  progress(`download: ${fmtN(n)} completed documents (${fmtN(2 * n)} files) × ${RUNS}`);
  await emu.reset(0);
  const players = Array.from({ length: n }, (_, k) => ({
    memb_id_type: 'EMail',
    email: `download${k + 1}@example.co.kr`,
    name: signerRow(k + 1).split(',')[0],
    language: 'ko-KR',
    workflow_name: `근로계약서 ${k + 1}`,
    enable_mobile_cert: 'false',
    mobile_number: '',
    enable_password_cert: 'false',
    password_hint: '',
    password: '',
    field_list: [{ doc_id: emu.env.ESIGNON_DOC_ID, field_name: 'amount', field_value: String(1000 + k) }],
  }));
  const res = await fetch(new URL('/JEDOC/Common.do', emu.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `esignon ${emu.env.ESIGNON_TOKEN}` },
    body: JSON.stringify({
      header: { request_code: '1410Q', request_msg: 'bench', session_id: 'bench-download', version: '1.1.57' },
      body: {
        comp_id: emu.env.ESIGNON_COMP_ID,
        biz_id: '0',
        memb_email: emu.env.ESIGNON_MEMB_EMAIL,
        workflow_lib_id: emu.env.ESIGNON_WORKFLOW_LIB_ID,
        workflow_name: '근로계약서',
        unset_player_list: players,
        comment: '',
        enable_legal_agreement: 'false',
      },
    }),
  });
  const answer = await res.json();
  if (answer?.header?.result_code !== '00') throw new Error(`download setup: 1410Q answered ${JSON.stringify(answer).slice(0, 300)}`);
  const list = answer.body.workflow_list;
  for (let i = 0; i < list.length; i += 50) {
    await Promise.all(
      list.slice(i, i + 50).map(async (w) => {
        const r = await fetch(`${emu.url}/__emulator/documents/${w.workflow_id}/sign`, { method: 'POST' });
        if (!r.ok) throw new Error(`download setup: sign ${w.workflow_id}: HTTP ${r.status}`);
      }),
    );
  }
  const results = join(work, 'download.results.csv');
  const lines = ['row,line,name,contact,status,workflow_id,token,result,result_code,message,batch,session_id,sent_at'];
  list.forEach((w, k) => lines.push(`${k + 1},${k + 2},${w.unset_player_name},${w.unset_player_email},sent,${w.workflow_id},,OK,00,,1,bench-download,2026-01-01T00:00:00.000Z`));
  writeFileSync(results, '\uFEFF' + lines.join('\r\n') + '\r\n');

  for (let i = 0; i < RUNS; i++) {
    const dir = join(work, `download-${i}`);
    const args = [BIN, 'download', results, '--dir', dir, '--quiet', '--json'];
    const first = check(await runNode(args, { env: emu.env, rss: true }), 'download');
    const summary = JSON.parse(first.stdout);
    if (summary.files_downloaded !== 2 * n) throw new Error(`download fetched ${summary.files_downloaded} files, not ${2 * n}`);
    const again = check(await runNode(args, { env: emu.env, rss: true }), 'download (again)');
    if (JSON.parse(again.stdout).files_present !== 2 * n) throw new Error('the second download did not find every file');
    record(`download ${fmtN(n)} documents (${fmtN(2 * n)} PDFs), whole process (s)`, first.wall / 1000, 's', 2);
    record(`download ${fmtN(n)} documents: files/s`, (2 * n) / (first.wall / 1000), 'files/s');
    // On this shared machine the wall time is mostly waiting for a core: the CPU time says what it costs.
    record(`download ${fmtN(n)} documents: CPU time, user + system (s)`, first.cpuS, 's', 2);
    record(`download ${fmtN(n)} documents: peak RSS (MB)`, first.rssMb, 'MB', 1);
    record(`download again, all ${fmtN(2 * n)} files there (s)`, again.wall / 1000, 's', 2);
    rmSync(dir, { recursive: true, force: true });
  }
  target(`download ${fmtN(n)} documents: peak RSS (MB)`, '< 200', (m) => m < 200);
  await emu.reset(0);
}

// ------------------------------------------------------------------ status (issue 13)

/**
 * `status` of a run of n documents (n = 10,000 in the full run), the emulator at 0 ms:
 * the run is sent first (not measured) and some documents signed; then `status` reads
 * it through the search (5009Q), counted by the emulator's own request counts, and
 * once with the search down, when every document is looked up (GET workflows), for
 * what the search saves.
 */
async function statusGroup(emu) {
  const n = N.status;
  progress(`status: ${fmtN(n)} documents × ${RUNS}, and once with the search down`);
  await emu.reset(0);
  const input = writeSigners(join(work, `status-signers-${n}.csv`), n);
  const results = join(work, 'status.results.csv');
  // --again: with --quick the same signers as the 2k send above (the record of runs would refuse them).
  check(await runNode([BIN, 'send', input, '--yes', '--quiet', '--again', '--out', results, '--batch-size', '1000', '--concurrency', String(CONCURRENCY)], { env: emu.env }), 'send (status setup)');
  const ids = readFileSync(results, 'utf8').split('\r\n').slice(1, 1 + Math.ceil(n / 10)).map((l) => l.split(',')[5]);
  for (let i = 0; i < ids.length; i += 50) {
    await Promise.all(ids.slice(i, i + 50).map((id) => fetch(`${emu.url}/__emulator/documents/${id}/sign`, { method: 'POST' })));
  }
  const requests = async () => (await (await fetch(`${emu.url}/__emulator/state?documents=0`)).json()).requests.by_code;
  const spent = (before, after) => Object.entries(after).reduce((sum, [k, v]) => sum + v - (before[k] ?? 0), 0);
  const run = async (what) => {
    const before = await requests();
    const r = check(await runNode([BIN, 'status', results, '--quiet', '--json'], { env: emu.env, rss: true }), what);
    const summary = JSON.parse(r.stdout);
    if (summary.documents !== n || summary.checked !== n) throw new Error(`${what}: ${r.stdout.slice(0, 300)}`);
    return { ...r, summary, requests: spent(before, await requests()) };
  };
  for (let i = 0; i < RUNS; i++) {
    const r = await run('status');
    if (r.summary.found_by_search !== n) throw new Error(`status read ${r.summary.found_by_search} documents through the search, not ${n}`);
    record(`status ${fmtN(n)} documents, whole process (s)`, r.wall / 1000, 's', 2);
    record(`status ${fmtN(n)} documents: CPU time, user + system (s)`, r.cpuS, 's', 2);
    record(`status ${fmtN(n)} documents: peak RSS (MB)`, r.rssMb, 'MB', 1);
    record(`status ${fmtN(n)} documents: requests`, r.requests, 'requests');
  }
  await fetch(`${emu.url}/__emulator/faults`, { method: 'POST', body: JSON.stringify({ search_fail: true }) });
  const down = await run('status (search down)');
  record(`status ${fmtN(n)} documents, search down (one GET each) (s)`, down.wall / 1000, 's', 2);
  record(`status ${fmtN(n)} documents, search down: requests`, down.requests, 'requests');
  record(`status ${fmtN(n)} documents, search down: peak RSS (MB)`, down.rssMb, 'MB', 1);
  target(`status ${fmtN(n)} documents: requests`, '≤ 20', (m) => m <= 20);
  target(`status ${fmtN(n)} documents: peak RSS (MB)`, '< 200', (m) => m < 200);
  await emu.reset(0);
}

function fmtN(n) {
  return n >= 1_000_000 && n % 1_000_000 === 0 ? `${n / 1_000_000}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}
function fmt(v, digits) {
  return v === undefined || Number.isNaN(v) ? '—' : v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function table() {
  const rows = [['figure', 'median', 'min–max', 'target', 'result']];
  let failed = 0;
  for (const [name, f] of figures) {
    const values = f.values.filter((v) => typeof v === 'number' && !Number.isNaN(v));
    const m = values.length ? median(values) : NaN;
    const verdict = f.test ? (f.test(m) ? 'pass' : 'FAIL') : '';
    if (verdict === 'FAIL') failed++;
    rows.push([name, fmt(m, f.digits), `${fmt(Math.min(...values), f.digits)}–${fmt(Math.max(...values), f.digits)}`, f.target ?? '', verdict]);
  }
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r) => `| ${r.map((cell, c) => (c === 0 || c === 3 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`;
  const out = [line(rows[0]), `|${widths.map((w, c) => (c === 0 || c === 3 ? ':' : '-') + '-'.repeat(w) + (c === 0 || c === 3 ? '-' : ':')).join('|')}|`];
  for (const r of rows.slice(1)) out.push(line(r));
  return { text: out.join('\n'), failed };
}

// ------------------------------------------------------------------ main

async function main() {
  work = mkdtempSync(join(os.tmpdir(), 'esignon-bench-'));
  writeFileSync(
    join(work, 'maxrss.mjs'),
    `import { writeFileSync } from 'node:fs';\nprocess.on('exit', () => { const u = process.resourceUsage(); writeFileSync(process.env.BENCH_MAXRSS_FILE, \`\${u.userCPUTime / 1e6} \${u.systemCPUTime / 1e6} \${u.maxRSS}\`); });\n`,
  );
  const started = Date.now();
  let emu;
  const cleanup = async () => {
    loneAgent.destroy();
    await emu?.stop();
    if (!KEEP) rmSync(work, { recursive: true, force: true });
  };
  const onSignal = () => {
    void cleanup().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const files = {};
    const want = (g) => only.includes(g);
    const gen = (key, n) => {
      files[key] = join(work, `signers-${n}.csv`);
      if (!existsSync(files[key])) writeSigners(files[key], n);
    };
    if (want('validate')) gen('validateBig', N.validateBig), gen('validateSmall', N.validateSmall);
    if (want('send')) gen('sendBig', N.sendBig), gen('sendSmall', N.sendSmall);
    if (want('latency')) gen('latency', N.latency);
    if (want('newman')) gen('newman', N.newman);
    if (want('copy')) gen('copy', N.sendBig);
    progress(`inputs generated in ${work} (${((Date.now() - started) / 1000).toFixed(1)} s)`);

    if (want('startup')) await startup();
    if (want('validate')) await validate(files);
    if (want('send') || want('latency') || want('newman') || want('xlsx') || want('download') || want('status')) emu = await startEmulator();
    if (want('send')) await send(emu, files);
    if (want('latency')) await latency(emu, files);
    if (want('newman')) await newman(emu, files);
    if (want('xlsx')) await xlsx(emu);
    if (want('copy')) await copy(files);
    if (want('download')) await download(emu);
    if (want('status')) await statusGroup(emu);
  } finally {
    await cleanup();
  }

  const cpus = os.cpus();
  const { text, failed } = table();
  const header = [
    `esignon-bulk bench${QUICK ? ' --quick' : ''} — ${new Date().toISOString().slice(0, 10)}`,
    `CPU: ${cpus[0]?.model.trim() ?? 'unknown'} × ${os.availableParallelism?.() ?? cpus.length} · Node ${process.version} · ${os.platform()} ${os.release()}`,
    `runs: ${RUNS} interleaved (start-up ${STARTUP_RUNS}) · peak RSS via ${RSS_METHOD === 'time' ? '/usr/bin/time -f %M' : 'process.resourceUsage().maxRSS on exit'} · load average at the end ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`,
    `send: batch ${BATCH}, concurrency ${CONCURRENCY}, journal on (fsync), emulator in its own process · took ${((Date.now() - started) / 1000).toFixed(0)} s`,
  ];
  process.stdout.write(`${header.join('\n')}\n\n${text}\n\n`);
  if (failed > 0) {
    process.stdout.write(`${failed} target(s) not met${QUICK ? ' (quick mode: sizes too small to judge; not an error)' : ''}\n`);
    if (!QUICK) process.exitCode = 1;
  } else {
    process.stdout.write('every target met\n');
  }
}

await main();
