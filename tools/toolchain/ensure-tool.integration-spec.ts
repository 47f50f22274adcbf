import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { PinnedTool } from './tools';

/**
 * ensureTool in a scratch PROJECT_TOOLS_DIR, with a fake tool entry. `go` is a small script put first on
 * PATH that answers `go version` and "builds" a binary into GOBIN (recording how it was called), so each
 * outcome of a first run is reproduced offline and in milliseconds; one case uses the real Go to show what
 * a failed `go install` reports.
 */
const scratch = mkdtempSync(path.join(tmpdir(), 'ensure-tool-'));
const toolsDir = path.join(scratch, 'tools');
const fakeBin = path.join(scratch, 'bin');
const emptyBin = path.join(scratch, 'empty-bin');
const calls = path.join(scratch, 'go-calls.log');
const moduleDir = path.join(scratch, 'mod', 'example.com', 'fake@v1.0.0');

const FAKE_GO = `#!/bin/sh
[ "$1" = version ] && { echo "go version go1.26.0 fake"; exit 0; }
# A module whose go.mod has replace directives: downloaded, then the command built inside it.
[ "$1" = mod ] && { echo "$*" >> "${calls}"; mkdir -p "${moduleDir}"; echo '{"Dir": "${moduleDir}"}'; exit 0; }
if [ "$1" = build ]; then
  echo "$* in $PWD GOFLAGS=$GOFLAGS" >> "${calls}"
  printf '#!/bin/sh\\necho built in module\\n' > "$3"; chmod +x "$3"; exit 0
fi
shift
echo "$* GOFLAGS=$GOFLAGS" >> "${calls}"
for arg; do target=$arg; done
case "$target" in
  *broken*) echo "go: $target: module not found" >&2; exit 1 ;;
  *silent*) exit 3 ;;
esac
# FAKE_GO_RACE: another process finished the same install first and renamed its build into place.
[ -n "$FAKE_GO_RACE" ] && { mkdir -p "$FAKE_GO_RACE"; printf '#!/bin/sh\\necho racer\\n' > "$FAKE_GO_RACE/fake-tool"; chmod +x "$FAKE_GO_RACE/fake-tool"; }
printf '#!/bin/sh\\necho built\\n' > "$GOBIN/fake-tool"
chmod +x "$GOBIN/fake-tool"
`;

const tool = (overrides: Partial<PinnedTool> = {}): Record<string, PinnedTool> => ({
  helm: { goPackage: 'example.com/fake/cmd/fake-tool', version: 'v1.0.0', binary: 'fake-tool', ...overrides },
});

let ensureTool: typeof import('./ensure-tool').ensureTool;
let toolPath: typeof import('./ensure-tool').toolPath;
let TOOLS_DIR: string;
let ToolUnavailableError: typeof import('./ensure-tool').ToolUnavailableError;
const saved = {
  PATH: process.env.PATH,
  GOFLAGS: process.env.GOFLAGS,
  PROJECT_TOOLS_DIR: process.env.PROJECT_TOOLS_DIR,
};

beforeAll(async () => {
  mkdirSync(fakeBin, { recursive: true });
  mkdirSync(emptyBin, { recursive: true });
  writeFileSync(path.join(fakeBin, 'go'), FAKE_GO);
  chmodSync(path.join(fakeBin, 'go'), 0o755);
  // TOOLS_DIR is read once, when the module loads.
  process.env.PROJECT_TOOLS_DIR = toolsDir;
  ({ ensureTool, toolPath, TOOLS_DIR, ToolUnavailableError } = await import('./ensure-tool'));
});

beforeEach(() => {
  rmSync(toolsDir, { recursive: true, force: true });
  rmSync(calls, { force: true });
  process.env.PATH = `${fakeBin}:${saved.PATH}`;
  delete process.env.GOFLAGS;
  delete process.env.FAKE_GO_RACE;
});

afterAll(() => {
  for (const [key, value] of Object.entries(saved))
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  delete process.env.FAKE_GO_RACE;
  rmSync(scratch, { recursive: true, force: true });
});

const goCalls = () => (existsSync(calls) ? execFileSync('cat', [calls], { encoding: 'utf8' }).trim().split('\n') : []);
const leftovers = () => readdirSync(toolsDir).filter((name) => name.includes('.partial-'));

it('uses PROJECT_TOOLS_DIR, one folder per tool and version', () => {
  expect(TOOLS_DIR).toBe(toolsDir);
  expect(toolPath('helm')).toMatch(new RegExp(`^${toolsDir}/helm@v\\d+\\.\\d+\\.\\d+/helm$`));
  expect(toolPath('helm', tool())).toBe(path.join(toolsDir, 'helm@v1.0.0', 'fake-tool'));
});

