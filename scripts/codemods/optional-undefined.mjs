#!/usr/bin/env node
// @ts-check
// Codemod: every optional property of an interface or type literal also accepts `undefined`
// (`readonly x?: T` becomes `readonly x?: T | undefined`), so consumers compiling with
// `exactOptionalPropertyTypes` (what `tsc --init` gives since TypeScript 5.9/7) can pass `T | undefined`.
//
//   node scripts/codemods/optional-undefined.mjs [--check] [PATH ...]   (default PATH: lib)
//
// Deterministic and idempotent: a property whose type already has an `undefined` member is left alone, files are
// visited in sorted order, and a second run changes nothing. Function, conditional and constructor types are
// parenthesized before `| undefined` is added. Generated files (`*.generated.ts`, `imports/`) are skipped.
// With --check nothing is written; the exit code is 1 when a file would change (for CI).
import { readFileSync, readdirSync, statSync, writeFileSync } from 'fs';
import * as path from 'path';
import ts from 'typescript';

/** @param {string} root @returns {string[]} the `.ts` files under root (a file is returned as is), sorted */
function tsFiles(root) {
  if (statSync(root).isFile()) return [root];
  /** @type {string[]} */
  const out = [];
  for (const entry of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && entry.name !== 'imports') out.push(...tsFiles(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') && !entry.name.endsWith('.generated.ts')) {
      out.push(full);
    }
  }
  return out;
}

/** @param {ts.TypeNode} type @returns {boolean} whether `undefined` is already one of the union's members */
function acceptsUndefined(type) {
  if (type.kind === ts.SyntaxKind.UndefinedKeyword) return true;
  if (ts.isLiteralTypeNode(type) && type.literal.kind === ts.SyntaxKind.UndefinedKeyword) return true;
  if (ts.isParenthesizedTypeNode(type)) return acceptsUndefined(type.type);
  if (ts.isUnionTypeNode(type)) return type.types.some(acceptsUndefined);
  // `any` and `unknown` already include undefined.
  return type.kind === ts.SyntaxKind.AnyKeyword || type.kind === ts.SyntaxKind.UnknownKeyword;
}

/** @param {ts.TypeNode} type @returns {boolean} whether `T | undefined` would bind wrongly without parentheses */
function needsParens(type) {
  return (
    ts.isFunctionTypeNode(type) ||
    ts.isConstructorTypeNode(type) ||
    ts.isConditionalTypeNode(type) ||
    ts.isInferTypeNode(type)
  );
}

/**
 * One pass: the edits of the properties that lack `undefined`, innermost first, skipping an edit that encloses one
 * already taken (its text changes; the next pass sees the new text).
 * @param {string} fileName
 * @param {string} text
 * @returns {{ text: string, count: number }}
 */
function onePass(fileName, text) {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  /** @type {Array<{ start: number, end: number, replacement: string }>} */
  const edits = [];
  /** @param {ts.Node} node */
  const visit = (node) => {
    ts.forEachChild(node, visit);
    if (ts.isPropertySignature(node) && node.questionToken && node.type && !acceptsUndefined(node.type)) {
      const start = node.type.getStart(source);
      const end = node.type.getEnd();
      if (edits.some((e) => e.start >= start && e.end <= end)) return;
      const original = text.slice(start, end);
      edits.push({ start, end, replacement: `${needsParens(node.type) ? `(${original})` : original} | undefined` });
    }
  };
  visit(source);
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) {
    out = out.slice(0, edit.start) + edit.replacement + out.slice(edit.end);
  }
  return { text: out, count: edits.length };
}

/**
 * @param {string} fileName
 * @param {string} text
 * @returns {{ text: string, count: number }} the rewritten source and how many properties changed
 */
export function addUndefinedToOptionalProperties(fileName, text) {
  let current = { text, count: 0 };
  for (;;) {
    const next = onePass(fileName, current.text);
    if (next.count === 0) return current;
    current = { text: next.text, count: current.count + next.count };
  }
}

function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const roots = args.filter((a) => a !== '--check');
  let changedFiles = 0;
  let changedProps = 0;
  for (const file of (roots.length > 0 ? roots : ['lib']).flatMap(tsFiles)) {
    const text = readFileSync(file, 'utf8');
    const result = addUndefinedToOptionalProperties(file, text);
    if (result.count === 0) continue;
    changedFiles += 1;
    changedProps += result.count;
    console.log(
      `${check ? 'would change' : 'changed'} ${file}: ${result.count} optional propert${result.count === 1 ? 'y' : 'ies'}`,
    );
    if (!check) writeFileSync(file, result.text);
  }
  console.log(
    `${changedProps} optional properties in ${changedFiles} files ${check ? 'lack' : 'now accept'} undefined`,
  );
  if (check && changedFiles > 0) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) main();
