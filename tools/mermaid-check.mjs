// Parses every ```mermaid block of Markdown files with the real Mermaid
// parser (the one GitHub and GitLab render with), so a journey diagram that
// would show "Syntax error in text" is caught before anyone opens it.
//
// Usage: node tools/mermaid-check.mjs [--json] FILE...
//
// FILE may be Markdown or an insta snapshot (.snap) of a Markdown document.
// Mermaid and jsdom are loaded from $MERMAID_CHECK_DIR (default
// $XDG_CACHE_HOME/journeymap-mermaid or ~/.cache/journeymap-mermaid), where
// .ci/mermaid-check installs them; nothing is installed into the repository.
//
// Prints one line per block ("ok FILE #N: 3 sections, 12 tasks") or, with
// --json, one JSON document listing each block's title and tasks, with
// Mermaid's entity codes (#58;) decoded back to characters. Exits 1 when a
// block does not parse or a file has no block, 2 when Mermaid is missing.

import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { homedir } from 'node:os';
import { pathToFileURL } from 'node:url';

const cacheHome = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
const dir = process.env.MERMAID_CHECK_DIR || join(cacheHome, 'journeymap-mermaid');

function moduleEntry(name) {
  const pkgDir = join(dir, 'node_modules', name);
  const pkgFile = join(pkgDir, 'package.json');
  if (!existsSync(pkgFile)) {
    console.error(`mermaid-check: ${name} is not installed in ${dir} (run .ci/mermaid-check)`);
    process.exit(2);
  }
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  let entry = pkg.exports && pkg.exports['.'] && pkg.exports['.'].import;
  if (entry && typeof entry === 'object') entry = entry.default;
  return { pkgDir, entry: join(pkgDir, entry || pkg.module || pkg.main), version: pkg.version };
}

const args = process.argv.slice(2);
const json = args[0] === '--json';
const files = json ? args.slice(1) : args;
if (files.length === 0) {
  console.error('usage: node tools/mermaid-check.mjs [--json] FILE...');
  process.exit(2);
}

// Mermaid sanitises labels with DOMPurify, which needs a DOM.
const require = createRequire(join(dir, 'package.json'));
moduleEntry('jsdom');
const { JSDOM } = require('jsdom');
const dom = new JSDOM('<!doctype html><html><body></body></html>');
globalThis.window = dom.window;
globalThis.document = dom.window.document;

const mermaidModule = moduleEntry('mermaid');
const { default: mermaid } = await import(pathToFileURL(mermaidModule.entry).href);
mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

/// The ```mermaid blocks of a Markdown text (fences of 3 or more backticks).
function mermaidBlocks(text) {
  const blocks = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^ {0,3}(`{3,})\s*mermaid\s*$/.exec(lines[i]);
    if (!open) continue;
    const fence = open[1];
    const body = [];
    let j = i + 1;
    for (; j < lines.length; j++) {
      const close = /^ {0,3}(`{3,})\s*$/.exec(lines[j]);
      if (close && close[1].length >= fence.length) break;
      body.push(lines[j]);
    }
    blocks.push(body.join('\n') + '\n');
    i = j;
  }
  return blocks;
}

/// Mermaid keeps entity codes as placeholders until it draws; turn them
/// back into the characters a reader sees.
function decode(text) {
  return text
    .replace(/\uFB02\u00B0\u00B0(\d+)\u00B6\u00DF/g, (_, n) => String.fromCodePoint(Number(n)))
    .replace(/\uFB02\u00B0(\w+)\u00B6\u00DF/g, (_, name) => `&${name};`);
}

/// What the block's own lines say the parser must find: journeyMap's
/// exports write `title`, `section` and task lines with `:` only as the
/// separator, so a parser result that differs means some text was taken
/// as syntax (a keyword, a comment, a separator).
function expected(block) {
  const want = { titles: 0, sections: [], tasks: [] };
  for (const raw of block.split('\n')) {
    const line = raw.trim();
    if (line === '' || line === 'journey') continue;
    if (line.startsWith('title ')) { want.titles++; continue; }
    if (line.startsWith('section ')) { want.sections.push(line.slice(8)); continue; }
    const parts = line.split(':');
    want.tasks.push({
      parts: parts.length,
      task: parts[0].trim(),
      score: Number(parts[1]),
      people: parts.length > 2 ? parts[2].split(',').length : 0,
    });
  }
  return want;
}

/// Differences between the parse and the block's lines, in words.
function mismatches(block, entry) {
  const want = expected(block);
  const out = [];
  if (want.titles !== 1) out.push(`${want.titles} title lines`);
  if (want.sections.length !== entry.sections.length) {
    out.push(`${want.sections.length} section lines but ${entry.sections.length} sections parsed`);
  }
  if (want.tasks.length !== entry.tasks.length) {
    out.push(`${want.tasks.length} task lines but ${entry.tasks.length} tasks parsed`);
  }
  want.tasks.forEach((w, i) => {
    const got = entry.tasks[i];
    if (!got) return;
    if (w.parts < 2 || w.parts > 3) out.push(`task line ${i + 1} has ${w.parts - 1} ':' separators`);
    if (!Number.isInteger(got.score) || got.score < 1 || got.score > 5) {
      out.push(`task ${i + 1} ("${got.task}") has score ${got.score}, not 1..5`);
    }
    if (got.score !== w.score) out.push(`task ${i + 1} score ${got.score}, line says ${w.score}`);
    if (got.people.length !== w.people) {
      out.push(`task ${i + 1} has ${got.people.length} actors, line lists ${w.people}`);
    }
  });
  return out;
}

let failed = false;
let okCount = 0;
const report = [];
for (const file of files) {
  const blocks = mermaidBlocks(readFileSync(file, 'utf8'));
  if (blocks.length === 0) {
    console.error(`FAIL ${file}: no mermaid block`);
    failed = true;
    continue;
  }
  for (const [n, block] of blocks.entries()) {
    try {
      await mermaid.parse(block);
      const diagram = await mermaid.mermaidAPI.getDiagramFromText(block);
      const db = diagram.db;
      const tasks = db.getTasks ? db.getTasks() : [];
      const entry = {
        file,
        block: n + 1,
        type: diagram.type,
        title: decode(db.getDiagramTitle ? db.getDiagramTitle() : ''),
        sections: (db.getSections ? db.getSections() : []).map(decode),
        tasks: tasks.map((t) => ({
          section: decode(t.section),
          task: decode(t.task.trim()),
          score: t.score,
          people: t.people.map((p) => decode(p.trim())),
        })),
      };
      report.push(entry);
      const wrong = mismatches(block, entry);
      if (wrong.length > 0) {
        failed = true;
        console.error(`FAIL ${file} #${n + 1}: parsed differently from its lines: ${wrong.join('; ')}`);
        continue;
      }
      okCount++;
      if (!json) {
        console.log(`ok ${file} #${n + 1}: ${diagram.type}, ${entry.sections.length} sections, ${entry.tasks.length} tasks`);
      }
    } catch (e) {
      failed = true;
      const message = String(e && e.message ? e.message : e).split('\n').slice(0, 4).join('\n  ');
      console.error(`FAIL ${file} #${n + 1}: ${message}`);
    }
  }
}
if (json) {
  console.log(JSON.stringify({ mermaid: mermaidModule.version, blocks: report }, null, 1));
} else {
  console.log(`mermaid ${mermaidModule.version}: ${okCount} blocks ok${failed ? ', some FAILED' : ''}`);
}
process.exit(failed ? 1 : 0);