it('builds the tool on first use with the default GOFLAGS, and renames the build into place', async () => {
  const lines: string[] = [];
  const binary = await ensureTool('helm', { tools: tool(), log: (line) => lines.push(line) });
  expect(binary).toBe(path.join(toolsDir, 'helm@v1.0.0', 'fake-tool'));
  expect(execFileSync(binary, { encoding: 'utf8' })).toBe('built\n');
  expect(goCalls()).toEqual(['example.com/fake/cmd/fake-tool@v1.0.0 GOFLAGS=-mod=mod']);
  expect(lines).toEqual(['building helm v1.0.0 with go install (first run only)...']);
  expect(leftovers()).toEqual([]);
});

it('passes the entry’s build flags and an operator’s GOFLAGS through to go install', async () => {
  process.env.GOFLAGS = '-trimpath';
  await ensureTool('helm', { tools: tool({ goFlags: ['-tags', 'fake'] }) });
  expect(goCalls()).toEqual(['-tags fake example.com/fake/cmd/fake-tool@v1.0.0 GOFLAGS=-trimpath']);
});

it('builds a command inside its downloaded module when the module needs its own replace directives', async () => {
  const lines: string[] = [];
  const entry = tool({ buildInModule: 'example.com/fake', goPackage: 'example.com/fake/cmd/fake-tool' });
  const binary = await ensureTool('helm', { tools: entry, log: (line) => lines.push(line) });
  expect(execFileSync(binary, { encoding: 'utf8' })).toBe('built in module\n');
  const staged = /-o (\S+)\/fake-tool/.exec(goCalls()[1])?.[1];
  expect(goCalls()).toEqual([
    'mod download -json example.com/fake@v1.0.0',
    `build -o ${staged}/fake-tool ./cmd/fake-tool in ${moduleDir} GOFLAGS=-mod=readonly`,
  ]);
  expect(lines).toEqual(['building helm v1.0.0 with go build (first run only)...']);
  expect(leftovers()).toEqual([]);
});

it('reuses an installed tool without needing Go', async () => {
  await ensureTool('helm', { tools: tool() });
  process.env.PATH = emptyBin;
  await expect(ensureTool('helm', { tools: tool() })).resolves.toBe(path.join(toolsDir, 'helm@v1.0.0', 'fake-tool'));
  expect(goCalls()).toHaveLength(1);
});

it('keeps the build another process put in place first, and leaves no staging folder', async () => {
  process.env.FAKE_GO_RACE = path.join(toolsDir, 'helm@v1.0.0');
  const binary = await ensureTool('helm', { tools: tool() });
  expect(execFileSync(binary, { encoding: 'utf8' })).toBe('racer\n');
  expect(leftovers()).toEqual([]);
});

it('names what to install when Go is not on PATH', async () => {
  process.env.PATH = emptyBin;
  const attempt = ensureTool('helm', { tools: tool() });
  await expect(attempt).rejects.toBeInstanceOf(ToolUnavailableError);
  await expect(attempt).rejects.toThrow(
    `helm v1.0.0 is needed and Go is not installed: install Go 1.26+ (https://go.dev/dl/), ` +
      `or put fake-tool v1.0.0 at ${path.join(toolsDir, 'helm@v1.0.0', 'fake-tool')}.`,
  );
  expect(existsSync(toolsDir)).toBe(false);
  // The pinned entries by default: what `npm run tools` or a helm test says on a machine without Go.
  await expect(ensureTool('helm')).rejects.toThrow(/^helm v[\d.]+ is needed and Go is not installed: .* or put helm v/);
});

it('reports what go install printed when the build fails, and leaves nothing half-built', async () => {
  const attempt = ensureTool('helm', { tools: tool({ goPackage: 'example.com/broken' }) });
  await expect(attempt).rejects.toBeInstanceOf(ToolUnavailableError);
  await expect(attempt).rejects.toThrow(
    'go install example.com/broken@v1.0.0 failed:\ngo: example.com/broken@v1.0.0: module not found',
  );
  expect(readdirSync(toolsDir)).toEqual([]);
});

it('names the failed command and exit status when go install fails without a word', async () => {
  await expect(ensureTool('helm', { tools: tool({ goPackage: 'example.com/silent' }) })).rejects.toThrow(
    /go install example\.com\/silent@v1\.0\.0 failed:\nError: Command failed: go install example\.com\/silent@v1\.0\.0/,
  );
});

it("passes on the real Go's reason for a module it cannot fetch", async () => {
  process.env.PATH = saved.PATH;
  // GOPROXY=off keeps the real Go offline: the lookup fails at once, as it would for a module that does not exist.
  const offline = { GOPROXY: process.env.GOPROXY, GOPATH: process.env.GOPATH };
  process.env.GOPROXY = 'off';
  process.env.GOPATH = path.join(scratch, 'gopath');
  try {
    await expect(
      ensureTool('helm', { tools: tool({ goPackage: 'example.invalid/bogus/cmd/bogus', version: 'v0.0.1' }) }),
    ).rejects.toThrow(/go install example\.invalid\/bogus\/cmd\/bogus@v0\.0\.1 failed:\n.*GOPROXY=off/s);
  } finally {
    for (const [key, value] of Object.entries(offline))
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
  }
  expect(readdirSync(toolsDir)).toEqual([]);
});
