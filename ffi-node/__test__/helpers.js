'use strict'
// Shared helpers: the repository root and the shared conformance vectors.
const fs = require('node:fs')
const path = require('node:path')

const ROOT = path.resolve(__dirname, '..', '..')

function loadVectors(name) {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'testdata', 'vectors', name), 'utf8'))
}

module.exports = { ROOT, loadVectors }
