/**
 * Starts pouchdb-server (same arguments) with one bug of its validation plugin fixed:
 * pouchdb-validation's `validate` overwrites the incoming document's `_revisions` with the stored
 * document's, so a replicated update or deletion (`_bulk_docs` with `new_edits: false`) of a
 * document that exists is answered as written but silently dropped whenever the database has a
 * `validate_doc_update` (pouchdb/pouchdb-server#419, fix proposed in #420). Apache CouchDB keeps
 * such writes; the tests and the bench need a server that keeps what it acknowledges.
 * As #420 does, the validation functions get a copy: the module is compiled from its own source
 * with that one line changed, and the start fails if the line is not there.
 */
import Module, { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const load = createRequire(import.meta.url);
const validationPath = load.resolve('pouchdb-validation', { paths: [dirname(load.resolve('express-pouchdb'))] });
const BUG = 'newDoc._revisions = (oldDoc || {})._revisions;';
const FIX = 'newDoc = Object.assign({}, newDoc, { _revisions: (oldDoc || {})._revisions });';
const source = readFileSync(validationPath, 'utf8');
if (!source.includes(BUG)) throw new Error(`${validationPath}: the line this launcher fixes is not there (pouchdb/pouchdb-server#419)`);
const fixed = new Module(validationPath);
fixed.filename = validationPath;
fixed.paths = Module._nodeModulePaths(dirname(validationPath));
fixed._compile(source.replace(BUG, FIX), validationPath);
fixed.loaded = true;
load.cache[validationPath] = fixed;

load('pouchdb-server/bin/pouchdb-server');
